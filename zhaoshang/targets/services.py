"""Every write to target plans, their targets and period values, and to FDI arrivals (到账外资).

Web forms and the Excel import call these; the checks that decide what a target may say live here.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from zhaoshang.changelog.models import ChangeAction
from zhaoshang.changelog.services import log_changes, log_note, snapshot
from zhaoshang.core.services import ensure_can_write
from zhaoshang.organisation.models import ZoneSettings
from zhaoshang.organisation.selectors import (
    MSG_OFFICER_NOT_ASSIGNABLE, MSG_TEAM_NOT_ASSIGNABLE, is_assignable_officer, is_assignable_team,
)
from zhaoshang.projects.models import FdiArrival, Project
from zhaoshang.projects.services import today
from zhaoshang.targets.choices import RATE_METRICS, STAGE_METRICS, Granularity, Metric, PlanScope
from zhaoshang.targets.models import Target, TargetPlan, TargetValue
from zhaoshang.targets.periods import periods_of

MSG_PLAN_TEAM_REQUIRED = "小组任务须选择小组。"
MSG_PLAN_OFFICER_REQUIRED = "人员任务须选择人员。"
MSG_PLAN_TEAM_OTHER_ZONE = "小组须是本园区的小组。"
MSG_PLAN_OFFICER_OTHER_ZONE = "人员须是本园区的人员。"
MSG_PLAN_NAME_TAKEN = "{year}年已有名为“{name}”的目标任务, 请换一个名称。"

MSG_STAGE_REQUIRED = "按阶段统计的指标(项目数、总投资)须选择阶段, 如 签约、开工。"
MSG_STAGE_UNUSED = "该指标不按阶段统计, 请不要选择阶段。"
MSG_FILTERS_UNUSED = "“{metric}”不按项目条件统计, 请清空投资额、外资、行业、招商方式等筛选条件。"
MSG_PARENT_PLAN = "“其中”项须属于同一目标任务中的目标。"
MSG_PARENT_METRIC = "“其中”项须与所属目标统计同一指标、同一阶段。"
MSG_PARENT_NESTED = "“其中”项只能属于一级目标, 不能再属于另一个“其中”项。"
MSG_PARENT_HAS_CHILDREN = "该目标下已有“其中”项, 不能再设为其他目标的“其中”项。"
MSG_CHILDREN_DIFFER = "该目标下有“其中”项, 修改指标或阶段须先修改或删除其“其中”项。"
MSG_PAIR_NEEDS_CNY = "按园区比例折算美元门槛, 须先填写“总投资不低于(万元)”。"
MSG_VALUE_NEGATIVE = "目标值不能为负数。"
MSG_VALUE_PERIOD = "“{granularity}”的目标只填{periods}的目标值。"
MSG_VALUE_YEAR_REQUIRED = "请填写全年目标值。"
MSG_VALUES_REQUIRED = "请至少填写一期的目标值。"
MSG_YEAR_IS_SUM = "分期目标的全年目标值是各期之和({total}), 不用另填; 如填写须与之相等。"

MSG_FDI_FUTURE = "到账日期不能晚于今天。"
MSG_FDI_POSITIVE = "到账金额须大于0。"
MSG_FDI_OTHER_ZONE = "只能为本园区的项目登记到账外资。"

PLAN_FIELDS = ("year", "name", "scope", "team", "officer")
TARGET_FIELDS = (
    "parent", "order", "name", "metric", "stage", "comparator", "granularity", "min_investment",
    "min_investment_usd", "foreign_only", "industry", "channel", "major_level", "top500_only", "sci_tech_only",
)
# Project filters of a metric spec with their "not set" value; interactions are not filtered by them.
PROJECT_FILTERS = {"min_investment": None, "min_investment_usd": None, "foreign_only": False, "industry_id": None,
                   "channel": "", "major_level": "", "top500_only": False, "sci_tech_only": False}
UNFILTERED_METRICS = frozenset({Metric.INTERACTIONS, Metric.PROMOTION_EVENTS})
PERIOD_WORDS = {Granularity.YEAR: "全年", Granularity.QUARTER: "各季度", Granularity.MONTH: "各月"}


def zone_settings(zone_id: int) -> ZoneSettings:
    """The zone's settings, made with the defaults the first time they are needed."""
    settings, _ = ZoneSettings.objects.get_or_create(zone_id=zone_id)
    return settings


