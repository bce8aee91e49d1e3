from zhaoshang.accounts.access import home_zone, writable_zones


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_zone": home_zone(user),
        "nav_can_write": writable_zones(user).exists(),
    }
