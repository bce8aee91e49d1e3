"""Writes of construction tracking: plans, monthly entries, nodes, 督办 items and the zone's thresholds.

Every write checks the writer, validates with full_clean, and records what changed in the project's
history (plans, entries and nodes are facts of the project, so they show on its page).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhaoshang.accounts.access import can_manage_zone
from zhaoshang.changelog.models import ChangeRecord
from zhaoshang.changelog.services import log_changes, log_note, note_record, snapshot
from zhaoshang.construction.choices import LIGHT_RANK, Light
from zhaoshang.construction.models import (
    AnnualPlan,
    InvestmentEntry,
    PlanNode,
    Supervision,
)
from zhaoshang.construction.selectors import supervision_conditions, today
from zhaoshang.core.money import format_wan
from zhaoshang.core.services import actor, ensure_can_write
from zhaoshang.organisation.models import Zone, ZoneSettings
from zhaoshang.projects.choices import PIPELINE

MSG_START_OUTSIDE_YEAR = "计划开工日期应在{year}年内。"
MSG_MONTH_NOT_BEGUN = "{year}年{month}月还没有到, 不能填报完成投资。"
MSG_RESPONSIBLE_REQUIRED = "请选择责任人, 或填写外部责任人姓名。"
MSG_RESPONSIBLE_OTHER_ZONE = "责任人须是本园区的人员。"
MSG_RESPONSIBLE_INACTIVE = "责任人须是在岗的人员。"
MSG_ACTUAL_FUTURE = "实际完成日期不能晚于今天。"
MSG_RESOLUTION_REQUIRED = "办结督办事项须填写办结说明。"
MSG_ALREADY_RESOLVED = "该督办事项已办结。"
MSG_NOT_ADMIN = "只有园区管理员可以修改预警阈值。"
MSG_IDLE_DAYS = "各阶段的无进展天数须为 1 至 999 之间的整数。"
MSG_IDLE_STAGE = "未知的阶段“{stage}”。"

PLAN_FIELDS = ("planned_investment", "major_level", "planned_start", "note")
NODE_FIELDS = ("name", "planned_date", "actual_date", "responsible", "responsible_name", "note")
TEXT_FIELDS = ("name", "responsible_name", "note")
SETTINGS_FIELDS = ("lag_yellow_points", "lag_red_points", "node_red_after_workdays", "idle_workdays")



def _field_changes(project, instance, *, by, label: str, before: dict, fields) -> None:
    """One history line on the project per changed field of a plan or node, labelled "<what>·<field>"."""
    after = snapshot(instance, fields)
    meta = instance._meta
    ChangeRecord.objects.bulk_create(
        note_record(project, zone_id=project.zone_id, actor=by,
                    label=f"{label}·{meta.get_field(name).verbose_name}"[:60],
                    old=before[name].display, new=after[name].display)
        for name in fields if before[name].raw != after[name].raw
    )


# ------------------------------------------------------------------------------------------------ plans


@transaction.atomic
def annual_plan_save(*, project, year: int, by, planned_investment: Decimal, major_level: str = "",
                     planned_start: date | None = None, note: str = "") -> AnnualPlan:
    """Create or change a project's plan for a year (one per year)."""
    ensure_can_write(by, project.zone_id)
    plan = AnnualPlan.objects.select_for_update().filter(project=project, year=year).first()
    before = snapshot(plan, PLAN_FIELDS) if plan else None
    plan = plan or AnnualPlan(zone_id=project.zone_id, project=project, year=year)
    plan.planned_investment, plan.major_level = planned_investment, major_level or ""
    plan.planned_start, plan.note = planned_start, note or ""
    if planned_start and planned_start.year != year:
        raise ValidationError({"planned_start": MSG_START_OUTSIDE_YEAR.format(year=year)})
    plan.full_clean()
    plan.save()
    if before is None:
        log_note(project, zone_id=project.zone_id, actor=by, label=f"新建{year}年建设计划",
                 new=f"计划投资 {format_wan(plan.planned_investment)}"
                     f"{'，' + plan.get_major_level_display() if plan.major_level else ''}"
                     f"{'，计划开工 ' + str(plan.planned_start) if plan.planned_start else ''}")
    else:
        _field_changes(project, plan, by=by, label=f"{year}年建设计划", before=before, fields=PLAN_FIELDS)
    return plan