# ---------------------------------------------------------------------------------------------- plans


def _check_plan(plan: TargetPlan, *, old_team_id: int | None = None, old_officer_id: int | None = None) -> None:
    """Scope, team and officer, unique name. A newly named team or officer must be assignable (active, serving);
    one named before may stay though since retired, as on projects."""
    errors: dict[str, str] = {}
    if plan.scope != PlanScope.TEAM:
        plan.team = None
    if plan.scope != PlanScope.OFFICER:
        plan.officer = None
    if plan.scope == PlanScope.TEAM and plan.team_id is None:
        errors["team"] = MSG_PLAN_TEAM_REQUIRED
    elif plan.team_id and plan.team.zone_id != plan.zone_id:
        errors["team"] = MSG_PLAN_TEAM_OTHER_ZONE
    elif plan.team_id and plan.team_id != old_team_id and not is_assignable_team(plan.team, plan.zone_id):
        errors["team"] = MSG_TEAM_NOT_ASSIGNABLE
    if plan.scope == PlanScope.OFFICER and plan.officer_id is None:
        errors["officer"] = MSG_PLAN_OFFICER_REQUIRED
    elif plan.officer_id and plan.officer.zone_id != plan.zone_id:
        errors["officer"] = MSG_PLAN_OFFICER_OTHER_ZONE
    elif plan.officer_id and plan.officer_id != old_officer_id and not is_assignable_officer(plan.officer,
                                                                                             plan.zone_id):
        errors["officer"] = MSG_OFFICER_NOT_ASSIGNABLE
    same_name = TargetPlan.objects.filter(zone_id=plan.zone_id, year=plan.year, name=plan.name).exclude(pk=plan.pk)
    if plan.name and plan.year and same_name.exists():
        errors["name"] = MSG_PLAN_NAME_TAKEN.format(year=plan.year, name=plan.name)
    if errors:
        raise ValidationError(errors)
    plan.full_clean()


def check_plan(*, zone, **fields: Any) -> TargetPlan:
    """An unsaved plan with its fields checked (the import checks a plan before reading its rows)."""
    plan = TargetPlan(zone=zone, **fields)
    _check_plan(plan)
    return plan


@transaction.atomic
def target_plan_create(*, zone, by, year: int, name: str, scope: str = PlanScope.ZONE, team=None,
                       officer=None) -> TargetPlan:
    ensure_can_write(by, zone.pk)
    plan = check_plan(zone=zone, year=year, name=name, scope=scope, team=team, officer=officer,
                      created_by=by if getattr(by, "pk", None) else None)
    plan.save()
    log_changes(plan, zone_id=zone.pk, before=None, fields=PLAN_FIELDS, actor=by)
    return plan


@transaction.atomic
def target_plan_update(*, plan: TargetPlan, by, **fields: Any) -> TargetPlan:
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"target_plan_update cannot change {', '.join(sorted(unknown))}")
    ensure_can_write(by, plan.zone_id)
    plan = TargetPlan.objects.select_for_update().get(pk=plan.pk)
    before = snapshot(plan, PLAN_FIELDS)
    old_team_id, old_officer_id = plan.team_id, plan.officer_id
    for name, value in fields.items():
        setattr(plan, name, value)
    _check_plan(plan, old_team_id=old_team_id, old_officer_id=old_officer_id)
    plan.save()
    log_changes(plan, zone_id=plan.zone_id, before=before, fields=PLAN_FIELDS, actor=by)
    return plan


@transaction.atomic
def target_plan_delete(*, plan: TargetPlan, by) -> None:
    """Delete a plan with its targets and values (the change log keeps that it existed)."""
    ensure_can_write(by, plan.zone_id)
    log_changes(plan, zone_id=plan.zone_id, before=None, fields=(), actor=by, action=ChangeAction.DELETE)
    plan.delete()


# -------------------------------------------------------------------------------------------- targets


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def default_usd_threshold(min_investment: Decimal, pairing: Decimal) -> Decimal:
    """“亿元(或1000万美元)”: the USD threshold paired with a 万元 one (10:1 unless the zone says otherwise)."""
    return _round(Decimal(min_investment) / Decimal(pairing))


