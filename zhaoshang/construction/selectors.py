"""Reads of construction tracking: a zone's year in figures, the major-project lists and the traffic lights.

Every figure is an aggregate query over the zone's plans, entries and events; the only Python loops run
over rows the database already picked (the lagging, idle or overdue ones), to word their reasons.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from zhaoshang.accounts.access import can_write
from zhaoshang.construction.choices import (
    LEVEL_RANK,
    LIGHT_RANK,
    Light,
    SupervisionKind,
)
from zhaoshang.construction.models import (
    AnnualPlan,
    InvestmentEntry,
    PlanNode,
    Supervision,
)
from zhaoshang.organisation.models import ZoneSettings
from zhaoshang.projects.choices import MajorLevel, ProjectStatus, Stage
from zhaoshang.projects.models import Interaction, Project, StageEvent
from zhaoshang.targets import metrics
from zhaoshang.targets.periods import Period
from zhaoshang.workdays.selectors import WorkCalendar

ZERO = Decimal(0)
MONEY = DecimalField(max_digits=18, decimal_places=2)
MONEY_ZERO = Value(ZERO, output_field=MONEY)

REASON_NODE = "节点“{name}”计划 {planned} 完成, 已逾期 {days} 个工作日"
REASON_LAG = "{year}年投资完成率 {rate}%, 落后时间进度({progress}%) {lag} 个百分点"
REASON_IDLE = "{stage}阶段自 {last} 起 {days} 个工作日无阶段进展或对接记录"
REASON_ESTIMATED = "(含未录入节假日安排的年份, 工作日按周一至周五估算)"


def today() -> date:
    return timezone.localdate()


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part ÷ whole in percent, rounded as the targets engine rounds it; None when there is no whole."""
    return metrics.percent(part, whole) if whole else None


def months_counted(year: int, as_of: date) -> int:
    """How many months of a year's monthly reports count as of a date: the targets engine's rule."""
    return max(0, metrics.months_counted(Period(year, "Y"), as_of)[1])


def zone_settings(zone) -> ZoneSettings:
    """The zone's thresholds; the shipped defaults (unsaved) while the administrator has set none."""
    return ZoneSettings.objects.filter(zone=zone).first() or ZoneSettings(zone=zone)


# ---------------------------------------------------------------------------------- the year in figures


@dataclass(frozen=True)
class Completion:
    """投资完成率 against 时间进度."""

    planned: Decimal
    completed: Decimal
    rate: Decimal | None
    time_progress: Decimal

    @property
    def lag(self) -> Decimal | None:
        """Points behind time progress (negative: ahead of it)."""
        return None if self.rate is None else self.time_progress - self.rate

    @property
    def versus_progress(self) -> str:
        """As a report says it: "超过时间进度13.8个百分点"."""
        if self.lag is None:
            return ""
        if self.lag == 0:
            return "与时间进度持平"
        return f"{'落后' if self.lag > 0 else '超过'}时间进度{abs(self.lag)}个百分点"


@dataclass(frozen=True)
class Starts:
    """开工率: started ÷ planned to start, with how many were due by now."""

    planned: int
    due: int
    started: int

    @property
    def rate(self) -> Decimal | None:
        return percent(Decimal(self.started), Decimal(self.planned))


def year_plans(zone_ids, year: int) -> QuerySet:
    return AnnualPlan.objects.filter(zone_id__in=zone_ids, year=year)


def completed_sum(plans: QuerySet, year: int, as_of: date) -> Decimal:
    return InvestmentEntry.objects.filter(plan__in=plans, month__lte=months_counted(year, as_of)).aggregate(
        total=Coalesce(Sum("amount"), MONEY_ZERO))["total"]


def completion(plans: QuerySet, year: int, as_of: date) -> Completion:
    planned = plans.aggregate(total=Coalesce(Sum("planned_investment"), MONEY_ZERO))["total"]
    completed = completed_sum(plans, year, as_of)
    return Completion(planned=planned, completed=completed, rate=percent(completed, planned),
                      time_progress=Period(year, "Y").time_progress(as_of))


def _started_in(year: int, as_of: date, project_ref: str = "project") -> Exists:
    """An active 开工 event of the project in the year (up to the date looked from)."""
    return Exists(StageEvent.objects.filter(
        project=OuterRef(project_ref), stage=Stage.STARTED, voided_at__isnull=True,
        date__gte=date(year, 1, 1), date__lte=min(as_of, date(year, 12, 31))))


