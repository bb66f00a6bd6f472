"""Outbound integrations: Maskinporten tokens and Skatteetaten's Summert skattegrunnlag V2.

The only public face for the rest of the product is :mod:`integrations.service`.
"""
