"""The API's one permission: the tenancy rules of accounts.access, as the web pages apply them.

Reads: every queryset starts from `.visible_to(user)`, so another zone's object is simply not found (404).
Writes: the object's zone must be writable by the user (`can_write`), else 403; a viewer reads but never
writes. The services check again, whoever calls them.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from zhaoshang.accounts.access import can_write, writable_zones


def zone_id_of(obj) -> int | None:
    """The zone an object belongs to: its own `zone_id`, else through the object it hangs from."""
    for path in ("zone_id", "project.zone_id", "plan.zone_id", "article.zone_id", "run.zone_id", "team.zone_id"):
        value = obj
        try:
            for part in path.split("."):
                value = getattr(value, part)
        except AttributeError:
            continue
        return value
    return None


class ZonePermission(BasePermission):
    message = "无权执行此操作"

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if request.method in SAFE_METHODS or getattr(view, "writes_outside_zones", False):
            return True
        return writable_zones(user).exists()

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS or getattr(view, "writes_outside_zones", False):
            return True
        return can_write(request.user, zone_id_of(obj))
