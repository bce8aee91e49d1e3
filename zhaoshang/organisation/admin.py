from django.contrib import admin

from zhaoshang.organisation.models import (
    Department,
    ExchangeRate,
    Team,
    TeamMembership,
    TeamQuota,
    Zone,
)


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "division"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["division"]


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0


class QuotaInline(admin.TabularInline):
    model = TeamQuota
    extra = 0


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "zone", "kind", "department", "is_active"]
    list_filter = ["zone", "kind"]
    inlines = [MembershipInline, QuotaInline]


admin.site.register(Department)
admin.site.register(ExchangeRate)
