from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Target


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ("contract", "financial_year", "indicator", "value")
    list_filter = ("financial_year",)
    search_fields = ("contract__ref", "indicator")
    list_select_related = ("contract",)