def starts(plans: QuerySet, year: int, as_of: date) -> Starts:
    """Projects whose plan says they start in the year, and how many of them have (开工 event in the year)."""
    planned = plans.filter(planned_start__gte=date(year, 1, 1), planned_start__lte=date(year, 12, 31))
    # The Exists goes in the filter itself: Django 5.2 drops an annotation that only a later aggregate's
    # filter uses when it wraps several aggregates in a subquery (SQLite then reads "started" as text).
    row = planned.aggregate(
        planned=Count("id"), due=Count("id", filter=Q(planned_start__lte=as_of)),
        started=Count("id", filter=_started_in(year, as_of)))
    return Starts(planned=row["planned"], due=row["due"], started=row["started"])


@dataclass(frozen=True)
class LevelRow:
    level: str
    label: str
    count: int
    planned: Decimal
    completed: Decimal

    @property
    def rate(self) -> Decimal | None:
        return percent(self.completed, self.planned)


def level_summary(plans: QuerySet, year: int, as_of: date) -> list[LevelRow]:
    """The major-project lists (省重大/市重大/区重点): count, planned and completed investment per level.

    Planned and completed are two grouped queries: joining entries to plans in one would count a plan's
    planned investment once per monthly entry.
    """
    majors = plans.exclude(major_level="")
    planned = {row["major_level"]: row for row in majors.order_by().values("major_level").annotate(
        n=Count("id"), total=Coalesce(Sum("planned_investment"), MONEY_ZERO))}
    completed = dict(InvestmentEntry.objects.filter(plan__in=majors, month__lte=months_counted(year, as_of))
                     .order_by().values_list("plan__major_level").annotate(total=Sum("amount")))
    return [LevelRow(level, str(label), planned.get(level, {}).get("n", 0),
                     planned.get(level, {}).get("total", ZERO), completed.get(level) or ZERO)
            for level, label in MajorLevel.choices]


def plan_rows(plans: QuerySet, year: int, as_of: date) -> QuerySet:
    """The year's plans with the project, completed investment so far and the 开工 date, for the tables."""
    started_on = StageEvent.objects.filter(project=OuterRef("project"), stage=Stage.STARTED,
                                           voided_at__isnull=True).order_by("date").values("date")[:1]
    return (plans.select_related("project", "project__team", "project__officer", "zone")
            .annotate(completed=Coalesce(Sum("entries__amount",
                                             filter=Q(entries__month__lte=months_counted(year, as_of))),
                                         MONEY_ZERO),
                      started_on=Subquery(started_on))
            .order_by(rank("major_level", LEVEL_RANK), "-planned_investment", "project__code"))


# ------------------------------------------------------------------------------------- traffic lights


@dataclass(frozen=True)
class Condition:
    """Why a project is yellow or red now: one per (project, kind, key), the unit a 督办 item follows."""

    project_id: int
    kind: str
    key: str
    light: str
    reason: str
    since: date


@dataclass
class Conditions:
    items: list[Condition] = field(default_factory=list)
    warnings: tuple[str, ...] = ()

    def by_project(self) -> dict[int, list[Condition]]:
        grouped: dict[int, list[Condition]] = {}
        for item in self.items:
            grouped.setdefault(item.project_id, []).append(item)
        return grouped

    def light_of(self, project_id: int) -> str:
        return worst(item.light for item in self.items if item.project_id == project_id)

    def counts(self) -> dict[str, int]:
        lights = {project: worst(item.light for item in items) for project, items in self.by_project().items()}
        return {Light.RED: sum(1 for light in lights.values() if light == Light.RED),
                Light.YELLOW: sum(1 for light in lights.values() if light == Light.YELLOW)}


def worst(lights) -> str:
    return max(lights, key=LIGHT_RANK.__getitem__, default=Light.GREEN)


def _estimated(reason: str, warnings: tuple[str, ...]) -> str:
    return reason + REASON_ESTIMATED if warnings else reason


def overdue_nodes(active: QuerySet, as_of: date, settings: ZoneSettings, calendar: WorkCalendar) -> list[Condition]:
    """A node not done by its planned date is yellow; red once overdue more than N working days."""
    red_before = calendar.cutoff(as_of, settings.node_red_after_workdays + 1).date
    nodes = PlanNode.objects.filter(project__in=active, actual_date__isnull=True, planned_date__lt=as_of)
    found = []
    for node in nodes.values("id", "project_id", "name", "planned_date"):
        overdue = calendar.between(node["planned_date"], as_of)
        found.append(Condition(
            project_id=node["project_id"], kind=SupervisionKind.NODE_OVERDUE, key=str(node["id"]),
            light=Light.RED if node["planned_date"] < red_before else Light.YELLOW,
            reason=_estimated(REASON_NODE.format(name=node["name"], planned=node["planned_date"],
                                                 days=overdue.days), overdue.warnings),
            since=node["planned_date"] + timedelta(days=1)))
    return found


