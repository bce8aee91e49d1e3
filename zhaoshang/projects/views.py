"""Project pages: list, board, detail, forms and the stage actions. Rules live in the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from zhaoshang.accounts.access import visible_zones, writable_zones
from zhaoshang.changelog.selectors import history_of
from zhaoshang.core.forms import MSG_FIX_BELOW, apply_validation_error
from zhaoshang.core.imports import import_page
from zhaoshang.core.views import (
    modal_action,
    get_visible_or_404,
    get_writable_or_denied,
    writer_zone_or_denied,
    xlsx_response,
)
from zhaoshang.enterprises.services import enterprise_find_or_create
from zhaoshang.construction.selectors import project_panel
from zhaoshang.intelligence.selectors import sources_of
from zhaoshang.projects import services
from zhaoshang.projects.choices import (
    PIPELINE,
    PIPELINE_INDEX,
    STATUS_TRANSITIONS,
    Stage,
)
from zhaoshang.projects.forms import (
    AdvanceForm,
    CorrectStageForm,
    EventDateForm,
    InitialStageForm,
    InteractionForm,
    ProjectForm,
    StatusForm,
)
from zhaoshang.projects.models import Project, StageEvent
from zhaoshang.projects.selectors import (
    board_columns,
    filter_projects,
    visible_interactions,
)
from zhaoshang.projects.tables import InteractionTable, ProjectTable

PAGE_SIZE = 25


@login_required
def project_list(request):
    filterset = filter_projects(request)
    table = ProjectTable(filterset.qs, show_zone=visible_zones(request.user).count() > 1)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    return render(request, "projects/list.html", {"filter": filterset, "table": table})


@login_required
def project_board(request):
    filterset = filter_projects(request)
    columns, others = board_columns(filterset.qs)
    context = {"filter": filterset, "columns": columns, "others": others,
               "can_move": writable_zones(request.user).exists()}
    template = "projects/_board.html" if request.htmx and request.htmx.target == "board" else "projects/board.html"
    return render(request, template, context)


@login_required
def project_detail(request, pk):
    project = get_visible_or_404(Project.objects.with_related(), request.user, pk=pk)
    events = project.events.select_related("recorded_by", "voided_by").order_by("date", "id")
    reached = {event.stage: event for event in events if not event.is_voided and event.stage in PIPELINE_INDEX}
    steps = [(Stage(stage).label, reached.get(stage)) for stage in PIPELINE]
    return render(request, "projects/detail.html", {
        "project": project,
        "events": events,
        "steps": steps,
        "interactions": project.interactions.select_related("recorded_by").all(),
        "history": history_of(project)[:200],
        "construction": project_panel(project, request.user),
        "sources": sources_of(project),
        "can_write": project.zone_id in set(writable_zones(request.user).values_list("pk", flat=True)),
    })


def _writable_project(request, pk) -> Project:
    return get_writable_or_denied(Project.objects.with_related(), request.user, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    zone = writer_zone_or_denied(request.user, "请以园区用户身份新建项目。")
    form = ProjectForm(request.POST or None, zone=zone, initial={"investor": request.GET.get("investor")})
    stage_form = InitialStageForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and stage_form.is_valid():
        try:
            with transaction.atomic():
                fields = form.project_fields()
                if "investor" not in fields:
                    fields["investor"] = enterprise_find_or_create(
                        zone=zone, by=request.user, name=form.cleaned_data["new_investor_name"],
                        credit_code=form.cleaned_data["new_investor_code"],
                    )
                project = services.project_create(
                    zone=zone, by=request.user,
                    stage_dates={stage_form.cleaned_data["initial_stage"]: stage_form.cleaned_data["initial_date"]},
                    **fields,
                )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "credit_code" in error.error_dict:
                form.add_error("new_investor_code", error.error_dict.pop("credit_code"))
            if hasattr(error, "error_dict") and "stage_dates" in error.error_dict:
                stage_form.add_error("initial_date", error.error_dict.pop("stage_dates"))
            if not hasattr(error, "error_dict") or error.error_dict:
                apply_validation_error(form, error)
        else:
            messages.success(request, f"项目“{project.name}”已建立, 编号 {project.code}。")
            return redirect(project)
    if request.method == "POST":
        messages.error(request, MSG_FIX_BELOW)
    return render(request, "projects/form.html", {"form": form, "stage_form": stage_form, "zone": zone})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    project = _writable_project(request, pk)
    form = ProjectForm(request.POST or None, instance=project, zone=project.zone,
                       initial={"version": project.version})
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_update(
                project=Project.objects.get(pk=project.pk), by=request.user,
                expected_version=form.cleaned_data.get("version"), **form.project_fields(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "项目信息已保存。")
            return redirect(project)
    if request.method == "POST":
        messages.error(request, MSG_FIX_BELOW)
    return render(request, "projects/form.html", {"form": form, "project": project, "zone": project.zone})


@login_required
@require_http_methods(["GET", "POST"])
def project_advance(request, pk):
    project = _writable_project(request, pk)
    wanted = request.GET.get("stage")
    form = AdvanceForm(request.POST or None, project=project, initial={"stage": wanted} if wanted else {})
    if wanted and wanted not in dict(form.fields["stage"].choices):
        form.errors.setdefault("stage", form.error_class()).append(
            f"项目当前已到“{project.get_stage_display()}”阶段, 看板上只能向右拖动; 回退请在项目页使用“更正阶段”。")
    return modal_action(
        request, project, form, title="推进阶段", done=f"“{project.name}”已推进。",
        perform=lambda stage, date, note: services.project_advance_stage(
            project=project, stage=stage, when=date, note=note, by=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_status(request, pk):
    project = _writable_project(request, pk)
    form = StatusForm(request.POST or None, allowed=list(STATUS_TRANSITIONS[project.status]))
    return modal_action(
        request, project, form, title="暂缓 / 恢复 / 终止", done="项目状态已更新。",
        perform=lambda event, date, reason, note: services.project_change_status(
            project=project, event=event, when=date, reason=reason, note=note, by=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_correct(request, pk):
    project = _writable_project(request, pk)
    reached = set(project.events.active().values_list("stage", flat=True))
    earlier = [stage for stage in reversed(PIPELINE[:PIPELINE_INDEX[project.stage]]) if stage in reached]
    form = CorrectStageForm(request.POST or None, reached=earlier)
    return modal_action(
        request, project, form, title="更正阶段(回退)", done="阶段已更正, 原记录保留在时间线中。", empty=not earlier,
        perform=lambda stage, reason: services.project_correct_stage(
            project=project, to_stage=stage, reason=reason, by=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_change_date(request, pk, event_pk):
    project = _writable_project(request, pk)
    event = get_object_or_404(StageEvent, pk=event_pk, project=project, voided_at__isnull=True)
    form = EventDateForm(request.POST or None, initial={"date": event.date})
    return modal_action(
        request, project, form, title=f"更正{event.get_stage_display()}日期",
        done=f"{event.get_stage_display()}日期已更正。",
        perform=lambda date, reason: services.stage_event_change_date(
            event=event, when=date, reason=reason, by=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def interaction_create(request, pk):
    project = _writable_project(request, pk)
    form = InteractionForm(request.POST or None, initial={"date": timezone.localdate()})
    return modal_action(
        request, project, form, title="新增对接记录", done="对接记录已保存。",
        perform=lambda **fields: services.interaction_create(
            zone=project.zone, project=project, by=request.user, **fields),
    )


@login_required
def interaction_list(request):
    interactions = visible_interactions(request.user)
    kind = request.GET.get("kind")
    if kind:
        interactions = interactions.filter(kind=kind)
    table = InteractionTable(interactions)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    return render(request, "projects/interactions.html", {"table": table, "kind": kind,
                                                           "kinds": InteractionForm.base_fields["kind"].choices})


@login_required
def project_export(request):
    from zhaoshang.projects.excel import export_projects

    filterset = filter_projects(request)
    if filterset.is_bound and not filterset.is_valid():
        raise Http404("筛选条件有误")
    data = export_projects(filterset.qs.order_by("code"))
    return xlsx_response(data, f"项目库-{timezone.localdate():%Y%m%d}.xlsx")



@login_required
def project_template(request):
    from zhaoshang.projects.excel import project_template as build_template

    return xlsx_response(build_template(), "项目导入模板.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def project_import(request):
    return import_page(request, kind="projects.import", title="导入项目", template_url_name="projects:template")
