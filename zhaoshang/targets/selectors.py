"""Reads of target plans: a plan's progress as of a date, and the rows behind each of its figures.

Every figure comes from the metric engine (metrics.measure for the table, metrics.counted for a
drill-down), so the table and the drill-down cannot disagree.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet

from zhaoshang.organisation.models import ZoneSettings
from zhaoshang.targets import metrics
from zhaoshang.targets.choices import RATE_METRICS, Granularity, Metric, PlanScope
from zhaoshang.targets.models import Target, TargetPlan
from zhaoshang.targets.periods import Period, parse, periods_of

ZERO = Decimal(0)
UNITS = {
    Metric.STAGE_COUNT: "个", Metric.STAGE_INVESTMENT: "万元", Metric.FDI: "万美元", Metric.MAJOR_COMPLETED: "万元",
    Metric.MAJOR_COMPLETION_RATE: "%", Metric.LEADS: "个", Metric.INTERACTIONS: "次", Metric.PROMOTION_EVENTS: "场",
}
PERIOD_VIEW, CUMULATIVE_VIEW = "period", "cumulative"
VIEWS = {PERIOD_VIEW: "分期", CUMULATIVE_VIEW: "累计"}
COLUMN_CHOICES = {Granularity.QUARTER: "按季度", Granularity.MONTH: "按月"}


class Status:
    """How a figure stands against its target and the time gone by."""

    DONE, AHEAD, BEHIND, MISSED, NOT_STARTED, NO_TARGET = "done", "ahead", "behind", "missed", "not_started", "none"
    LABELS = {DONE: "已完成", AHEAD: "快于序时", BEHIND: "落后序时", MISSED: "未完成", NOT_STARTED: "未开始",
              NO_TARGET: "未设目标"}
    COLOURS = {DONE: "success", AHEAD: "primary", BEHIND: "warning", MISSED: "danger", NOT_STARTED: "secondary",
               NO_TARGET: "light"}


@dataclass(frozen=True, order=True)
class Cumulative(Period):
    """From 1 January to the end of a period (“1—6月累计”): what reports compare with the year to date."""

    @property
    def first_month(self) -> int:
        return 1

    @property
    def label(self) -> str:
        return f"{self.year}年1月" if self.last_month == 1 else f"{self.year}年1—{self.last_month}月"


def cumulative(period: Period) -> Period:
    return Cumulative(period.year, period.code)


@dataclass
class Cell:
    """One figure of a target over one period, as of a date."""

    period: Period
    target: Decimal | None
    actual: Decimal
    time_progress: Decimal
    completion: Decimal | None  # actual ÷ target, percent with one decimal
    lead: Decimal | None  # completion − time progress, in points (+ ahead, − behind)
    status: str

    @property
    def status_label(self) -> str:
        return Status.LABELS[self.status]

    @property
    def status_colour(self) -> str:
        return Status.COLOURS[self.status]

    @property
    def bar(self) -> Decimal:
        """Width of a progress bar in percent (a completion beyond 100% fills it)."""
        return min(self.completion or ZERO, Decimal(100))


def make_cell(period: Period, target: Decimal | None, actual: Decimal, as_of: date, *,
              year_to_date: bool = False) -> Cell:
    """`year_to_date`: the figure is a rate counted from January (投资完成率), so it is set against the time
    gone since January, as reports do (“97.2%, 超过时间进度13.8个百分点”)."""
    progress = (cumulative(period) if year_to_date else period).time_progress(as_of)
    if target is None:
        return Cell(period, None, actual, progress, None, None, Status.NO_TARGET)
    completion = metrics.percent(actual, target) if target else None
    lead = completion - progress if completion is not None else None
    if (completion is None and actual >= target) or (completion is not None and completion >= 100):
        status = Status.DONE
    elif as_of < period.start:
        status = Status.NOT_STARTED
    elif lead >= 0:
        status = Status.AHEAD
    elif as_of >= period.end:
        status = Status.MISSED
    else:
        status = Status.BEHIND
    return Cell(period, target, actual, progress, completion, lead, status)


@dataclass
class TargetProgress:
    target: Target
    unit: str
    is_child: bool
    year: Cell  # the whole year, counted to the date
    cells: list[Cell]  # one per column, per period or cumulative


@dataclass
class PlanProgress:
    plan: TargetPlan
    as_of: date
    view: str
    column_granularity: str
    columns: list[Period]
    rows: list[TargetProgress]


# ------------------------------------------------------------------------------------------- scoping


def visible_plans(user) -> QuerySet:
    return (TargetPlan.objects.visible_to(user).select_related("zone", "team", "officer")
            .annotate(target_count=Count("targets")))


def usd_pairing(zone_id: int) -> Decimal:
    """万元 per 万美元 for a target with only a USD threshold; the zone's setting or the nominal 10 : 1."""
    found = ZoneSettings.objects.filter(zone_id=zone_id).values_list("usd_pairing", flat=True).first()
    return found if found is not None else metrics.DEFAULT_PAIRING


