"""The zone's organisation page: departments, teams, members, quotas and user accounts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from zhaoshang.accounts.access import can_manage_zone, visible_zones
from zhaoshang.accounts.models import User
from zhaoshang.core.forms import apply_validation_error
from zhaoshang.organisation import services
from zhaoshang.organisation.forms import (
    DepartmentForm,
    MembershipForm,
    QuotaForm,
    TeamForm,
    UserCreateForm,
)
from zhaoshang.organisation.models import Department, Team, TeamMembership, Zone


def _zone(request, zone_pk=None) -> Zone:
    zones = visible_zones(request.user)
    if zone_pk is not None:
        return get_object_or_404(zones, pk=zone_pk)
    if request.user.zone_id:
        return get_object_or_404(zones, pk=request.user.zone_id)
    zone = zones.order_by("name").first()
    if zone is None:
        raise PermissionDenied("您的查看范围内还没有园区。")
    return zone


def _managed_zone(request, zone_pk) -> Zone:
    zone = _zone(request, zone_pk)
    if not can_manage_zone(request.user, zone.pk):
        raise PermissionDenied(services.MSG_NOT_ADMIN)
    return zone


@login_required
def organisation(request, zone_pk=None):
    zone = _zone(request, zone_pk)
    teams = (
        Team.objects.filter(zone=zone).select_related("department")
        .prefetch_related(Prefetch("memberships", queryset=TeamMembership.objects.select_related("user")), "quotas")
        .order_by("-is_active", "name")
    )
    return render(request, "organisation/page.html", {
        "zone": zone,
        "zones": visible_zones(request.user).order_by("name"),
        "departments": zone.departments.all(),
        "teams": teams,
        "users": User.objects.filter(zone=zone).order_by("-is_active", "role", "full_name"),
        "can_manage": can_manage_zone(request.user, zone.pk),
    })


@login_required
@require_http_methods(["GET", "POST"])
def department_edit(request, zone_pk, pk=None):
    zone = _managed_zone(request, zone_pk)
    department = get_object_or_404(Department, zone=zone, pk=pk) if pk else None
    form = DepartmentForm(request.POST or None, instance=department)
    if request.method == "POST" and form.is_valid():
        try:
            services.department_save(zone=zone, by=request.user, department=department, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "部门已保存。")
            return redirect("organisation:zone", zone_pk=zone.pk)
    return render(request, "organisation/form.html", {"zone": zone, "form": form,
                                                       "title": f"编辑部门 · {department}" if department else "新建部门"})


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request, zone_pk, pk=None):
    zone = _managed_zone(request, zone_pk)
    team = get_object_or_404(Team, zone=zone, pk=pk) if pk else None
    form = TeamForm(request.POST or None, instance=team, zone=zone)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_save(zone=zone, by=request.user, team=team, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "小组已保存。")
            return redirect("organisation:zone", zone_pk=zone.pk)
    return render(request, "organisation/form.html", {"zone": zone, "form": form,
                                                       "title": f"编辑小组 · {team}" if team else "新建小组"})


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request, zone_pk, pk):
    zone = _managed_zone(request, zone_pk)
    team = get_object_or_404(Team, zone=zone, pk=pk)
    form = MembershipForm(request.POST or None, zone=zone)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(team=team, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"已加入{team}。")
            return redirect("organisation:zone", zone_pk=zone.pk)
    return render(request, "organisation/form.html", {"zone": zone, "form": form, "title": f"添加成员 · {team}"})


@login_required
@require_POST
def member_remove(request, zone_pk, pk):
    zone = _managed_zone(request, zone_pk)
    membership = get_object_or_404(TeamMembership, team__zone=zone, pk=pk)
    services.membership_remove(membership=membership, by=request.user)
    messages.success(request, f"已将 {membership.user} 移出 {membership.team}。")
    return redirect("organisation:zone", zone_pk=zone.pk)


@login_required
@require_http_methods(["GET", "POST"])
def quota_edit(request, zone_pk, pk):
    zone = _managed_zone(request, zone_pk)
    team = get_object_or_404(Team, zone=zone, pk=pk)
    form = QuotaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.quota_set(team=team, by=request.user, year=data.pop("year"), **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "年度任务已保存。")
            return redirect("organisation:zone", zone_pk=zone.pk)
    return render(request, "organisation/form.html", {"zone": zone, "form": form, "title": f"年度任务 · {team}"})


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request, zone_pk):
    zone = _managed_zone(request, zone_pk)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(zone=zone, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"已创建用户 {user.username}({user.full_name})。")
            return redirect("organisation:zone", zone_pk=zone.pk)
    return render(request, "organisation/form.html", {"zone": zone, "form": form, "title": "新建用户"})


@login_required
@require_POST
def user_toggle(request, zone_pk, pk):
    zone = _managed_zone(request, zone_pk)
    user = get_object_or_404(User, zone=zone, pk=pk)
    try:
        services.user_set_active(user=user, by=request.user, active=not user.is_active)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"{user.display_name} 已{'启用' if user.is_active else '停用'}。")
    return redirect("organisation:zone", zone_pk=zone.pk)
