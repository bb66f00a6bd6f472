"""Klage (appeal) on a vedtak, forvaltningsloven §§ 28–36 and § 42: a feature package with its own app
(label ``klage``) that plugs into the core through ``cases.hooks``; the core never imports it."""