def engine_scope(plan: TargetPlan) -> dict:
    """How the engine counts for a plan: the zone's rows, grouped by the zone, the team or the officer."""
    scope = {"zone_ids": [plan.zone_id], "pairing": usd_pairing(plan.zone_id)}
    if plan.scope == PlanScope.TEAM:
        return scope | {"group": "team", "only": [plan.team_id]}
    if plan.scope == PlanScope.OFFICER:
        return scope | {"group": "officer", "only": [plan.officer_id]}
    return scope | {"group": "zone", "only": None}


def group_value(plan: TargetPlan) -> int:
    return {PlanScope.TEAM: plan.team_id, PlanScope.OFFICER: plan.officer_id}.get(plan.scope, plan.zone_id)


# ------------------------------------------------------------------------------------- target values


def target_value(target: Target, values: dict[str, Decimal], period: Period) -> Decimal | None:
    """The target for a column: stored for the target's own periods, else made from them where they fit
    (a quarter from its months, a cumulative column from the periods up to it); None where none fits."""
    if period.code == "Y":
        return values.get("Y")
    own = [item for item in periods_of(period.year, target.granularity) if item.code != "Y"]
    inside = [item for item in own
              if item.first_month >= period.first_month and item.last_month <= period.last_month]
    # The column must end where one of the target's periods ends: Jan–Apr has no quarterly target.
    if not inside or inside[-1].last_month != period.last_month:
        return None
    present = [values[item.code] for item in inside if item.code in values]
    if target.metric in RATE_METRICS:
        return values.get(inside[-1].code)  # a rate's target is the one set for the column's last period
    return sum(present, ZERO) if present else None


# ----------------------------------------------------------------------------------------- progress


def plan_targets(plan: TargetPlan) -> list[Target]:
    """The plan's targets in reading order: each top-level target followed by its “其中” items."""
    targets = list(plan.targets.select_related("industry").prefetch_related("values"))
    children = defaultdict(list)
    for target in targets:
        if target.parent_id:
            children[target.parent_id].append(target)
    ordered = []
    for target in targets:
        if target.parent_id is None:
            ordered += [target, *children.pop(target.pk, [])]
    return ordered + [target for orphans in children.values() for target in orphans]


def year_figure(cells: list[Cell], is_rate: bool, as_of: date) -> Decimal:
    """The year to date from the columns, which cover the year: the last begun one when columns run from
    January (cumulative columns, or a rate, which the engine counts from January), else their sum. A sum is
    exact: each project reaches a stage once (a database constraint) and has one first event, and the other
    figures add up rows. Saves the engine a fifth of its work; the drill-down measures the year itself."""
    if is_rate or isinstance(cells[-1].period, Cumulative):
        begun = [item for item in cells if as_of >= item.period.start]
        return begun[-1].actual if begun else ZERO
    return sum((item.actual for item in cells), ZERO)


