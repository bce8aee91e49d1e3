"""The one place that counts: every target, score and cockpit figure is measured here, by the database.

A measure is a metric spec (what, which projects) over a period, as of a date. `measure` evaluates many of
them at once with conditional aggregation: one query per family of metrics (stage events, leads, FDI,
construction, interactions), grouped by zone, team or officer, so a zone's whole plan, or a province's
ranking of 150 zones, costs a handful of set-based queries however many projects there are.
`counted` returns the rows behind one figure, built from the same filters, for the drill-down.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Hashable, Iterable

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from zhaoshang.construction.models import AnnualPlan, InvestmentEntry
from zhaoshang.core.money import Currency
from zhaoshang.projects.choices import InteractionKind, Stage
from zhaoshang.projects.filtersets import industry_filter_q
from zhaoshang.projects.models import FdiArrival, Interaction, Project, StageEvent
from zhaoshang.targets.choices import Metric
from zhaoshang.targets.periods import Period

ZERO = Decimal(0)
DEFAULT_PAIRING = Decimal(10)  # 1亿元 pairs with 1000万美元 (EVALUATION.md: "nominal 10 : 1")
MONEY = DecimalField(max_digits=18, decimal_places=2)

# Where the zone, team and officer of a row sit, per family of rows.
GROUP_FIELDS = {
    "events": {"zone": "project__zone_id", "team": "project__team_id", "officer": "project__officer_id"},
    "projects": {"zone": "zone_id", "team": "team_id", "officer": "officer_id"},
    "fdi": {"zone": "zone_id", "team": "project__team_id", "officer": "project__officer_id"},
    "entries": {"zone": "plan__zone_id", "team": "plan__project__team_id", "officer": "plan__project__officer_id"},
    "plans": {"zone": "zone_id", "team": "project__team_id", "officer": "project__officer_id"},
    "interactions": {"zone": "zone_id", "team": "project__team_id", "officer": "recorded_by_id"},
}
PROJECT_PREFIX = {"events": "project__", "projects": "", "fdi": "project__", "entries": "plan__project__",
                  "plans": "project__", "interactions": "project__"}


@dataclass(frozen=True)
class Measure:
    key: Hashable  # the caller's name for this figure, e.g. (target id, "Q1")
    spec: object  # a MetricSpec: Target or ScoreIndicator
    period: Period


def project_q(spec, *, prefix: str = "", pairing: Decimal = DEFAULT_PAIRING, with_major: bool = True) -> Q:
    """Which projects a spec counts, by their facts. `prefix` reaches the project from the counted rows.

    `with_major=False` leaves the major level to the year's list (construction rows): a project's level
    today is not the list it was on that year.
    """
    q = Q()
    usd, cny = spec.min_investment_usd, spec.min_investment
    if usd is not None:
        # "亿元(或1000万美元)以上": a USD project at its own USD amount, the rest at their 万元 figure.
        cny_threshold = cny if cny is not None else usd * pairing
        q &= (Q(**{f"{prefix}currency": Currency.USD, f"{prefix}total_investment__gte": usd})
              | (~Q(**{f"{prefix}currency": Currency.USD}) & Q(**{f"{prefix}total_investment_cny__gte": cny_threshold})))
    elif cny is not None:
        q &= Q(**{f"{prefix}total_investment_cny__gte": cny})
    if spec.foreign_only:
        q &= Q(**{f"{prefix}is_foreign": True})
    if spec.industry_id:
        q &= industry_filter_q(spec.industry, prefix=prefix)
    if spec.channel:
        q &= Q(**{f"{prefix}channel": spec.channel})
    if spec.major_level and with_major:
        q &= Q(**{f"{prefix}major_level": spec.major_level})
    if spec.top500_only:
        q &= ~Q(**{f"{prefix}top500": ""})
    if spec.sci_tech_only:
        q &= Q(**{f"{prefix}is_sci_tech": True})
    return q


def family_of(metric: str) -> str:
    """Which rows a metric counts: events, projects, fdi, entries or interactions."""
    return {
        Metric.STAGE_COUNT: "events", Metric.STAGE_INVESTMENT: "events", Metric.LEADS: "projects",
        Metric.FDI: "fdi", Metric.MAJOR_COMPLETED: "entries", Metric.MAJOR_COMPLETION_RATE: "entries",
        Metric.INTERACTIONS: "interactions", Metric.PROMOTION_EVENTS: "interactions",
    }[metric]


def _major_q(spec, prefix: str) -> Q:
    """Major projects are those on the year's lists: a plan with a level (the spec's, when it names one)."""
    if spec.major_level:
        return Q(**{f"{prefix}major_level": spec.major_level})
    return ~Q(**{f"{prefix}major_level": ""})


def months_counted(period: Period, as_of: date) -> tuple[int, int]:
    """The months of a period whose monthly reports count as of a date (none before the period starts)."""
    if as_of < period.start:
        return period.first_month, period.first_month - 1
    last = period.last_month if as_of > period.end else min(period.last_month, as_of.month)
    return period.first_month, last


def _row_filter(measure: Measure, family: str, as_of: date, pairing: Decimal) -> Q:
    """The rows of a family that one measure counts."""
    spec, period = measure.spec, measure.period
    prefix = PROJECT_PREFIX[family]
    if family == "events":
        return (Q(stage=spec.stage, date__gte=period.start, date__lte=period.until(as_of))
                & project_q(spec, prefix=prefix, pairing=pairing))
    if family == "projects":
        return Q(first_event__gte=period.start, first_event__lte=period.until(as_of)) & project_q(spec, pairing=pairing)
    if family == "fdi":
        return Q(date__gte=period.start, date__lte=period.until(as_of)) & project_q(spec, prefix=prefix, pairing=pairing)
    if family == "interactions":
        q = Q(date__gte=period.start, date__lte=period.until(as_of))
        return q & Q(kind=InteractionKind.EVENT) if spec.metric == Metric.PROMOTION_EVENTS else q
    first, last = months_counted(period, as_of)
    if spec.metric == Metric.MAJOR_COMPLETION_RATE and last >= first:
        # A completion rate is year to date: completed so far ÷ the year's plan. A period not begun on
        # `as_of` counts nothing, as when it is measured on its own (measure skips it).
        first = 1
    return (Q(plan__year=period.year, month__gte=first, month__lte=last) & _major_q(spec, "plan__")
            & project_q(spec, prefix=prefix, pairing=pairing, with_major=False))


def _base(family: str, zone_ids: list[int], start: date, end: date) -> QuerySet:
    if family == "events":
        return StageEvent.objects.filter(project__zone_id__in=zone_ids, voided_at__isnull=True,
                                         date__gte=start, date__lte=end)
    if family == "projects":
        first = StageEvent.objects.filter(project=OuterRef("pk"), voided_at__isnull=True).order_by("date")
        # Only projects first seen in the window: the database repeats the subquery in every FILTER clause,
        # so a zone's older projects would cost it once per measure (12 months of leads: 10× slower).
        return (Project.objects.filter(zone_id__in=zone_ids).annotate(first_event=Subquery(first.values("date")[:1]))
                .filter(first_event__gte=start, first_event__lte=end))
    if family == "fdi":
        return FdiArrival.objects.filter(zone_id__in=zone_ids, date__gte=start, date__lte=end)
    if family == "interactions":
        return Interaction.objects.filter(zone_id__in=zone_ids, date__gte=start, date__lte=end)
    return InvestmentEntry.objects.filter(plan__zone_id__in=zone_ids, plan__year__gte=start.year,
                                          plan__year__lte=end.year)


def _aggregate(measure: Measure, family: str, condition: Q):
    metric = measure.spec.metric
    if metric in (Metric.STAGE_COUNT, Metric.LEADS):
        field = "project_id" if family == "events" else "id"
        return Count(field, filter=condition, distinct=True)
    if metric == Metric.STAGE_INVESTMENT:
        return Coalesce(Sum("project__total_investment_cny", filter=condition), Value(ZERO), output_field=MONEY)
    if metric == Metric.FDI:
        return Coalesce(Sum("amount_usd", filter=condition), Value(ZERO), output_field=MONEY)
    if family == "interactions":
        return Count("id", filter=condition)
    return Coalesce(Sum("amount", filter=condition), Value(ZERO), output_field=MONEY)


def measure(measures: list[Measure], *, zone_ids: Iterable[int], as_of: date, group: str = "zone",
            only: Iterable[int] | None = None, pairing: Decimal = DEFAULT_PAIRING) -> dict[tuple, Decimal]:
    """{(measure key, group value): figure} for every measure and every zone, team or officer.

    `only` restricts to some teams or officers (a team's own plan); groups with nothing counted are absent
    (read them as zero).
    """
    zone_ids = list(zone_ids)
    results: dict[tuple, Decimal] = {}
    by_family: dict[str, list[Measure]] = defaultdict(list)
    for item in measures:
        by_family[family_of(item.spec.metric)].append(item)
    for family, items in by_family.items():
        start = min(item.period.start for item in items)
        end = max(item.period.until(as_of) for item in items)
        if end < start:
            continue
        rows = _base(family, zone_ids, start, end)
        group_field = GROUP_FIELDS[family][group]
        if only is not None:
            rows = rows.filter(**{f"{group_field}__in": list(only)})
        aggregates = {f"m{index}": _aggregate(item, family, _row_filter(item, family, as_of, pairing))
                      for index, item in enumerate(items)}
        for row in rows.order_by().values(group_field).annotate(**aggregates):
            for index, item in enumerate(items):
                results[(item.key, row[group_field])] = Decimal(row[f"m{index}"] or 0)
        if any(item.spec.metric == Metric.MAJOR_COMPLETION_RATE for item in items):
            _rates(items, zone_ids, group, only, pairing, results)
    return results


def _rates(items: list[Measure], zone_ids: list[int], group: str, only, pairing: Decimal,
           results: dict[tuple, Decimal]) -> None:
    """Turn completed-to-date sums into percentages of the year's planned investment (投资完成率)."""
    group_field = GROUP_FIELDS["plans"][group]
    plans = _plans(zone_ids, group, only)
    rate_items = [item for item in items if item.spec.metric == Metric.MAJOR_COMPLETION_RATE]
    planned = {f"p{index}": Coalesce(Sum("planned_investment", filter=_plan_filter(item.spec, item.period, pairing)),
                                     Value(ZERO), output_field=MONEY)
               for index, item in enumerate(rate_items)}
    for row in plans.order_by().values(group_field).annotate(**planned):
        for index, item in enumerate(rate_items):
            key = (item.key, row[group_field])
            plan = Decimal(row[f"p{index}"] or 0)
            results[key] = percent(results.get(key, ZERO), plan) if plan else ZERO


def _plan_filter(spec, period: Period, pairing: Decimal) -> Q:
    """The annual plans whose planned investment is the denominator of a completion rate."""
    return (Q(year=period.year) & _major_q(spec, "")
            & project_q(spec, prefix="project__", pairing=pairing, with_major=False))


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """part ÷ whole in percent with one decimal, rounded half up as reports print it (65.25 → 65.3)."""
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def counted(spec, period: Period, *, zone_ids: Iterable[int], as_of: date, group: str = "zone",
            only: Iterable[int] | None = None, pairing: Decimal = DEFAULT_PAIRING) -> QuerySet:
    """The rows behind one figure (stage events, projects, arrivals, monthly entries or interactions)."""
    family = family_of(spec.metric)
    item = Measure("drill", spec, period)
    rows = _base(family, list(zone_ids), period.start, period.until(as_of))
    if only is not None:
        rows = rows.filter(**{f"{GROUP_FIELDS[family][group]}__in": list(only)})
    return rows.filter(_row_filter(item, family, as_of, pairing))


def planned(spec, period: Period, *, zone_ids: Iterable[int], group: str = "zone",
            only: Iterable[int] | None = None, pairing: Decimal = DEFAULT_PAIRING) -> QuerySet:
    """The annual plans behind a completion rate's denominator (the year's planned investment)."""
    return _plans(zone_ids, group, only).filter(_plan_filter(spec, period, pairing))


def _plans(zone_ids: Iterable[int], group: str, only: Iterable[int] | None) -> QuerySet:
    plans = AnnualPlan.objects.filter(zone_id__in=list(zone_ids))
    if only is not None:
        plans = plans.filter(**{f"{GROUP_FIELDS['plans'][group]}__in": list(only)})
    return plans


__all__ = ["Measure", "counted", "family_of", "measure", "percent", "planned", "project_q", "Stage"]
