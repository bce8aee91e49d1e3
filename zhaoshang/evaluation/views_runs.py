"""Evaluation runs: the list with a "新建评价" form, a run's summary, results, export, publish and delete,
comparison with the published run, idle land, and each enterprise's report card."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from zhaoshang.accounts.access import can_write, visible_zones
from zhaoshang.core.views import (
    asked_zone, get_visible_or_404, get_writable_or_denied, single_writable_zone, writer_zone_or_denied, xlsx_response,
)
from zhaoshang.evaluation import selectors, services
from zhaoshang.evaluation.excel import export_results
from zhaoshang.evaluation.models import EvaluationResult, EvaluationRun, RunStatus, Scheme
from zhaoshang.evaluation.tables import ResultTable, RunTable

PAGE_SIZE = 50
MSG_STARTED = "已开始评价{year}年, 完成后本页显示结果。"
MSG_PUBLISHED = "{year}年评价结果已发布。"
MSG_SUPERSEDED = "原已发布的结果已标记为“已被替代”。"
MSG_DELETED = "评价结果已删除。"
MSG_NO_OTHER = "{year}年还没有其他可对比的评价结果(对比默认使用该年度已发布的结果)。"


class RunCreateForm(forms.Form):
    year = forms.IntegerField(label="评价年度", min_value=2000, max_value=2100)
    scheme = forms.ModelChoiceField(label="评价方案", queryset=Scheme.objects.none(), empty_label=None)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = selectors.data_years(zone)
        self.fields["year"].widget = forms.Select(choices=[(year, f"{year}年") for year in self.years],
                                                  attrs={"class": "form-select form-select-sm"})
        self.fields["scheme"].queryset = Scheme.objects.filter(zone=zone).order_by("name")
        self.fields["scheme"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["note"].widget.attrs.update({"class": "form-control form-control-sm", "placeholder": "可不填"})


def _run(request, pk) -> EvaluationRun:
    return get_visible_or_404(EvaluationRun.objects.select_related("zone", "job", "created_by", "published_by"),
                              request.user, pk=pk)


def _zone_filter(request):
    """The zone asked for (?zone=), the user's own, or None for all the zones the user sees."""
    zone = asked_zone(request)
    if zone is None and request.user.zone_id:
        zone = visible_zones(request.user).filter(pk=request.user.zone_id).first()
    return zone


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# ------------------------------------------------------------------------------------------------ list


@login_required
def run_list(request):
    zone = _zone_filter(request)
    zones = visible_zones(request.user).order_by("name")
    table = RunTable(selectors.runs_for(request.user, zone), show_zone=zone is None)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    writer_zone = single_writable_zone(request.user)
    form = RunCreateForm(zone=writer_zone) if writer_zone is not None else None
    return render(request, "evaluation/run_list.html", {
        "table": table, "zone": zone, "zones": zones, "form": form, "writer_zone": writer_zone,
    })


@login_required
@require_POST
def run_create(request):
    zone = writer_zone_or_denied(request.user)
    form = RunCreateForm(request.POST, zone=zone)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("evaluation:home")
    try:
        run = services.run_create(zone=zone, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _errors(request, error)
        return redirect("evaluation:home")
    messages.success(request, MSG_STARTED.format(year=run.year))
    return redirect(run.get_absolute_url())


# ------------------------------------------------------------------------------------------------ a run


@login_required
def run_detail(request, pk):
    run = _run(request, pk)
    job = run.job
    context = {"run": run, "job": job, "can_write": can_write(request.user, run.zone_id),
               "published": selectors.published_run(run.zone_id, run.year)}
    if job is not None and job.status != "succeeded":
        return render(request, "evaluation/run_pending.html", context)
    context["summary"] = selectors.run_summary(run)
    context["spec"] = selectors.spec_of(run)
    return render(request, "evaluation/run_detail.html", context)


@login_required
def result_list(request, pk):
    run = _run(request, pk)
    filterset, rows = selectors.result_list(run, request.GET, request=request)
    table = ResultTable(rows)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    return render(request, "evaluation/results.html", {"run": run, "filter": filterset, "table": table})


@login_required
def run_export(request, pk):
    run = _run(request, pk)
    return xlsx_response(export_results(run), f"{run.zone}-{run.year}年亩均效益评价结果.xlsx")


@login_required
@require_POST
def run_publish(request, pk):
    run = get_writable_or_denied(EvaluationRun, request.user, pk=pk)
    had_published = selectors.published_run(run.zone_id, run.year) is not None
    try:
        services.run_publish(run=run, by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, MSG_PUBLISHED.format(year=run.year) + (MSG_SUPERSEDED if had_published else ""))
    return redirect(run.get_absolute_url())


@login_required
@require_POST
def run_delete(request, pk):
    run = get_writable_or_denied(EvaluationRun, request.user, pk=pk)
    try:
        services.run_delete(run=run, by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect(run.get_absolute_url())
    messages.success(request, MSG_DELETED)
    return redirect(f"{reverse('evaluation:home')}?zone={run.zone_id}")


@login_required
def run_compare(request, pk):
    run = _run(request, pk)
    others = EvaluationRun.objects.filter(zone_id=run.zone_id, year=run.year).exclude(pk=run.pk)
    wanted = request.GET.get("other", "")
    if wanted:
        if not wanted.isdigit():
            raise Http404("对比参数有误")
        other = get_object_or_404(others, pk=wanted)
    else:
        other = others.filter(status=RunStatus.PUBLISHED).first()
    context = {"run": run, "other": other, "others": others.select_related("job").order_by("-created_at"),
               "message": MSG_NO_OTHER.format(year=run.year)}
    if other is not None:
        context["comparison"] = selectors.compare(run, other)
    return render(request, "evaluation/compare.html", context)


@login_required
def idle_land(request, pk):
    run = _run(request, pk)
    return render(request, "evaluation/idle_land.html", {"run": run, "idle": selectors.idle_land(run)})


@login_required
def report_card(request, pk):
    result = get_object_or_404(
        EvaluationResult.objects.select_related("run", "run__zone", "enterprise"),
        pk=pk, run__zone__in=visible_zones(request.user))
    return render(request, "evaluation/report_card.html", {"card": selectors.report_card(result), "result": result,
                                                           "run": result.run})

