"""The cockpit (数据驾驶舱): one page per zone, one per city or province; every table exports to .xlsx."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from zhaoshang.accounts.access import home_zone, visible_zones
from zhaoshang.assessment.selectors import default_period, scorecard_overview, visible_scorecards
from zhaoshang.cockpit import selectors
from zhaoshang.construction.selectors import visible_supervisions
from zhaoshang.core.money import to_yi
from zhaoshang.core.views import xlsx_response
from zhaoshang.core.xlsx import Column, write_workbook

SUPERVISIONS_SHOWN = 15


def _as_of(request) -> date:
    today = timezone.localdate()
    try:
        as_of = date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return today
    return min(as_of, today)


def _tile_rows(figures, targets, zone_ids, year, as_of):
    rows = []
    for tile in selectors.TILES:
        values = figures[tile.key]
        if tile.key == "major_rate":
            actual = selectors.overall_major_rate(zone_ids, year, as_of)
        else:
            actual = sum(values.values(), selectors.ZERO)
        shown = to_yi(actual) if tile.unit == "亿元" and actual is not None else actual
        target = targets.get(tile.key)
        target_shown = to_yi(target) if tile.unit == "亿元" and target is not None else target
        rate = (actual * 100 / target).quantize(selectors.Decimal("0.1")) if target and actual is not None else None
        rows.append({"tile": tile, "actual": shown, "target": target_shown, "rate": rate})
    return rows


def _rankings(cards, as_of: date) -> list[dict]:
    """Each scorecard's ranking for its latest complete period, with the red flag's holder and streak, in
    one scoring pass per card."""
    rankings = []
    for card in cards:
        overview = scorecard_overview(card, default_period(card, as_of), as_of)
        rankings.append({"card": card, "period": overview.period, "rows": overview.rows, "flag": overview.flag})
    return rankings


def _context(user, zone_ids: list[int], as_of: date) -> dict:
    year = as_of.year
    figures = selectors.tile_figures(zone_ids, year, as_of)
    supervisions = visible_supervisions(user).filter(zone_id__in=zone_ids, resolved_at__isnull=True)
    return {
        "supervisions": supervisions[:SUPERVISIONS_SHOWN],
        "supervision_count": supervisions.count(),
        "year": year,
        "as_of": as_of,
        "figures": figures,
        "tiles": _tile_rows(figures, selectors.targets_for_tiles(zone_ids, year), zone_ids, year, as_of),
        "funnel": selectors.funnel(zone_ids),
        "trend": selectors.monthly_trend(zone_ids, year, as_of),
        "signed_by": selectors.signed_by(zone_ids, year, as_of),
    }


@login_required
def cockpit(request):
    """A zone's staff land on their zone's cockpit; a city or province viewer on the division's."""
    zone = home_zone(request.user)
    if zone is not None:
        return zone_cockpit(request, zone.pk)
    return division_cockpit(request)


@login_required
def zone_cockpit(request, pk):
    zone = get_object_or_404(visible_zones(request.user), pk=pk)
    as_of = _as_of(request)
    context = _context(request.user, [zone.pk], as_of) | {"zone": zone}
    # A zone's page ranks its teams; where the zone stands among the province's zones is on the
    # division's page and the scorecard's own page (one live ranking of every zone per page view is the
    # division page's cost, not each zone's).
    context["rankings"] = _rankings(visible_scorecards(request.user).filter(year=as_of.year, zone=zone), as_of)
    if request.GET.get("export"):
        context["all_supervisions"] = visible_supervisions(request.user).filter(zone=zone, resolved_at__isnull=True)
        return _export(request.GET["export"], context, f"{zone.name}-驾驶舱")
    return render(request, "cockpit/zone.html", context)


@login_required
def division_cockpit(request):
    zones = list(visible_zones(request.user).select_related("division").order_by("name"))
    as_of = _as_of(request)
    zone_ids = [zone.pk for zone in zones]
    context = _context(request.user, zone_ids, as_of)
    context["zone_rows"] = [
        {"zone": zone, **{tile.key: context["figures"][tile.key].get(zone.pk, selectors.ZERO)
                          for tile in selectors.TILES}}
        for zone in zones
    ]
    context["scope_name"] = request.user.division.full_name if request.user.division_id else "全部园区"
    context["rankings"] = _rankings(visible_scorecards(request.user).filter(
        year=as_of.year, scope="division_zones"), as_of)
    if request.GET.get("export"):
        context["all_supervisions"] = visible_supervisions(request.user).filter(zone_id__in=zone_ids,
                                                                                resolved_at__isnull=True)
        return _export(request.GET["export"], context, f"{context['scope_name']}-驾驶舱")
    return render(request, "cockpit/division.html", context)


def _export(which: str, context: dict, name: str):
    """Each table of the page as its own sheet."""
    if which == "tiles":
        columns = [Column("指标"), Column("单位"), Column("完成"), Column("目标"), Column("完成率(%)")]
        rows = [(row["tile"].label, row["tile"].unit, row["actual"], row["target"], row["rate"])
                for row in context["tiles"]]
    elif which in ("industry", "channel"):
        columns = [Column("行业门类" if which == "industry" else "招商方式"), Column("签约总投资(亿元)"),
                   Column("签约项目(个)")]
        rows = context["signed_by"][which]
    elif which == "trend":
        columns = [Column("月份"), Column("今年签约"), Column("去年签约"), Column("今年开工"), Column("去年开工")]
        trend = context["trend"]
        rows = [(f"{month + 1}月", trend["signed_this"][month], trend["signed_last"][month],
                 trend["started_this"][month], trend["started_last"][month]) for month in range(12)]
    elif which == "funnel":
        columns = [Column("阶段"), Column("在推进项目(个)")]
        rows = context["funnel"]
    elif which.startswith("ranking-"):
        found = [item for item in context.get("rankings", []) if str(item["card"].pk) == which[8:]]
        if not found:
            raise Http404("没有这张表")
        columns = [Column("排名"), Column("对象", width=30), Column("得分")]
        rows = [(row.rank, str(row.subject), row.score) for row in found[0]["rows"]]
    elif which == "supervision":
        columns = [Column("灯号"), Column("园区", width=24), Column("项目", width=30), Column("类型"),
                   Column("原因", width=50), Column("责任人"), Column("起始日期")]
        rows = [(item.get_light_display(), item.zone.name, item.project.name, item.get_kind_display(), item.reason,
                 item.project.officer.display_name if item.project.officer else "", item.since)
                for item in context["all_supervisions"]]
    elif which == "zones" and "zone_rows" in context:
        columns = [Column("园区", width=30)] + [Column(f"{tile.label}({tile.unit})") for tile in selectors.TILES]
        rows = [(row["zone"].name, *[to_yi(row[tile.key]) if tile.unit == "亿元" else row[tile.key]
                                     for tile in selectors.TILES]) for row in context["zone_rows"]]
    else:
        raise Http404("没有这张表")
    data = write_workbook(title="数据", columns=columns, rows=rows)
    return xlsx_response(data, f"{name}-{which}-{context['as_of']:%Y%m%d}.xlsx")
