from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Return, ReturnEvent, Target


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ("contract", "financial_year", "indicator", "value")
    list_filter = ("financial_year",)
    search_fields = ("contract__ref", "indicator")
    list_select_related = ("contract",)


class ReturnEventInline(admin.TabularInline):
    model = ReturnEvent
    fields = ("at", "action", "from_status", "to_status", "by", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Return)
class ReturnAdmin(admin.ModelAdmin):
    """To look at returns. Every change goes through the workflow's pages (which check roles,
    lock and write history); the database refuses changes to an approved return anyway."""

    list_display = ("contract", "financial_year", "period", "status", "due_date")
    list_filter = ("status", "financial_year", "period")
    search_fields = ("contract__ref",)
    list_select_related = ("contract",)
    inlines = [ReturnEventInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
