"""Construction pages: the zone's year, the 督办 list, thresholds, and the forms of a project's 建设 panel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from zhaoshang.accounts.access import can_manage_zone, visible_zones, writable_zones
from zhaoshang.construction import selectors, services
from zhaoshang.construction.excel import export_levels, export_plans
from zhaoshang.construction.filtersets import SupervisionFilterSet
from zhaoshang.construction.forms import (
    AnnualPlanForm,
    InvestmentEntryForm,
    PlanNodeForm,
    ResolveForm,
    ZoneSettingsForm,
)
from zhaoshang.construction.models import AnnualPlan, PlanNode, Supervision
from zhaoshang.construction.tables import SupervisionTable
from zhaoshang.core.forms import MSG_FIX_BELOW, apply_validation_error
from zhaoshang.core.views import (
    requested_zone,
    get_visible_or_404,
    modal_action,
    get_writable_or_denied,
    xlsx_response,
)
from zhaoshang.projects.choices import MajorLevel
from zhaoshang.projects.models import Project

# The project page's modal form (form → service → back to `next` or the project), shared with the stage
# actions rather than written again; the panel's links pass next=<project page>#construction.

PAGE_SIZE = 50
MSG_SCAN_DONE = "督办检查完成: 新增 {opened} 项, 更新 {updated} 项, 条件已消除 {cleared} 项。"




def _year(request) -> int:
    value = request.GET.get("year", "")
    if not value:
        return selectors.today().year
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise Http404("年份参数有误")
    return int(value)


def _level(request) -> str:
    level = request.GET.get("level", "")
    if level and level not in MajorLevel.values:
        raise Http404("清单参数有误")
    return level


# ------------------------------------------------------------------------------------- the zone's year


@login_required
def overview(request):
    zone, year = requested_zone(request), _year(request)
    level = _level(request)
    data = selectors.construction_overview(zone, year, selectors.today(), level=level)
    return render(request, "construction/overview.html", {
        "zone": zone, "zones": visible_zones(request.user).order_by("name"), "overview": data, "level": level,
        "levels": MajorLevel.choices, "years": range(selectors.today().year + 1, selectors.today().year - 5, -1),
    })


@login_required
def overview_export(request):
    zone, year = requested_zone(request), _year(request)
    as_of = selectors.today()
    if request.GET.get("table") == "levels":
        data = selectors.construction_overview(zone, year, as_of)
        return xlsx_response(export_levels(data), f"{zone}-{year}年重大项目清单汇总.xlsx")
    data = selectors.construction_overview(zone, year, as_of, level=_level(request))
    return xlsx_response(export_plans(data), f"{zone}-{year}年建设项目.xlsx")


# ------------------------------------------------------------------------------------------------ 督办


@login_required
def supervision_list(request):
    filterset = SupervisionFilterSet(request.GET, queryset=selectors.visible_supervisions(request.user),
                                     request=request)
    rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    writable = set(writable_zones(request.user).values_list("pk", flat=True))
    table = SupervisionTable(rows, show_zone="zone" in filterset.filters, writable_zone_ids=writable,
                             back=request.get_full_path())
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    scan_zones = list(writable_zones(request.user).order_by("name"))
    return render(request, "construction/supervision_list.html", {
        "filter": filterset, "table": table, "scan_zones": scan_zones,
    })


@login_required
@require_POST
def supervision_scan_now(request):
    zone = requested_zone(request)
    result = services.supervision_scan(zone=zone, by=request.user)  # 403 for a reader
    messages.success(request, MSG_SCAN_DONE.format(**result.as_dict()))
    for warning in result.warnings:
        messages.warning(request, warning)
    return redirect(f"{reverse('construction:supervision')}?zone={zone.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def supervision_resolve(request, pk):
    item = get_writable_or_denied(Supervision.objects.select_related("project"), request.user, pk=pk)
    if item.resolved_at:
        raise Http404(services.MSG_ALREADY_RESOLVED)
    form = ResolveForm(request.POST or None)
    return modal_action(
        request, item.project, form, title=f"办结督办 · {item.get_kind_display()}", done="督办事项已办结。",
        perform=lambda resolution: services.supervision_resolve(supervision=item, by=request.user, note=resolution),
    )


# ------------------------------------------------------------------------------------------ thresholds


@login_required
@require_http_methods(["GET", "POST"])
def zone_settings(request):
    zone = requested_zone(request)
    can_manage = can_manage_zone(request.user, zone.pk)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied(services.MSG_NOT_ADMIN)
    form = ZoneSettingsForm(request.POST or None, instance=selectors.zone_settings(zone))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.zone_settings_update(zone=zone, by=request.user, **form.settings_fields())
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "预警阈值已保存, 下次督办检查起生效。")
                return redirect(f"{reverse('construction:settings')}?zone={zone.pk}")
        messages.error(request, MSG_FIX_BELOW)
    if not can_manage:
        for field in form.fields.values():
            field.disabled = True
    return render(request, "construction/settings.html", {
        "zone": zone, "zones": visible_zones(request.user).order_by("name"), "form": form, "can_manage": can_manage,
    })


# ------------------------------------------------------------------------------------ a project's panel


def _writable_project(request, pk) -> Project:
    return get_writable_or_denied(Project.objects.select_related("zone"), request.user, pk=pk)


@login_required
def project_panel(request, pk):
    """The panel alone, for switching its year in place (htmx)."""
    project = get_visible_or_404(Project.objects.select_related("zone"), request.user, pk=pk)
    panel = selectors.project_panel(project, request.user, year=_year(request))
    return render(request, "construction/_project_panel.html", {"project": project, "panel": panel})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk, year):
    project = _writable_project(request, pk)
    if not 2000 <= year <= 2100:
        raise Http404("年份超出范围")
    plan = AnnualPlan.objects.filter(project=project, year=year).first()
    form = AnnualPlanForm(request.POST or None, instance=plan or AnnualPlan(project=project, zone=project.zone,
                                                                             year=year))
    return modal_action(
        request, project, form, title=f"{year}年建设计划", done=f"{year}年建设计划已保存。",
        perform=lambda **fields: services.annual_plan_save(project=project, year=year, by=request.user, **fields),
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk, year):
    project = _writable_project(request, pk)
    plan = get_object_or_404(AnnualPlan, project=project, year=year)
    month = request.GET.get("month")
    existing = plan.entries.filter(month=month).first() if month and month.isdigit() else None
    initial = {"month": int(month)} if month and month.isdigit() else {}
    if existing:
        initial |= {"amount": existing.amount, "note": existing.note}
    form = InvestmentEntryForm(request.POST or None, year=year, initial=initial)
    return modal_action(
        request, project, form, title=f"填报{year}年月度完成投资", done="月度完成投资已保存。",
        perform=lambda **fields: services.investment_entry_set(plan=plan, by=request.user, **fields),
    )


@login_required
@require_http_methods(["GET", "POST"])
def node_edit(request, pk, node_pk=None):
    project = _writable_project(request, pk)
    node = get_object_or_404(PlanNode, project=project, pk=node_pk) if node_pk else None
    form = PlanNodeForm(request.POST or None, instance=node or PlanNode(project=project, zone=project.zone),
                        zone=project.zone)
    return modal_action(
        request, project, form, title="修改计划节点" if node else "新增计划节点", done="计划节点已保存。",
        perform=lambda **fields: services.plan_node_save(project=project, node=node, by=request.user, **fields),
    )


@login_required
@require_POST
def node_delete(request, pk, node_pk):
    project = _writable_project(request, pk)
    node = get_object_or_404(PlanNode, project=project, pk=node_pk)
    services.plan_node_delete(node=node, by=request.user)
    messages.success(request, f"节点“{node.name}”已删除。")
    return redirect(project.get_absolute_url() + "#construction")
