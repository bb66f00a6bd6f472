"""Caseworker views: thin, scoped to the user's municipalities, writes delegated to services."""
