"""Who may read and write what: the one place the tenancy rules live.

A zone's officers, team leaders and administrator read and write that zone's data; its leaders read it;
a city or province viewer reads every zone under that division; a superuser runs the deployment.
Every list, detail, edit and export starts from these functions, so an object of another zone is simply
not in the queryset and its URL answers 404.
"""

from django.db.models import Q, QuerySet

from zhaoshang.accounts.models import WRITER_ROLES, ZONE_ROLES, Role


def zones_under_division(division) -> Q:
    """Zones whose division is the given one or lies below it (city → districts, province → all)."""
    return Q(division=division) | Q(division__parent=division) | Q(division__parent__parent=division)


def visible_zones(user) -> QuerySet:
    from zhaoshang.organisation.models import Zone

    if not user.is_authenticated or not user.is_active:
        return Zone.objects.none()
    if user.is_superuser:
        return Zone.objects.all()
    if user.role in ZONE_ROLES and user.zone_id:
        return Zone.objects.filter(pk=user.zone_id)
    if user.role == Role.DIVISION_VIEWER and user.division_id:
        return Zone.objects.filter(zones_under_division(user.division_id))
    return Zone.objects.none()


def writable_zones(user) -> QuerySet:
    from zhaoshang.organisation.models import Zone

    if not user.is_authenticated or not user.is_active:
        return Zone.objects.none()
    if user.is_superuser:
        return Zone.objects.all()
    if user.role in WRITER_ROLES and user.zone_id:
        return Zone.objects.filter(pk=user.zone_id)
    return Zone.objects.none()


def can_write(user, zone_id: int | None) -> bool:
    if zone_id is None:
        return False
    if user.is_superuser:
        return user.is_active
    return user.is_authenticated and user.is_active and user.role in WRITER_ROLES and user.zone_id == zone_id


def can_manage_zone(user, zone_id: int | None) -> bool:
    """Teams, members and zone settings: the zone administrator's."""
    if user.is_superuser:
        return True
    return can_write(user, zone_id) and user.role == Role.ZONE_ADMIN


def home_zone(user):
    """The zone a user works in, or None for a viewer of several zones."""
    return user.zone if user.is_authenticated and user.role in ZONE_ROLES else None
