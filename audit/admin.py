"""The audit in /admin/: to read, never to add, change or delete (the database refuses the
last two anyway)."""

from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "kind", "url_name", "status_code", "ip_address")
    list_filter = ("kind",)
    search_fields = ("username", "url_name", "path", "detail")
    date_hierarchy = "at"
    list_select_related = ("user",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
