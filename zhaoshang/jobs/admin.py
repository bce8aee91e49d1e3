from django.contrib import admin

from zhaoshang.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "zone", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    exclude = ["data"]
