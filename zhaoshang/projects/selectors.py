"""Reads of projects: always scoped to the user's zones, filtered by the one FilterSet."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from zhaoshang.projects.choices import PIPELINE, ProjectStatus, Stage
from zhaoshang.projects.filtersets import ProjectFilterSet
from zhaoshang.projects.models import Interaction, Project, StageEvent

BOARD_CARDS_PER_COLUMN = 40
ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))


def visible_projects(user) -> QuerySet:
    return Project.objects.visible_to(user).with_related()


def filter_projects(request, queryset: QuerySet | None = None) -> ProjectFilterSet:
    """The FilterSet of the request. An invalid value (a date like 2026-03-32) empties the result rather than
    being dropped, which would silently widen the list, the board and the export."""
    base = visible_projects(request.user) if queryset is None else queryset
    filterset = ProjectFilterSet(request.GET or None, queryset=base, request=request)
    if filterset.is_bound and not filterset.is_valid():
        filterset.queryset = base.none()
    return filterset


@dataclass
class BoardColumn:
    stage: str
    label: str
    count: int = 0
    total_cny: Decimal = Decimal(0)
    cards: list = field(default_factory=list)


def board_columns(queryset: QuerySet) -> tuple[list[BoardColumn], dict[str, int]]:
    """Active projects per pipeline stage with count and total, plus the count on hold and dropped."""
    columns = {stage: BoardColumn(stage, str(Stage(stage).label)) for stage in PIPELINE}
    active = queryset.filter(status=ProjectStatus.ACTIVE)
    for row in active.order_by().values("stage").annotate(n=Count("id"), total=Coalesce(Sum("total_investment_cny"), ZERO)):
        columns[row["stage"]].count = row["n"]
        columns[row["stage"]].total_cny = row["total"]
    for column in columns.values():
        if column.count:
            column.cards = list(
                active.filter(stage=column.stage).order_by("-total_investment_cny", "-id")[:BOARD_CARDS_PER_COLUMN]
            )
    others = dict(
        queryset.exclude(status=ProjectStatus.ACTIVE).order_by().values_list("status").annotate(n=Count("id"))
    )
    return list(columns.values()), others


def in_pipeline(projects: QuerySet) -> QuerySet:
    """推进中: active projects that have not yet reached full production (达产 ends the pipeline)."""
    return projects.filter(status=ProjectStatus.ACTIVE).exclude(stage=Stage.FULL_PRODUCTION)


@dataclass
class YearFigures:
    signed_count: int
    signed_total: Decimal
    started_count: int
    started_total: Decimal
    active_count: int
    active_total: Decimal
    interactions: int


def year_figures(projects: QuerySet, interactions: QuerySet, year: int, until: date) -> YearFigures:
    """This year's headline numbers, counted from stage events (the source of truth)."""
    start = date(year, 1, 1)
    events = StageEvent.objects.filter(project__in=projects, voided_at__isnull=True, date__gte=start, date__lte=until)
    by_stage = {
        row["stage"]: row
        for row in events.filter(stage__in=[Stage.SIGNED, Stage.STARTED]).order_by().values("stage").annotate(
            n=Count("id"), total=Coalesce(Sum("project__total_investment_cny"), ZERO)
        )
    }
    active = in_pipeline(projects).aggregate(
        n=Count("id"), total=Coalesce(Sum("total_investment_cny"), ZERO)
    )
    empty = {"n": 0, "total": Decimal(0)}
    return YearFigures(
        signed_count=by_stage.get(Stage.SIGNED, empty)["n"],
        signed_total=by_stage.get(Stage.SIGNED, empty)["total"],
        started_count=by_stage.get(Stage.STARTED, empty)["n"],
        started_total=by_stage.get(Stage.STARTED, empty)["total"],
        active_count=active["n"],
        active_total=active["total"],
        interactions=interactions.filter(date__gte=start, date__lte=until).count(),
    )


def stage_funnel(projects: QuerySet) -> list[tuple[str, int]]:
    """How many projects have reached each stage (and not been corrected back below it)."""
    counts = dict(
        StageEvent.objects.filter(project__in=projects, voided_at__isnull=True, stage__in=PIPELINE)
        .order_by().values_list("stage").annotate(n=Count("project_id", distinct=True))
    )
    return [(str(Stage(stage).label), counts.get(stage, 0)) for stage in PIPELINE]


def recent_events(projects: QuerySet, limit: int = 10) -> QuerySet:
    return (
        StageEvent.objects.filter(project__in=projects, voided_at__isnull=True)
        .select_related("project", "recorded_by").order_by("-date", "-id")[:limit]
    )


def upcoming_next_steps(user, interactions: QuerySet, today: date, limit: int = 10) -> QuerySet:
    """The next steps the user promised (or that sit on their projects), soonest first."""
    return (
        interactions.filter(next_step_due__isnull=False, next_step_due__gte=today)
        .filter(Q(recorded_by=user) | Q(project__officer=user))
        .select_related("project", "enterprise").order_by("next_step_due")[:limit]
    )


def visible_interactions(user) -> QuerySet:
    return Interaction.objects.visible_to(user).select_related("project", "enterprise", "recorded_by", "zone")


def zones_overview(zones: QuerySet, year: int, until: date) -> list[dict]:
    """For a city or province viewer: each zone's pipeline and this year's signings and starts."""
    start = date(year, 1, 1)
    pipeline = {
        row["zone"]: row
        for row in in_pipeline(Project.objects.filter(zone__in=zones)).order_by().values("zone")
        .annotate(n=Count("id"), total=Coalesce(Sum("total_investment_cny"), ZERO))
    }
    events = {
        (row["project__zone"], row["stage"]): row
        for row in StageEvent.objects.filter(
            project__zone__in=zones, voided_at__isnull=True, stage__in=[Stage.SIGNED, Stage.STARTED],
            date__gte=start, date__lte=until,
        ).order_by().values("project__zone", "stage").annotate(
            n=Count("id"), total=Coalesce(Sum("project__total_investment_cny"), ZERO))
    }
    empty = {"n": 0, "total": Decimal(0)}
    return [
        {
            "zone": zone,
            "active": pipeline.get(zone.pk, empty),
            "signed": events.get((zone.pk, Stage.SIGNED), empty),
            "started": events.get((zone.pk, Stage.STARTED), empty),
        }
        for zone in zones.select_related("division")
    ]
