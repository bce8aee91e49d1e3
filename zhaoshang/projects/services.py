"""Every write to a project goes through here: web forms, imports, jobs and the shell alike."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhaoshang.changelog.services import log_changes, log_note, snapshot
from zhaoshang.core.services import check_version, ensure_can_write
from zhaoshang.organisation.models import Zone
from zhaoshang.organisation.selectors import (
    MSG_OFFICER_NOT_ASSIGNABLE,
    MSG_TEAM_NOT_ASSIGNABLE,
    is_assignable_officer,
    is_assignable_team,
    to_cny,
)
from zhaoshang.projects import rules
from zhaoshang.projects.choices import PIPELINE, PIPELINE_INDEX, ProjectStatus, Stage
from zhaoshang.projects.models import Interaction, Project, StageEvent


def today() -> date:
    return timezone.localdate()


def next_project_code(zone, year: int) -> str:
    """ZONE-YEAR-NNNN, counting on from the highest number used (numerically: 10000 follows 9999)."""
    prefix = f"{zone.code}-{year}-"
    codes = Project.objects.filter(zone=zone, code__startswith=prefix).values_list("code", flat=True)
    last = max((int(code.rsplit("-", 1)[1]) for code in codes if code.rsplit("-", 1)[1].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def conversion_date(project: Project, signed_on: date | None) -> date:
    """The date whose rate converts a USD project to 万元: its signing date, else the day it was entered.
    Never today's date for an old project, so editing an unrelated field does not move its 亿元 figure."""
    return signed_on or (timezone.localdate(project.created_at) if project.created_at else today())


def apply_derived_fields(project: Project) -> None:
    """The CNY equivalent of the total investment (the one rule; imports apply it too)."""
    signed_on = None
    if project.pk:
        signed_on = (
            project.events.active().filter(stage=Stage.SIGNED).values_list("date", flat=True).first()
        )
    project.total_investment_cny = to_cny(
        project.total_investment, currency=project.currency, zone_id=project.zone_id,
        on=conversion_date(project, signed_on),
    )


def check_assignment(project: Project, *, old_officer_id: int | None = None, old_team_id: int | None = None) -> None:
    """A newly named officer or team must be assignable; one named before may stay though since retired."""
    errors = {}
    if project.officer_id and project.officer_id != old_officer_id and not is_assignable_officer(
            project.officer, project.zone_id):
        errors["officer"] = MSG_OFFICER_NOT_ASSIGNABLE
    if project.team_id and project.team_id != old_team_id and not is_assignable_team(project.team, project.zone_id):
        errors["team"] = MSG_TEAM_NOT_ASSIGNABLE
    if errors:
        raise rules.ValidationError(errors)


def _events(project: Project) -> list[rules.EventView]:
    return [rules.EventView(stage, when) for stage, when in
            project.events.active().values_list("stage", "date")]


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


