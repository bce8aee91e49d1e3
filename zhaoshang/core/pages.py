"""The home page: a zone's day at a glance, or every zone for a city or province viewer."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from zhaoshang.accounts.access import home_zone, visible_zones
from zhaoshang.changelog.models import ChangeRecord
from zhaoshang.projects import selectors


@login_required
def home(request):
    user = request.user
    today = timezone.localdate()
    projects = selectors.visible_projects(user)
    interactions = selectors.visible_interactions(user)
    zones = visible_zones(user)
    context = {
        "zone": home_zone(user),
        "year": today.year,
        "figures": selectors.year_figures(projects, interactions, today.year, today),
        "funnel": selectors.stage_funnel(projects),
        "recent_events": selectors.recent_events(projects),
        "next_steps": selectors.upcoming_next_steps(user, interactions, today),
        "recent_changes": ChangeRecord.objects.filter(zone__in=zones).select_related("actor")[:10],
    }
    if context["zone"] is None:
        context["zones_overview"] = selectors.zones_overview(zones, today.year, today)
    return render(request, "core/home.html", context)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