def plan_progress(plan: TargetPlan, as_of: date, *, view: str = PERIOD_VIEW,
                  columns: str | None = None) -> PlanProgress:
    """Each target's figure for the year to date and for each column period, with target, completion rate,
    time progress and lead, counted by the engine in one query per family of metrics for the whole plan."""
    targets = plan_targets(plan)
    # Quarters unless months are asked for: a monthly target shows its quarters as the sums of its months,
    # and twelve columns a target cost the engine two and a half times the work of four.
    column_granularity = columns if columns in COLUMN_CHOICES else Granularity.QUARTER
    column_periods = periods_of(plan.year, column_granularity)
    if view == CUMULATIVE_VIEW:
        column_periods = [cumulative(period) for period in column_periods]
    measures = [metrics.Measure((target.pk, period), target, period)
                for target in targets for period in column_periods]
    found = metrics.measure(measures, as_of=as_of, **engine_scope(plan))
    key = group_value(plan)
    rows = []
    for target in targets:
        values = {value.period: value.value for value in target.values.all()}
        is_rate = target.metric in RATE_METRICS

        def cell(period: Period, actual: Decimal) -> Cell:
            return make_cell(period, target_value(target, values, period), actual, as_of, year_to_date=is_rate)

        cells = [cell(period, found.get(((target.pk, period), key), ZERO)) for period in column_periods]
        rows.append(TargetProgress(target=target, unit=UNITS[target.metric], is_child=target.parent_id is not None,
                                   year=cell(Period(plan.year, "Y"), year_figure(cells, is_rate, as_of)), cells=cells))
    return PlanProgress(plan=plan, as_of=as_of, view=view if view in VIEWS else PERIOD_VIEW,
                        column_granularity=column_granularity, columns=column_periods, rows=rows)


# --------------------------------------------------------------------------------------- drill-down


def parse_period(year: int, code: str, *, is_cumulative: bool = False) -> Period:
    """A period from a URL: "Y", "Q1".., "M01"..; ValueError for anything else."""
    period = parse(year, code)
    return cumulative(period) if is_cumulative and code != "Y" else period


@dataclass
class DrillDown:
    target: Target
    period: Period
    as_of: date
    family: str
    figure: Decimal  # as the progress table shows it
    rows: QuerySet  # exactly the rows counted
    planned: QuerySet | None  # a completion rate's denominator: the year's plans


RELATED = {
    "events": ("project", "project__team", "project__officer"),
    "projects": ("team", "officer"),
    "fdi": ("project",),
    "entries": ("plan", "plan__project"),
    "interactions": ("project", "enterprise", "recorded_by"),
}
ORDERING = {"events": ("date", "id"), "projects": ("first_event", "id"), "fdi": ("date", "id"),
            "entries": ("plan__project__name", "month", "id"), "interactions": ("date", "id")}


def drill_down(plan: TargetPlan, target: Target, period: Period, as_of: date) -> DrillDown:
    """The rows behind one figure of the plan, from the engine's own filter (metrics.counted)."""
    scope = engine_scope(plan)
    family = metrics.family_of(target.metric)
    figure = metrics.measure([metrics.Measure("drill", target, period)], as_of=as_of, **scope).get(
        ("drill", group_value(plan)), ZERO)
    rows = metrics.counted(target, period, as_of=as_of, **scope)
    rows = rows.select_related(*RELATED[family]).order_by(*ORDERING[family])
    planned = None
    if target.metric in RATE_METRICS:
        planned = metrics.planned(target, period, zone_ids=scope["zone_ids"], group=scope["group"],
                                  only=scope["only"], pairing=scope["pairing"]).select_related("project")
    return DrillDown(target=target, period=period, as_of=as_of, family=family, figure=figure, rows=rows,
                     planned=planned)
