"""Target plan pages: the list, a plan's progress with its drill-downs, the forms, Excel in and out,
and the FDI arrival form. Rules live in the services; figures come from the selectors."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from zhaoshang.accounts.access import can_write, visible_zones
from zhaoshang.core.forms import MSG_FIX_BELOW, apply_validation_error
from zhaoshang.core.views import get_visible_or_404, get_writable_or_denied, writer_zone_or_denied, xlsx_response
from zhaoshang.core.xlsx import XlsxError
from zhaoshang.projects.models import FdiArrival
from zhaoshang.targets import excel, selectors, services
from zhaoshang.targets.forms import FdiArrivalForm, PlanImportForm, ProgressForm, TargetForm, TargetPlanForm
from zhaoshang.targets.models import Target, TargetPlan
from zhaoshang.targets.tables import DRILL_TABLES, PlanTable, PlannedTable

PAGE_SIZE = 50
MSG_ZONE_USER_ONLY = "请以园区用户身份编制目标任务。"


@login_required
def plan_list(request):
    plans = selectors.visible_plans(request.user)
    year = request.GET.get("year", "")
    if year.isdigit():
        plans = plans.filter(year=int(year))
    years = sorted(set(TargetPlan.objects.visible_to(request.user).values_list("year", flat=True)), reverse=True)
    table = PlanTable(plans, show_zone=visible_zones(request.user).count() > 1)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    return render(request, "targets/list.html", {"table": table, "years": years, "year": year})


def _visible_plan(request, pk) -> TargetPlan:
    return get_visible_or_404(TargetPlan.objects.select_related("zone", "team", "officer"), request.user, pk=pk)


def _writable_plan(request, pk) -> TargetPlan:
    return get_writable_or_denied(TargetPlan.objects.select_related("zone", "team", "officer"), request.user, pk=pk)


def _progress(request, plan):
    form = ProgressForm(request.GET or None)
    as_of, view, columns = form.values(default_as_of=timezone.localdate())
    return form, selectors.plan_progress(plan, as_of, view=view, columns=columns)


@login_required
def plan_detail(request, pk):
    plan = _visible_plan(request, pk)
    form, progress = _progress(request, plan)
    return render(request, "targets/detail.html", {
        "plan": plan, "form": form, "progress": progress, "query": request.GET.urlencode(),
        "can_write": can_write(request.user, plan.zone_id),
    })


@login_required
def plan_export(request, pk):
    plan = _visible_plan(request, pk)
    _, progress = _progress(request, plan)
    return xlsx_response(excel.export_progress(progress), f"{plan.name}-完成情况-{progress.as_of:%Y%m%d}.xlsx")


@login_required
def drill_down(request, pk, target_pk, period):
    plan = _visible_plan(request, pk)
    target = get_object_or_404(Target.objects.select_related("industry"), pk=target_pk, plan=plan)
    form = ProgressForm(request.GET or None)
    as_of, view, _ = form.values(default_as_of=timezone.localdate())
    try:
        chosen = selectors.parse_period(plan.year, period, is_cumulative=view == selectors.CUMULATIVE_VIEW)
    except ValueError:
        raise Http404("没有这个期间") from None
    drill = selectors.drill_down(plan, target, chosen, as_of)
    table = DRILL_TABLES[drill.family](drill.rows)
    RequestConfig(request, paginate={"per_page": 100}).configure(table)
    planned = PlannedTable(drill.planned) if drill.planned is not None else None
    return render(request, "targets/drill.html", {
        "plan": plan, "target": target, "drill": drill, "table": table, "planned": planned,
        "unit": selectors.UNITS[target.metric], "query": request.GET.urlencode(),
    })


# ------------------------------------------------------------------------------------------ writes


def _save(request, form, perform, *, done: str):
    """Run a service with a valid form's data; put its refusals on the form. Returns the result or None."""
    if request.method != "POST":
        return None
    if form.is_valid():
        try:
            result = perform()
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, done)
            return result
    messages.error(request, MSG_FIX_BELOW)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    zone = writer_zone_or_denied(request.user, MSG_ZONE_USER_ONLY)
    form = TargetPlanForm(request.POST or None, zone=zone)
    plan = _save(request, form, lambda: services.target_plan_create(zone=zone, by=request.user, **form.plan_fields()),
                 done="目标任务已建立, 请逐项添加目标。")
    if plan:
        return redirect("targets:detail", pk=plan.pk)
    return render(request, "targets/plan_form.html", {"form": form, "zone": zone})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = _writable_plan(request, pk)
    form = TargetPlanForm(request.POST or None, instance=plan, zone=plan.zone)
    saved = _save(request, form, lambda: services.target_plan_update(
        plan=TargetPlan.objects.get(pk=plan.pk), by=request.user, **form.plan_fields()), done="目标任务已保存。")
    if saved:
        return redirect("targets:detail", pk=plan.pk)
    return render(request, "targets/plan_form.html", {"form": form, "zone": plan.zone, "plan": plan})


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request, pk):
    plan = _writable_plan(request, pk)
    if request.method == "POST":
        services.target_plan_delete(plan=plan, by=request.user)
        messages.success(request, f"目标任务“{plan.name}”已删除。")
        return redirect("targets:list")
    return render(request, "core/confirm_delete.html", {
        "title": f"删除目标任务“{plan.name}”", "back": reverse("targets:detail", args=[plan.pk]),
        "warning": f"将同时删除其中的 {plan.targets.count()} 项目标及分期目标值。"})


