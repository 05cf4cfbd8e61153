from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contract, ImportRun, Organisation, Session, User, YoungPerson


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "organisation"]
    list_filter = ["role", "organisation"]
    list_select_related = ["organisation"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        ("Tamar", {"fields": ["organisation", "role"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        ("Tamar", {"fields": ["email", "first_name", "last_name", "organisation", "role"]}),
    ]


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = [
        "ref",
        "title",
        "framework",
        "commissioner",
        "provider",
        "start_date",
        "end_date",
        "annual_value",
    ]
    list_filter = ["framework", "commissioner", "provider"]
    list_select_related = ["commissioner", "provider"]
    search_fields = ["ref", "title"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Who imported which file, when and how it went: a log, never edited."""

    list_display = ["started_at", "contract", "user", "file_name", "outcome", "problem_count"]
    list_filter = ["outcome", "contract"]
    list_select_related = ["contract", "user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(YoungPerson)
class YoungPersonAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "first_name", "last_name", "date_of_birth", "locality", "contract"]
    list_filter = ["contract"]
    list_select_related = ["contract"]
    search_fields = ["ref", "first_name", "last_name"]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "date", "session_type", "title", "duration_hours", "contract"]
    list_filter = ["contract", "session_type"]
    list_select_related = ["contract"]
    search_fields = ["ref", "title"]
    date_hierarchy = "date"