@transaction.atomic
def investment_entry_set(*, plan: AnnualPlan, month: int, amount: Decimal, by, note: str = "") -> InvestmentEntry:
    """The investment completed in one month; entering a month again replaces it (the old figure is logged)."""
    ensure_can_write(by, plan.zone_id)
    if 1 <= month <= 12 and date(plan.year, month, 1) > today():
        raise ValidationError({"month": MSG_MONTH_NOT_BEGUN.format(year=plan.year, month=month)})
    entry = InvestmentEntry.objects.select_for_update().filter(plan=plan, month=month).first()
    old = entry.amount if entry else None
    entry = entry or InvestmentEntry(plan=plan, month=month)
    entry.amount, entry.note, entry.recorded_by = amount, note or "", actor(by)
    entry.full_clean()
    entry.save()
    if old != entry.amount:
        log_note(plan.project, zone_id=plan.zone_id, actor=by, label=f"{plan.year}年{month}月完成投资",
                 old="" if old is None else format_wan(old), new=format_wan(entry.amount))
    return entry


# ------------------------------------------------------------------------------------------------ nodes


def _check_node(node: PlanNode, *, old_responsible_id: int | None) -> None:
    errors = {}
    if not node.responsible_id and not node.responsible_name.strip():
        errors["responsible"] = MSG_RESPONSIBLE_REQUIRED
    elif node.responsible_id and node.responsible_id != old_responsible_id:
        # A newly named person must be of the zone and still working; one named before may stay.
        if node.responsible.zone_id != node.zone_id:
            errors["responsible"] = MSG_RESPONSIBLE_OTHER_ZONE
        elif not node.responsible.is_active:
            errors["responsible"] = MSG_RESPONSIBLE_INACTIVE
    if node.actual_date and node.actual_date > today():
        errors["actual_date"] = MSG_ACTUAL_FUTURE
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_node_save(*, project, by, node: PlanNode | None = None, **fields: Any) -> PlanNode:
    """Add a node to a project's plan (挂图作战), or change one: its dates, responsible person, note."""
    ensure_can_write(by, project.zone_id)
    unknown = set(fields) - set(NODE_FIELDS)
    if unknown:
        raise TypeError(f"plan_node_save cannot change {', '.join(sorted(unknown))}")
    if node is not None:
        node = PlanNode.objects.select_for_update().get(pk=node.pk, project=project)
    before = snapshot(node, NODE_FIELDS) if node else None
    old_responsible_id = node.responsible_id if node else None
    node = node or PlanNode(zone_id=project.zone_id, project=project)
    for name, value in fields.items():
        setattr(node, name, "" if value is None and name in TEXT_FIELDS else value)
    _check_node(node, old_responsible_id=old_responsible_id)
    node.full_clean()
    node.save()
    if before is None:
        log_note(project, zone_id=project.zone_id, actor=by, label="新增计划节点",
                 new=f"{node.name}(计划 {node.planned_date})")
    else:
        _field_changes(project, node, by=by, label=f"节点“{node.name}”", before=before, fields=NODE_FIELDS)
    return node


@transaction.atomic
def plan_node_delete(*, node: PlanNode, by) -> None:
    ensure_can_write(by, node.zone_id)
    log_note(node.project, zone_id=node.zone_id, actor=by, label="删除计划节点",
             old=f"{node.name}(计划 {node.planned_date})")
    node.delete()


# ---------------------------------------------------------------------------------------------- 督办


@dataclass
class ScanResult:
    opened: int = 0
    updated: int = 0
    cleared: int = 0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"opened": self.opened, "updated": self.updated, "cleared": self.cleared,
                "warnings": self.warnings}


def settings_for(zone) -> ZoneSettings:
    """The zone's thresholds row, created with the shipped defaults the first time it is needed."""
    settings, _ = ZoneSettings.objects.get_or_create(zone=zone)
    return settings


