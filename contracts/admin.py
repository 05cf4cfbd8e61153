from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contract, Organisation, User


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
