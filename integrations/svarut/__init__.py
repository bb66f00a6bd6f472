"""KS Fiks SvarUt: the REST client (API v2 behind :class:`client.SvarUtClient`), its configuration and errors.

The cases app never imports this package; it uses ``integrations.service`` (send_letter, letter_status).
"""
