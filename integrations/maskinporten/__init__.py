"""Maskinporten: JWT grant, token client, shared token cache, signing credentials."""
