"""The cockpit's figures: a zone's, or every zone's under a city or province, from the metric engine."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth

from zhaoshang.geo.models import Industry
from zhaoshang.projects.choices import PIPELINE, Channel, Stage
from zhaoshang.projects.models import Project, StageEvent
from zhaoshang.targets import metrics
from zhaoshang.targets.choices import Metric
from zhaoshang.targets.models import Target, TargetValue
from zhaoshang.targets.periods import Period

ZERO = Decimal(0)
MONEY = DecimalField(max_digits=18, decimal_places=2)


@dataclass(frozen=True)
class Spec:
    """A metric spec made on the spot (the tiles need no stored target), with the fields metrics reads."""

    metric: str
    stage: str = ""
    min_investment: Decimal | None = None
    min_investment_usd: Decimal | None = None
    foreign_only: bool = False
    industry_id: int | None = None
    industry: Industry | None = None
    channel: str = ""
    major_level: str = ""
    top500_only: bool = False
    sci_tech_only: bool = False


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    unit: str
    spec: Spec


TILES = (
    Tile("signed_count", "新签约项目", "个", Spec(Metric.STAGE_COUNT, Stage.SIGNED)),
    Tile("signed_amount", "新签约总投资", "亿元", Spec(Metric.STAGE_INVESTMENT, Stage.SIGNED)),
    Tile("signed_big", "新签约亿元以上项目", "个", Spec(Metric.STAGE_COUNT, Stage.SIGNED, min_investment=Decimal(10000))),
    Tile("started_count", "新开工项目", "个", Spec(Metric.STAGE_COUNT, Stage.STARTED)),
    Tile("fdi", "实际利用外资", "万美元", Spec(Metric.FDI)),
    Tile("major_rate", "重大项目投资完成率", "%", Spec(Metric.MAJOR_COMPLETION_RATE)),
)


def tile_figures(zone_ids: list[int], year: int, as_of: date) -> dict[str, dict[int, Decimal]]:
    """Each tile's figure per zone for the year to date, in one engine call (a few queries)."""
    period = Period(year, "Y")
    found = metrics.measure([metrics.Measure(tile.key, tile.spec, period) for tile in TILES],
                            zone_ids=zone_ids, as_of=as_of, group="zone")
    figures: dict[str, dict[int, Decimal]] = {tile.key: {} for tile in TILES}
    for (key, zone_id), value in found.items():
        figures[key][zone_id] = value
    return figures


def targets_for_tiles(zone_ids: list[int], year: int) -> dict[str, Decimal]:
    """The zones' own year targets that measure what a tile shows (zone plans, top-level, no extra filter
    beyond the tile's), summed over the zones."""
    found: dict[str, Decimal] = {}
    targets = Target.objects.filter(plan__zone_id__in=zone_ids, plan__year=year, plan__scope="zone",
                                    parent__isnull=True, foreign_only=False, industry__isnull=True, channel="",
                                    major_level="", top500_only=False, sci_tech_only=False)
    values = dict(TargetValue.objects.filter(target__in=targets, period="Y").values_list("target_id", "value"))
    for target in targets:
        for tile in TILES:
            spec = tile.spec
            if (target.metric, target.stage, target.min_investment, target.min_investment_usd) == (
                    spec.metric, spec.stage, spec.min_investment, spec.min_investment_usd) and target.pk in values:
                if tile.key != "major_rate":
                    found[tile.key] = found.get(tile.key, ZERO) + values[target.pk]
                else:
                    found.setdefault(tile.key, values[target.pk])
    return found


def _zone_events(zone_ids: list[int], start: date, end: date):
    """The zones' events in a window. The stage goes in the aggregates' filters, not in WHERE: with the stage
    in WHERE the planner walks the province-wide (stage, date) index instead of the zones' projects."""
    return StageEvent.objects.filter(project__zone_id__in=zone_ids, voided_at__isnull=True,
                                     date__gte=start, date__lte=end).order_by()