def _check_spec(target: Target, errors: dict[str, list[str]]) -> None:
    metric = target.metric
    if metric in STAGE_METRICS and not target.stage:
        errors.setdefault("stage", []).append(MSG_STAGE_REQUIRED)
    elif metric not in STAGE_METRICS and target.stage:
        errors.setdefault("stage", []).append(MSG_STAGE_UNUSED)
    if metric in UNFILTERED_METRICS:
        used = [name for name, unset in PROJECT_FILTERS.items() if getattr(target, name) != unset]
        if used:
            errors.setdefault(None, []).append(MSG_FILTERS_UNUSED.format(metric=Metric(metric).label))


def _check_parent(target: Target, errors: dict[str, list[str]]) -> None:
    parent = target.parent
    if parent is None:
        return
    if parent.plan_id != target.plan_id or (target.pk and parent.pk == target.pk):
        errors.setdefault("parent", []).append(MSG_PARENT_PLAN)
    elif parent.parent is not None:
        errors.setdefault("parent", []).append(MSG_PARENT_NESTED)
    elif target.pk and target.children.exists():
        errors.setdefault("parent", []).append(MSG_PARENT_HAS_CHILDREN)
    elif (parent.metric, parent.stage) != (target.metric, target.stage):
        errors.setdefault("parent", []).append(MSG_PARENT_METRIC)


def _check_values(target: Target, values: dict[str, Decimal | None],
                  errors: dict[str, list[str]]) -> dict[str, Decimal]:
    """The values to store: the granularity's periods as given, and the year's (the sum of a complete split,
    except for a rate, whose year target is its own or the last period's)."""
    given = {code: Decimal(value) for code, value in values.items() if value is not None}
    own = [period.code for period in periods_of(2000, target.granularity)]
    for code, value in given.items():
        if value < 0:
            errors.setdefault(f"value_{code}", []).append(MSG_VALUE_NEGATIVE)
        elif code not in own and code != "Y":
            errors.setdefault(f"value_{code}", []).append(MSG_VALUE_PERIOD.format(
                granularity=dict(Granularity.choices).get(target.granularity, target.granularity),
                periods=PERIOD_WORDS.get(target.granularity, "")))
    if target.granularity == Granularity.YEAR:
        if "Y" not in given:
            errors.setdefault("value_Y", []).append(MSG_VALUE_YEAR_REQUIRED)
        return {"Y": given["Y"]} if "Y" in given else {}
    stored = {code: given[code] for code in own if code in given}
    if not stored:
        errors.setdefault("values", []).append(MSG_VALUES_REQUIRED)
        return {}
    year = given.get("Y")
    if target.metric in RATE_METRICS:
        if year is None and own[-1] in stored:
            year = stored[own[-1]]
    elif len(stored) == len(own):
        total = sum(stored.values())
        if year is not None and year != total:
            errors.setdefault("value_Y", []).append(MSG_YEAR_IS_SUM.format(total=_plain(total)))
        year = total
    elif year is not None:
        errors.setdefault("value_Y", []).append(MSG_YEAR_IS_SUM.format(total="各期填齐后自动计算"))
    if year is not None:
        stored["Y"] = year
    return stored