@transaction.atomic
def project_create(*, zone, by, stage_dates: dict[str, date] | None = None, **fields: Any) -> Project:
    """A new project with the stages it has reached so far (at least 线索 today)."""
    ensure_can_write(by, zone.pk)
    stage_dates = {stage: when for stage, when in (stage_dates or {}).items() if when}
    not_pipeline = [stage for stage in stage_dates if stage not in PIPELINE_INDEX]
    if not_pipeline:
        raise rules.ValidationError({"stage_dates": [
            rules.MSG_NOT_PIPELINE.format(stage=Stage(stage).label if stage in Stage.values else stage)
            for stage in not_pipeline]})
    # Lock the zone row so two people creating projects at once cannot draw the same number.
    Zone.objects.select_for_update().filter(pk=zone.pk).first()
    if not stage_dates:
        stage_dates = {Stage.LEAD: today()}
    errors = rules.check_stage_dates(stage_dates, today())
    if errors:
        raise rules.ValidationError({"stage_dates": list(errors.values())})
    project = Project(zone=zone, created_by=by if getattr(by, "pk", None) else None, **fields)
    first = min(stage_dates.values())
    project.code = next_project_code(zone, first.year)
    latest_stage = max(stage_dates, key=PIPELINE_INDEX.__getitem__)
    project.stage, project.stage_date = latest_stage, stage_dates[latest_stage]
    project.total_investment_cny = to_cny(
        project.total_investment, currency=project.currency, zone_id=zone.pk,
        on=conversion_date(project, stage_dates.get(Stage.SIGNED)),
    )
    project.full_clean()
    check_assignment(project)
    project.save()
    recorder = by if getattr(by, "pk", None) else None
    StageEvent.objects.bulk_create(
        StageEvent(project=project, stage=stage, date=when, recorded_by=recorder)
        for stage, when in sorted(stage_dates.items(), key=lambda item: PIPELINE_INDEX[item[0]])
    )
    log_changes(project, zone_id=zone.pk, before=None, fields=Project.TRACKED_FIELDS, actor=by,
                version=project.version)
    return project


@transaction.atomic
def project_update(*, project: Project, by, expected_version: int | None, **fields: Any) -> Project:
    """Change a project's facts; refused if someone else saved since `expected_version`."""
    # Zone, code, stage and status are not facts a form edits: moving a project out of the zone would
    # bypass the permission check, and the stage has its own services.
    untracked = set(fields) - set(Project.TRACKED_FIELDS)
    if untracked:
        raise TypeError(f"project_update cannot change {', '.join(sorted(untracked))}")
    ensure_can_write(by, project.zone_id)
    project = _lock(project)
    check_version(project, expected_version)
    before = snapshot(project, Project.TRACKED_FIELDS)
    old_officer_id, old_team_id = project.officer_id, project.team_id
    for name, value in fields.items():
        setattr(project, name, value)
    apply_derived_fields(project)
    # Compare snapshots, not raw attributes: a snapshot holds None for a blank text field.
    after = snapshot(project, Project.TRACKED_FIELDS)
    if all(before[name].raw == after[name].raw for name in Project.TRACKED_FIELDS):
        return project
    project.version += 1
    project.full_clean()
    check_assignment(project, old_officer_id=old_officer_id, old_team_id=old_team_id)
    project.save()
    log_changes(project, zone_id=project.zone_id, before=before, fields=Project.TRACKED_FIELDS, actor=by,
                version=project.version)
    return project


@transaction.atomic
def project_advance_stage(*, project: Project, stage: str, when: date | None, by, note: str = "") -> StageEvent:
    """Record that the project reached a later stage on `when` (skipping stages is allowed)."""
    ensure_can_write(by, project.zone_id)
    project = _lock(project)
    rules.check_advance(current=project.stage, status=project.status, stage=stage, when=when,
                        events=_events(project), today=today())
    event = StageEvent.objects.create(project=project, stage=stage, date=when, note=note,
                                      recorded_by=by if getattr(by, "pk", None) else None)
    old = f"{project.get_stage_display()}({project.stage_date or ''})"
    project.stage, project.stage_date = stage, when
    fields = ["stage", "stage_date", "updated_at"]
    if stage == Stage.SIGNED:
        apply_derived_fields(project)
        fields.append("total_investment_cny")
    project.save(update_fields=fields)
    log_note(project, zone_id=project.zone_id, actor=by, label="推进阶段", old=old,
             new=f"{Stage(stage).label}({when})")
    return event