def lagging_plans(active: QuerySet, as_of: date, settings: ZoneSettings) -> list[Condition]:
    """This year's completion rate behind time progress by more than the zone's points."""
    year = as_of.year
    progress = Period(year, "Y").time_progress(as_of)
    # rate < progress − yellow  ⇔  completed × 100 < (progress − yellow) × planned: filtered in the database.
    threshold = progress - settings.lag_yellow_points
    if threshold <= 0:
        return []
    # A project whose planned start is still ahead has nothing to lag behind yet.
    plans = (AnnualPlan.objects.filter(project__in=active, year=year, planned_investment__gt=0)
             .exclude(planned_start__gt=as_of)
             .annotate(completed=Coalesce(Sum("entries__amount",
                                              filter=Q(entries__month__lte=months_counted(year, as_of))),
                                          MONEY_ZERO))
             .filter(completed__lt=F("planned_investment") * threshold / 100))
    found = []
    for plan in plans.values("project_id", "planned_investment", "completed"):
        rate = percent(plan["completed"], plan["planned_investment"])
        lag = progress - rate
        if lag <= settings.lag_yellow_points:  # rounding of the rate to one decimal
            continue
        found.append(Condition(
            project_id=plan["project_id"], kind=SupervisionKind.LAGGING, key=str(year),
            light=Light.RED if lag > settings.lag_red_points else Light.YELLOW,
            reason=REASON_LAG.format(year=year, rate=rate, progress=progress, lag=lag),
            since=as_of))
    return found


def last_activity(projects: QuerySet) -> QuerySet:
    """Projects annotated with the date of their latest stage event or interaction (`last_activity`)."""
    event = StageEvent.objects.filter(project=OuterRef("pk"), voided_at__isnull=True).order_by("-date")
    contact = Interaction.objects.filter(project=OuterRef("pk")).order_by("-date")
    projects = projects.annotate(last_event=Subquery(event.values("date")[:1]),
                                 last_contact=Subquery(contact.values("date")[:1]))
    # SQLite's MAX(a, b) is NULL when either is; PostgreSQL's GREATEST skips NULLs. Coalescing each side
    # with the other gives both the same answer.
    return projects.annotate(last_activity=Greatest(Coalesce("last_event", "last_contact"),
                                                    Coalesce("last_contact", "last_event")))


def idle_projects(active: QuerySet, as_of: date, settings: ZoneSettings, calendar: WorkCalendar) -> list[Condition]:
    """No stage event and no interaction for the stage's number of working days: yellow, red at twice."""
    limits = {stage: int(days) for stage, days in (settings.idle_workdays or {}).items()
              if stage in Stage.values and int(days) > 0}
    if not limits:
        return []
    yellow = {stage: calendar.cutoff(as_of, days).date for stage, days in limits.items()}
    red = {stage: calendar.cutoff(as_of, 2 * days).date for stage, days in limits.items()}
    condition = Q()
    for stage, cutoff in yellow.items():
        condition |= Q(stage=stage, last_activity__lt=cutoff)
    found = []
    for project in last_activity(active.filter(stage__in=list(limits))).filter(condition).values(
            "pk", "stage", "last_activity"):
        stage, last = project["stage"], project["last_activity"]
        idle = calendar.between(last, as_of)
        found.append(Condition(
            project_id=project["pk"], kind=SupervisionKind.IDLE, key=stage,
            light=Light.RED if last < red[stage] else Light.YELLOW,
            reason=_estimated(REASON_IDLE.format(stage=Stage(stage).label, last=last, days=idle.days),
                              idle.warnings),
            since=last))
    return found


def supervision_conditions(zone, as_of: date, *, settings: ZoneSettings | None = None,
                           project_ids=None) -> Conditions:
    """Every yellow or red condition of the zone's active projects as of a date (a few queries)."""
    settings = settings or zone_settings(zone)
    calendar = WorkCalendar()
    # 暂缓 and 终止 projects are paused or gone on purpose: nobody chases them.
    active = Project.objects.filter(zone=zone, status=ProjectStatus.ACTIVE)
    if project_ids is not None:
        active = active.filter(pk__in=list(project_ids))
    items = (overdue_nodes(active, as_of, settings, calendar) + lagging_plans(active, as_of, settings)
             + idle_projects(active, as_of, settings, calendar))
    # Thresholds counted back across a year nobody entered are estimates: the page says so.
    return Conditions(items=items, warnings=calendar.warnings_for(calendar.unknown_seen))