def _plain(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f")


def check_target(target: Target, values: dict[str, Decimal | None], *, pair_usd: bool = False,
                 pairing: Decimal | None = None) -> dict[str, Decimal]:
    """Check an unsaved or changed target and its period values; returns the values to store.

    `pair_usd`: the target says “或N万美元” without N, so N is its 万元 threshold ÷ the zone's pairing.
    Raises ValidationError keyed by field (`value_Q1` … for a period's value, `__all__` for the whole target).
    """
    errors: dict[str, list[str]] = {}
    if pair_usd and target.min_investment_usd is None:
        if target.min_investment is None:
            errors.setdefault("min_investment_usd", []).append(MSG_PAIR_NEEDS_CNY)
        else:
            if pairing is None:
                pairing = zone_settings(target.plan.zone_id).usd_pairing
            target.min_investment_usd = default_usd_threshold(target.min_investment, pairing)
    if target.metric:  # a missing one is the model's own check below
        _check_spec(target, errors)
        _check_parent(target, errors)
    stored = _check_values(target, values, errors)
    try:
        target.full_clean(exclude=["plan", "parent"] + [name for name in errors if name])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(None if name == "__all__" else name, []).extend(messages)
    if errors:
        raise ValidationError({name if name else "__all__": messages for name, messages in errors.items()})
    return stored


def _values_text(values: dict[str, Decimal]) -> str:
    order = ["Y"] + [period.code for granularity in (Granularity.QUARTER, Granularity.MONTH)
                     for period in periods_of(2000, granularity)]
    return "; ".join(f"{code}={_plain(values[code])}" for code in order if code in values)


def _write_values(target: Target, stored: dict[str, Decimal]) -> None:
    target.values.all().delete()
    TargetValue.objects.bulk_create(TargetValue(target=target, period=code, value=value)
                                    for code, value in stored.items())


@transaction.atomic
def target_create(*, plan: TargetPlan, by, values: dict[str, Decimal | None], pair_usd: bool = False,
                  **fields: Any) -> Target:
    """A target of a plan with its period values (Y, or Q1–Q4, or M01–M12 per its granularity)."""
    ensure_can_write(by, plan.zone_id)
    if fields.get("order") is None:
        last = plan.targets.aggregate(last=Max("order"))["last"]
        fields["order"] = 1 if last is None else last + 1
    target = Target(plan=plan, **fields)
    stored = check_target(target, values, pair_usd=pair_usd)
    target.save()
    _write_values(target, stored)
    log_changes(target, zone_id=plan.zone_id, before=None, fields=TARGET_FIELDS, actor=by)
    log_note(target, zone_id=plan.zone_id, actor=by, label="分期目标值", new=_values_text(stored))
    return target


@transaction.atomic
def target_update(*, target: Target, by, values: dict[str, Decimal | None], pair_usd: bool = False,
                  **fields: Any) -> Target:
    unknown = set(fields) - set(TARGET_FIELDS)
    if unknown:
        raise TypeError(f"target_update cannot change {', '.join(sorted(unknown))}")
    ensure_can_write(by, target.plan.zone_id)
    target = Target.objects.select_for_update().select_related("plan").get(pk=target.pk)
    if fields.get("order", 0) is None:
        del fields["order"]  # a cleared order keeps the target where it is
    before = snapshot(target, TARGET_FIELDS)
    old_values = dict(target.values.values_list("period", "value"))
    for name, value in fields.items():
        setattr(target, name, value)
    stored = check_target(target, values, pair_usd=pair_usd)
    children = target.children.all()
    if any((child.metric, child.stage) != (target.metric, target.stage) for child in children):
        raise ValidationError({"metric": MSG_CHILDREN_DIFFER})
    target.save()
    log_changes(target, zone_id=target.plan.zone_id, before=before, fields=TARGET_FIELDS, actor=by)
    if old_values != stored:
        _write_values(target, stored)
        log_note(target, zone_id=target.plan.zone_id, actor=by, label="分期目标值", old=_values_text(old_values),
                 new=_values_text(stored))
    return target


@transaction.atomic
def target_delete(*, target: Target, by) -> None:
    """Delete a target; its “其中” items go with it."""
    zone_id = target.plan.zone_id
    ensure_can_write(by, zone_id)
    for item in [*target.children.all(), target]:
        log_changes(item, zone_id=zone_id, before=None, fields=(), actor=by, action=ChangeAction.DELETE)
    target.delete()


# --------------------------------------------------------------------------------------- FDI arrivals


@transaction.atomic
def fdi_arrival_create(*, project: Project, by, when: date, amount_usd: Decimal, note: str = "",
                       zone=None) -> FdiArrival:
    """Record foreign capital that actually arrived for a project (实际利用外资, counted on its date)."""
    ensure_can_write(by, project.zone_id)
    if zone is not None and zone.pk != project.zone_id:
        raise ValidationError({"project": MSG_FDI_OTHER_ZONE})
    errors = {}
    if when is not None and when > today():
        errors["date"] = MSG_FDI_FUTURE
    if amount_usd is not None and amount_usd <= 0:
        errors["amount_usd"] = MSG_FDI_POSITIVE
    if errors:
        raise ValidationError(errors)
    arrival = FdiArrival(zone_id=project.zone_id, project=project, date=when, amount_usd=amount_usd,
                         note=note.strip(), recorded_by=by if getattr(by, "pk", None) else None)
    arrival.full_clean()
    arrival.save()
    log_note(project, zone_id=project.zone_id, actor=by, label="外资到账", new=f"{when} {_plain(amount_usd)}万美元")
    return arrival
