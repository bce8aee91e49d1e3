"""View plumbing shared by every app: scoping to the user's zones and htmx-aware responses."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from zhaoshang.accounts.access import can_write, visible_zones, writable_zones
from zhaoshang.core.forms import apply_validation_error

MSG_READ_ONLY = "您的角色只能查看, 不能修改该园区的数据。"


def get_visible_or_404(model_or_qs, user, **lookup):
    """An object of a zone the user may see, else 404 (never the object of another zone)."""
    queryset = model_or_qs.objects.all() if hasattr(model_or_qs, "objects") else model_or_qs
    return get_object_or_404(queryset.visible_to(user), **lookup)


def get_writable_or_denied(model_or_qs, user, zone_attr: str = "zone_id", **lookup):
    """404 for what the user cannot see; 403 for what they may see but not change."""
    obj = get_visible_or_404(model_or_qs, user, **lookup)
    zone_id = obj
    for part in zone_attr.split("."):
        zone_id = getattr(zone_id, part)
    if not can_write(user, zone_id):
        raise PermissionDenied(MSG_READ_ONLY)
    return obj


MSG_NO_VISIBLE_ZONE = "您的查看范围内还没有园区。"


def asked_zone(request):
    """The zone a page was asked for with ?zone= (among the user's visible zones, else 404), or None."""
    wanted = request.GET.get("zone") or request.POST.get("zone")
    if not wanted:
        return None
    if not str(wanted).isdigit():
        raise Http404("园区参数有误")
    return get_object_or_404(visible_zones(request.user), pk=wanted)


def requested_zone(request):
    """The zone a one-zone page shows: the one asked for, the user's own, or the first they can see."""
    zone = asked_zone(request)
    if zone is not None:
        return zone
    zones = visible_zones(request.user)
    if request.user.zone_id:
        return get_object_or_404(zones, pk=request.user.zone_id)
    zone = zones.order_by("name").first()
    if zone is None:
        raise PermissionDenied(MSG_NO_VISIBLE_ZONE)
    return zone


def single_writable_zone(user):
    """The zone a writer creates things in; None if they may write several (superuser) or none."""
    zones = list(writable_zones(user)[:2])
    return zones[0] if len(zones) == 1 else None


MSG_ZONE_USER_ONLY = "请以园区用户身份操作: 只读角色和管理多个园区的系统管理员不能在这里新建。"


def writer_zone_or_denied(user, message: str = MSG_ZONE_USER_ONLY):
    """The zone a page creates things in, or 403 with a message saying why there is none."""
    zone = single_writable_zone(user)
    if zone is None:
        raise PermissionDenied(message)
    return zone


def htmx_redirect(request, url: str) -> HttpResponse:
    """Redirect a full page or, for htmx, make the browser load the page."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def safe_next(request) -> str:
    """The `next` page to return to, if it is on this site (never an outside address)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""


def modal_action(request, project, form, *, perform, done: str, title: str, **context):
    """An action on a project (advance, hold, correct, record an interaction, a construction entry …) in a
    modal from the board or detail page, or as a page without JS; on success back to where the user came."""
    if request.method == "POST" and form.is_valid():
        try:
            perform(**form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, done)
            return htmx_redirect(request, safe_next(request) or project.get_absolute_url())
    template = "projects/_action_body.html" if request.htmx else "projects/action_page.html"
    return render(request, template, {"project": project, "form": form, "title": title, "is_modal": bool(request.htmx),
                                      "next": safe_next(request), **context})