# ------------------------------------------------------------------------------------------ the pages


@dataclass
class Overview:
    zone: object
    year: int
    as_of: date
    completion: Completion
    starts: Starts
    levels: list[LevelRow]
    rows: list  # AnnualPlan rows with .completed, .rate, .started_on, .light, .reasons
    lights: dict[str, int]
    warnings: tuple[str, ...]


def construction_overview(zone, year: int, as_of: date, *, level: str = "") -> Overview:
    """A zone's construction year: completion rate against time progress, start rate, the major lists
    and the planned projects with their lights (lights as of `as_of`)."""
    plans = year_plans([zone.pk], year)
    conditions = supervision_conditions(zone, as_of)
    by_project = conditions.by_project()
    rows = list(plan_rows(plans.filter(major_level=level) if level else plans, year, as_of))
    for row in rows:
        row.rate = percent(row.completed, row.planned_investment)
        found = by_project.get(row.project_id, [])
        row.light = worst(item.light for item in found)
        row.reasons = [item.reason for item in found]
    return Overview(zone=zone, year=year, as_of=as_of, completion=completion(plans, year, as_of),
                    starts=starts(plans, year, as_of), levels=level_summary(plans, year, as_of), rows=rows,
                    lights=conditions.counts(), warnings=conditions.warnings)


@dataclass
class NodeView:
    node: PlanNode
    state: str  # "done", "late_done", "overdue", "pending"
    light: str
    overdue_days: int | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class MonthCell:
    month: int
    entry: InvestmentEntry | None
    open: bool  # the month has begun, so it may be reported


@dataclass
class ProjectPanel:
    year: int
    as_of: date
    plan: AnnualPlan | None
    other_years: list[AnnualPlan]
    months: list[MonthCell]
    completion: Completion | None
    nodes: list[NodeView]
    light: str
    conditions: list[Condition]
    open_supervisions: int
    can_write: bool
    warnings: tuple[str, ...]


def project_panel(project, user, *, year: int | None = None, as_of: date | None = None) -> ProjectPanel:
    """The 建设 section of a project page: the year's plan, its months, the nodes, the light and why."""
    as_of = as_of or today()
    year = year or as_of.year
    plans = list(project.annual_plans.all())
    plan = next((item for item in plans if item.year == year), None)
    entries = {entry.month: entry for entry in plan.entries.select_related("recorded_by")} if plan else {}
    months = [MonthCell(month, entries.get(month), date(year, month, 1) <= as_of) for month in range(1, 13)]
    plan_completion = None
    if plan:
        plan_completion = completion(AnnualPlan.objects.filter(pk=plan.pk), year, as_of)
    settings = zone_settings(project.zone)
    calendar = WorkCalendar()
    red_before = calendar.cutoff(as_of, settings.node_red_after_workdays + 1).date
    nodes = []
    for node in project.plan_nodes.select_related("responsible"):
        if node.actual_date:
            nodes.append(NodeView(node, "late_done" if node.actual_date > node.planned_date else "done", Light.GREEN))
        elif node.planned_date < as_of:
            overdue = calendar.between(node.planned_date, as_of)
            nodes.append(NodeView(node, "overdue", Light.RED if node.planned_date < red_before else Light.YELLOW,
                                  overdue.days, overdue.warnings))
        else:
            nodes.append(NodeView(node, "pending", Light.GREEN))
    conditions = supervision_conditions(project.zone, as_of, settings=settings, project_ids=[project.pk])
    return ProjectPanel(
        year=year, as_of=as_of, plan=plan, other_years=[item for item in plans if item.year != year],
        months=months, completion=plan_completion, nodes=nodes, light=conditions.light_of(project.pk),
        conditions=conditions.items,
        open_supervisions=project.supervisions.filter(resolved_at__isnull=True).count(),
        can_write=can_write(user, project.zone_id), warnings=conditions.warnings)


# ------------------------------------------------------------------------------------------- 督办 list


def rank(field_name: str, ranks: dict[str, int]) -> Case:
    """An ordering by a choice's rank instead of its stored text ("red" sorts before "yellow" by rank)."""
    return Case(*[When(**{field_name: value}, then=Value(position)) for value, position in ranks.items()],
                default=Value(len(ranks)), output_field=IntegerField())


def visible_supervisions(user) -> QuerySet:
    return (Supervision.objects.visible_to(user)
            .select_related("zone", "project", "project__team", "project__officer", "resolved_by")
            .order_by(rank("light", LIGHT_RANK).desc(), "since", "id"))
