"""The Django admin of the cases app: one module per area, all under the role table of docs/security.md.

- ``scoping``: the role table in code (``ScopedAdmin``, ``ReadOnlyAdmin``, ``GlobalTableAdmin``, inlines).
  Every admin class of the project derives from these; none uses Django's model permissions.
- ``organisation``: kommuner, makspris zones, users, memberships (roles), groups.
- ``people``: persons (masked), households, applications and children (read-only, written by intake).
- ``casework``: cases, vedtak (with the calculation table) and the audit log (read-only).
- ``tax``: tax basis and documented income (read-only, masked, every view audited).
- ``parameters``: the dated legal parameters (global table).
- ``kommune_choices``: the kommune's own dated rule choices (SFO order, SFO sibling discount, moderasjon).

A new area gets its own module here (for example ``kommune_choices.py`` for a kommune's own choices:
derive from ``ScopedAdmin`` with ``municipality_path`` and the two action sets) and one line below.
"""
from django.contrib import admin

from . import casework, kommune_choices, organisation, parameters, people, tax  # noqa: F401  (registers the admins)

admin.site.site_header = "Skattedeling – administrasjon"
admin.site.site_title = "Skattedeling"
admin.site.index_title = "Administrasjon"
