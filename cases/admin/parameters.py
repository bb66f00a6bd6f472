"""Admin for the dated legal parameters (makspris, income limits, percentages): a global table.

Only the system administrator changes it; kommune administrators read it (the rules are national).
"""
from django.contrib import admin

from cases import models as m

from .scoping import GlobalTableAdmin


@admin.register(m.LegalParameter)
class LegalParameterAdmin(GlobalTableAdmin):
    list_display = ["key", "qualifier", "valid_from", "valid_to", "value", "verified", "source"]
    list_filter = ["key", "verified"]
    search_fields = ["key", "qualifier", "source", "note"]
    # Django renders and accepts the list form only with change permission (the operator's).
    list_editable = ["verified"]