def _pairing(plan) -> Decimal:
    return services.zone_settings(plan.zone_id).usd_pairing


@login_required
@require_http_methods(["GET", "POST"])
def target_create(request, pk):
    plan = _writable_plan(request, pk)
    form = TargetForm(request.POST or None, plan=plan, pairing=_pairing(plan),
                      initial={"parent": request.GET.get("parent")})
    target = _save(request, form, lambda: services.target_create(
        plan=plan, by=request.user, values=form.period_values(), pair_usd=form.cleaned_data["pair_usd"],
        **form.target_fields()), done="目标已添加。")
    if target:
        return redirect("targets:detail", pk=plan.pk)
    return render(request, "targets/target_form.html", {"form": form, "plan": plan})


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request, pk, target_pk):
    plan = _writable_plan(request, pk)
    target = get_object_or_404(Target, pk=target_pk, plan=plan)
    form = TargetForm(request.POST or None, instance=target, plan=plan, pairing=_pairing(plan))
    saved = _save(request, form, lambda: services.target_update(
        target=Target.objects.get(pk=target.pk), by=request.user, values=form.period_values(),
        pair_usd=form.cleaned_data["pair_usd"], **form.target_fields()), done="目标已保存。")
    if saved:
        return redirect("targets:detail", pk=plan.pk)
    return render(request, "targets/target_form.html", {"form": form, "plan": plan, "target": target})


@login_required
@require_http_methods(["GET", "POST"])
def target_delete(request, pk, target_pk):
    plan = _writable_plan(request, pk)
    target = get_object_or_404(Target, pk=target_pk, plan=plan)
    if request.method == "POST":
        services.target_delete(target=target, by=request.user)
        messages.success(request, f"目标“{target.name}”已删除。")
        return redirect("targets:detail", pk=plan.pk)
    children = target.children.count()
    return render(request, "core/confirm_delete.html", {
        "title": f"删除目标“{target.name}”", "back": reverse("targets:detail", args=[plan.pk]),
        "warning": f"其下的 {children} 个“其中”项将一并删除。" if children else ""})


# ------------------------------------------------------------------------------------------ Excel


@login_required
def plan_template(request):
    return xlsx_response(excel.plan_template(), "目标任务导入模板.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request):
    zone = writer_zone_or_denied(request.user, MSG_ZONE_USER_ONLY)
    form = PlanImportForm(request.POST or None, request.FILES or None, zone=zone)
    errors, message = [], ""
    if request.method == "POST" and form.is_valid():
        try:
            plan = excel.import_plan(zone=zone, by=request.user, data=form.cleaned_data["file"].read(),
                                     plan_fields=form.plan_fields())
        except XlsxError as error:
            message, errors = error.message, error.errors
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"已导入目标任务“{plan.name}”, 共 {plan.targets.count()} 项目标。")
            return redirect("targets:detail", pk=plan.pk)
    return render(request, "targets/import.html", {"form": form, "zone": zone, "errors": errors,
                                                   "message": message})


# ------------------------------------------------------------------------------------- FDI arrivals


@login_required
@require_http_methods(["GET", "POST"])
def fdi_create(request, pk):
    """到账外资, recorded from a plan: the zone's projects, the date the money arrived, 万美元."""
    plan = _writable_plan(request, pk)
    form = FdiArrivalForm(request.POST or None, zone=plan.zone)
    arrival = _save(request, form, lambda: services.fdi_arrival_create(
        by=request.user, zone=plan.zone, **form.arrival_fields()), done="到账外资已登记。")
    if arrival:
        return redirect("targets:fdi_create", pk=plan.pk)
    arrivals = (FdiArrival.objects.filter(zone=plan.zone, date__year=plan.year).select_related("project", "recorded_by")
                .order_by("-date", "-id"))
    return render(request, "targets/fdi_form.html", {"form": form, "plan": plan, "arrivals": arrivals})