def monthly_trend(zone_ids: list[int], year: int, as_of: date) -> dict[str, list[int]]:
    """Signings and starts per month, this year (to date) against last year, from stage events."""
    rows = (_zone_events(zone_ids, date(year - 1, 1, 1), min(as_of, date(year, 12, 31)))
            .annotate(month=ExtractMonth("date")).values("date__year", "month")
            .annotate(signed=Count("project_id", filter=Q(stage=Stage.SIGNED), distinct=True),
                      started=Count("project_id", filter=Q(stage=Stage.STARTED), distinct=True)))
    series = {f"{stage}_{which}": [0] * 12 for stage in (Stage.SIGNED, Stage.STARTED) for which in ("this", "last")}
    for row in rows:
        which = "this" if row["date__year"] == year else "last"
        series[f"signed_{which}"][row["month"] - 1] += row["signed"]
        series[f"started_{which}"][row["month"] - 1] += row["started"]
    return series


def funnel(zone_ids: list[int]) -> list[tuple[str, int]]:
    """Projects in the pipeline now, by current stage (active ones)."""
    counts = dict(Project.objects.filter(zone_id__in=zone_ids, status="active").order_by()
                  .values_list("stage").annotate(n=Count("id")))
    return [(str(Stage(stage).label), counts.get(stage, 0)) for stage in PIPELINE]


def _sections() -> dict[int, tuple[str, str]]:
    """Industry id → its section (门类) code and name, from the few hundred shipped rows."""
    industries = {row["id"]: row for row in Industry.objects.values("id", "code", "name", "parent_id")}
    result = {}
    for industry_id, row in industries.items():
        node = row
        while node["parent_id"] is not None:
            node = industries[node["parent_id"]]
        result[industry_id] = (node["code"], node["name"])
    return result


def signed_by(zone_ids: list[int], year: int, as_of: date) -> dict[str, list[tuple[str, Decimal, int]]]:
    """This year's signed investment (亿元) and count by industry section and by channel."""
    signed = Q(stage=Stage.SIGNED)
    events = _zone_events(zone_ids, date(year, 1, 1), as_of)
    sums = {"total": Coalesce(Sum("project__total_investment_cny", filter=signed), Value(ZERO), output_field=MONEY),
            "n": Count("project_id", filter=signed, distinct=True)}
    sections = _sections()
    by_industry: dict[tuple[str, str], list] = {}
    for row in events.values("project__industry_id").annotate(**sums):
        if not row["n"]:
            continue
        key = sections.get(row["project__industry_id"], ("-", "未填行业"))
        entry = by_industry.setdefault(key, [ZERO, 0])
        entry[0] += row["total"]
        entry[1] += row["n"]
    labels = dict(Channel.choices)
    by_channel = [(str(labels.get(row["project__channel"], "未填")), _yi(row["total"]), row["n"])
                  for row in events.values("project__channel").annotate(**sums) if row["n"]]
    return {
        "industry": sorted(((name, _yi(total), n) for (_, name), (total, n) in by_industry.items()),
                           key=lambda row: -row[1]),
        "channel": sorted(by_channel, key=lambda row: -row[1]),
    }


def _yi(wan: Decimal) -> Decimal:
    return (Decimal(wan) / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def overall_major_rate(zone_ids: list[int], year: int, as_of: date) -> Decimal | None:
    """The completion rate of several zones together: their completed ÷ their planned (not an average of
    rates), from the engine's own rows for numerator and denominator."""
    spec, period = next(tile.spec for tile in TILES if tile.key == "major_rate"), Period(year, "Y")
    done = metrics.counted(spec, period, zone_ids=zone_ids, as_of=as_of).aggregate(total=Sum("amount"))["total"]
    plan = metrics.planned(spec, period, zone_ids=zone_ids).aggregate(total=Sum("planned_investment"))["total"]
    return metrics.percent(done or ZERO, plan) if plan else None
