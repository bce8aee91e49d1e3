from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from zhaoshang.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "zone", "division", "is_active"]
    list_filter = ["role", "zone", "is_active"]
    search_fields = ["username", "full_name", "phone"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("园区与角色", {"fields": ["full_name", "phone", "role", "zone", "division"]}),
    ]
    autocomplete_fields = ["division"]