@transaction.atomic
def supervision_scan(*, zone, as_of: date | None = None, by=None) -> ScanResult:
    """Open a 督办 item for each new yellow or red condition and bring open ones up to date.

    - An open item whose condition still holds gets the current light and reason (never a second item:
      the database allows one open item per project, kind and key).
    - An open item whose condition went away turns green and stays open until someone resolves it with
      a note: the list then shows it as "条件已消除, 待办结".
    - After an item is resolved, the same condition opens a new item only when it comes back — it went
      away (a scan saw it green) and returned — or when it got worse than the light it was resolved at
      (resolved at yellow, now red): a resolution answers the light it was given.
    """
    ensure_can_write(by, zone.pk)
    as_of = as_of or today()
    # One scan of a zone at a time: two at once would both open the same new item.
    Zone.objects.select_for_update().filter(pk=zone.pk).first()
    found = supervision_conditions(zone, as_of, settings=settings_for(zone))
    current = {(item.project_id, item.kind, item.key): item for item in found.items}
    result = ScanResult(warnings=list(found.warnings))

    open_items = {(row.project_id, row.kind, row.key): row
                  for row in Supervision.objects.filter(zone=zone, resolved_at__isnull=True)}
    for key, row in open_items.items():
        condition = current.get(key)
        light, reason = (condition.light, condition.reason) if condition else (Light.GREEN, row.reason)
        if (row.light, row.reason) != (light, reason):
            result.cleared += condition is None
            result.updated += condition is not None
            row.light, row.reason = light, reason[:300]
            row.save(update_fields=["light", "reason"])

    # Resolved items not yet seen green: their condition held when they were resolved.
    resolved = Supervision.objects.filter(zone=zone, resolved_at__isnull=False).exclude(light=Light.GREEN)
    latest_resolved: dict[tuple, Supervision] = {}
    gone = []
    for row in resolved.order_by("resolved_at", "id"):
        key = (row.project_id, row.kind, row.key)
        if key in current:
            latest_resolved[key] = row
        else:
            gone.append(row.pk)
    Supervision.objects.filter(pk__in=gone).update(light=Light.GREEN)

    new = []
    for key, condition in current.items():
        if key in open_items:
            continue
        last = latest_resolved.get(key)
        if last is not None and LIGHT_RANK[condition.light] <= LIGHT_RANK[last.light]:
            continue  # resolved while this condition held, and it has not got worse since
        item = Supervision(zone=zone, project_id=condition.project_id, kind=condition.kind, key=condition.key,
                           light=condition.light, reason=condition.reason[:300], since=condition.since)
        item.full_clean(validate_constraints=False)  # the zone lock above keeps the open item unique
        new.append(item)
    Supervision.objects.bulk_create(new)
    result.opened = len(new)
    return result


@transaction.atomic
def supervision_resolve(*, supervision: Supervision, by, note: str) -> Supervision:
    """Close a 督办 item with a note saying what was done (refused without one)."""
    ensure_can_write(by, supervision.zone_id)
    item = Supervision.objects.select_for_update().select_related("project").get(pk=supervision.pk)
    if item.resolved_at is not None:
        raise ValidationError(MSG_ALREADY_RESOLVED)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"resolution": MSG_RESOLUTION_REQUIRED})
    item.resolved_at, item.resolved_by, item.resolution = timezone.now(), actor(by), note
    item.full_clean()
    item.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    log_note(item.project, zone_id=item.zone_id, actor=by, label=f"办结督办·{item.get_kind_display()}",
             old=f"{item.get_light_display()}: {item.reason}"[:200], new=note)
    return item


# ---------------------------------------------------------------------------------------- thresholds


def _check_idle_days(value: dict) -> dict[str, int]:
    if not isinstance(value, dict):
        raise ValidationError({"idle_workdays": MSG_IDLE_DAYS})
    cleaned = {}
    for stage, days in value.items():
        if stage not in PIPELINE:
            raise ValidationError({"idle_workdays": MSG_IDLE_STAGE.format(stage=stage)})
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 999:
            raise ValidationError({"idle_workdays": MSG_IDLE_DAYS})
        cleaned[stage] = days
    return cleaned


@transaction.atomic
def zone_settings_update(*, zone, by, **fields: Any) -> ZoneSettings:
    """The zone administrator's thresholds for the traffic lights (the row is made on first save)."""
    if by is not None and not can_manage_zone(by, zone.pk):
        raise PermissionDenied(MSG_NOT_ADMIN)
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"zone_settings_update cannot change {', '.join(sorted(unknown))}")
    settings, created = ZoneSettings.objects.select_for_update().get_or_create(zone=zone)
    names = list(fields)
    before = snapshot(settings, names)
    if "idle_workdays" in fields:
        fields["idle_workdays"] = _check_idle_days(fields["idle_workdays"])
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    log_changes(settings, zone_id=zone.pk, before=before, fields=names, actor=by)
    return settings