@transaction.atomic
def project_change_status(*, project: Project, event: str, when: date | None, by, reason: str = "",
                          note: str = "") -> StageEvent:
    """Put on hold, resume, or drop a project (dropping needs a reason)."""
    ensure_can_write(by, project.zone_id)
    project = _lock(project)
    new_status = rules.check_status_event(status=project.status, event=event, when=when, reason=reason,
                                          events=_events(project), today=today())
    record = StageEvent.objects.create(project=project, stage=event, date=when, reason=reason.strip(), note=note,
                                       recorded_by=by if getattr(by, "pk", None) else None)
    old = project.get_status_display()
    project.status = new_status
    project.save(update_fields=["status", "updated_at"])
    log_note(project, zone_id=project.zone_id, actor=by, label="项目状态", old=old,
             new=f"{ProjectStatus(new_status).label}({when}){'：' + reason if reason else ''}")
    return record


@transaction.atomic
def project_correct_stage(*, project: Project, to_stage: str, reason: str, by) -> Project:
    """Go back to a stage reached earlier: later events are voided (kept, marked with the reason)."""
    ensure_can_write(by, project.zone_id)
    project = _lock(project)
    active = project.events.active().filter(stage__in=PIPELINE)
    reached = {event.stage: event for event in active}
    rules.check_correction(current=project.stage, to_stage=to_stage, reason=reason, reached=set(reached))
    later = [stage for stage in reached if PIPELINE_INDEX[stage] > PIPELINE_INDEX[to_stage]]
    active.filter(stage__in=later).update(
        voided_at=timezone.now(), voided_by=by if getattr(by, "pk", None) else None, void_reason=reason.strip()
    )
    old = f"{project.get_stage_display()}({project.stage_date})"
    project.stage, project.stage_date = to_stage, reached[to_stage].date
    apply_derived_fields(project)
    project.save(update_fields=["stage", "stage_date", "total_investment_cny", "updated_at"])
    log_note(project, zone_id=project.zone_id, actor=by, label="更正阶段", old=old,
             new=f"{Stage(to_stage).label}({project.stage_date})；原因：{reason.strip()}")
    return project


@transaction.atomic
def stage_event_change_date(*, event: StageEvent, when: date, reason: str, by) -> StageEvent:
    """Correct the date of an event on record; statistics then count it in the right period."""
    project = _lock(event.project)
    ensure_can_write(by, project.zone_id)
    event = StageEvent.objects.get(pk=event.pk, project=project, voided_at__isnull=True)
    if not reason.strip():
        raise rules.ValidationError({"reason": rules.MSG_REASON_REQUIRED})
    timeline = list(project.events.active().order_by("date", "id"))
    index = next(position for position, item in enumerate(timeline) if item.pk == event.pk)
    rules.check_date_change(timeline=[rules.EventView(item.stage, item.date) for item in timeline], index=index,
                            when=when, today=today())
    old = event.date
    event.date = when
    event.save(update_fields=["date"])
    if event.stage == project.stage:
        project.stage_date = when
    apply_derived_fields(project)
    project.save(update_fields=["stage_date", "total_investment_cny", "updated_at"])
    log_note(project, zone_id=project.zone_id, actor=by, label=f"更正{event.get_stage_display()}日期",
             old=str(old), new=f"{when}；原因：{reason.strip()}")
    return event


MSG_INTERACTION_FUTURE = "对接日期不能晚于今天; 计划中的安排请写在“下一步”及其期限里。"
MSG_INTERACTION_OTHER_ZONE = "对接记录只能记在本园区的项目或企业上。"


@transaction.atomic
def interaction_create(*, zone, by, project: Project | None = None, enterprise=None, **fields: Any) -> Interaction:
    ensure_can_write(by, zone.pk)
    if fields.get("date") and fields["date"] > today():
        raise rules.ValidationError({"date": MSG_INTERACTION_FUTURE})
    if any(subject is not None and subject.zone_id != zone.pk for subject in (project, enterprise)):
        raise rules.ValidationError(MSG_INTERACTION_OTHER_ZONE)
    interaction = Interaction(zone=zone, project=project, enterprise=enterprise or (project.investor if project else None),
                              recorded_by=by if getattr(by, "pk", None) else None, **fields)
    interaction.full_clean()
    interaction.save()
    return interaction
