"""Reads of evaluation runs: lists, a run's summary, comparison, report cards, idle land, an enterprise's years.

Everything about a run is read from what the run stored (its spec, benchmarks and the results' copies of the
inputs), never from the live data or scheme, so a published year reads the same forever. Idle land is the
exception: it is about parcels as they are now, and says so on its page.
"""

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum

from zhaoshang.evaluation.engine.indicators import CATALOGUE
from zhaoshang.evaluation.engine.scheme import (
    ABOVE, BELOW, CLASSES, GROUP_LABELS, MINMAX, SchemeError, SchemeSpec,
)
from zhaoshang.evaluation.engine.score import NOT_RATED, OUT, RATED, STATUS_LABELS, Benchmark
from zhaoshang.evaluation.engine.whatif import FIGURES, WhatIf, what_it_takes
from zhaoshang.evaluation.filtersets import ResultFilterSet
from zhaoshang.evaluation.models import EnterpriseYear, EvaluationResult, EvaluationRun, Parcel, RunStatus

ZERO = Decimal(0)
ROWS = CLASSES + ("T",)
NONE = "—"  # not rated last year (no data, out of scope, or no published run)
CLASS_COLOURS = {"A": "#3a7d44", "B": "#1f4e8c", "C": "#d98a1f", "D": "#c0392b", "T": "#8a94a6"}


def number(value, places: int = 4) -> str:
    """12.3456789 → "12.3457", 0.5 → "0.5", 1200 → "1,200"; None → "—" (figures as a person writes them)."""
    if value is None:
        return "—"
    return f"{value:,.{places}f}".rstrip("0").rstrip(".")


def spec_of(run: EvaluationRun) -> SchemeSpec | None:
    """The scheme the run used; None if its stored settings no longer load (shown as such, never guessed)."""
    try:
        return SchemeSpec.from_dict(run.spec)
    except SchemeError:
        return None


# ------------------------------------------------------------------------------------------------ lists


def runs_for(user, zone=None) -> QuerySet:
    """Runs of the zones the user sees (one zone when given), newest year first."""
    runs = EvaluationRun.objects.visible_to(user).select_related("zone", "job", "created_by", "published_by")
    return runs.filter(zone=zone) if zone is not None else runs


def data_years(zone) -> list[int]:
    """Years the zone has imported figures for, newest first (the years a run can evaluate)."""
    return list(EnterpriseYear.objects.filter(zone=zone).order_by("-year").values_list("year", flat=True).distinct())


def published_run(zone_id: int, year: int) -> EvaluationRun | None:
    return EvaluationRun.objects.filter(zone_id=zone_id, year=year, status=RunStatus.PUBLISHED).first()


def result_list(run: EvaluationRun, data, request=None) -> tuple[ResultFilterSet, QuerySet]:
    """The run's results as filtered by `data` (the list page, and any export of a filtered list)."""
    queryset = run.results.order_by("group", "rank", "credit_code")
    filterset = ResultFilterSet(data if data is not None else {}, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    return filterset, rows


# --------------------------------------------------------------------------------------------- summary


@dataclass
class ClassRow:
    klass: str
    count: int = 0
    land: Decimal = ZERO
    tax: Decimal = ZERO
    revenue: Decimal = ZERO
    land_share: Decimal | None = None
    tax_share: Decimal | None = None
    revenue_share: Decimal | None = None

    @property
    def label(self) -> str:
        return "T(暂不评价)" if self.klass == "T" else f"{self.klass}类" if self.klass in CLASSES else self.klass

    @property
    def tax_per_mu(self) -> Decimal | None:
        return (self.tax / self.land).quantize(Decimal("0.01")) if self.land else None


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1")) if whole else None


def _class_rows(aggregates: list[dict]) -> tuple[list[ClassRow], ClassRow]:
    """Rows A–D and T with shares of the rated classes' land, tax and revenue, and the rated total."""
    rows = {klass: ClassRow(klass) for klass in ROWS}
    for item in aggregates:
        if item["klass"] in rows:
            row = rows[item["klass"]]
            row.count += item["count"]
            row.land += item["land"] or ZERO
            row.tax += item["tax"] or ZERO
            row.revenue += item["revenue"] or ZERO
    total = ClassRow("合计(参评)")
    for klass in CLASSES:
        for name in ("count", "land", "tax", "revenue"):
            setattr(total, name, getattr(total, name) + getattr(rows[klass], name))
    for klass in CLASSES:
        row = rows[klass]
        row.land_share, row.tax_share = _share(row.land, total.land), _share(row.tax, total.tax)
        row.revenue_share = _share(row.revenue, total.revenue)
    return [rows[klass] for klass in ROWS], total


def run_summary(run: EvaluationRun) -> dict:
    """Class counts per group; land, tax and revenue by class with shares; the D list; T and out-of-scope
    counts; change from last year's published run; and chart data."""
    aggregates = list(run.results.order_by().values("group", "klass", "status").annotate(
        count=Count("pk"), land=Sum("land_mu"), tax=Sum("tax"), revenue=Sum("revenue")))
    spec = spec_of(run)
    groups = []
    for group in (ABOVE, BELOW):
        items = [item for item in aggregates if item["group"] == group]
        if not items:
            continue
        rows, total = _class_rows(items)
        groups.append({
            "group": group, "label": GROUP_LABELS[group], "rows": rows, "total": total,
            "out": sum(item["count"] for item in items if item["status"] == OUT),
            "t": sum(item["count"] for item in items if item["status"] == NOT_RATED),
        })
    overall, overall_total = _class_rows(aggregates)
    d_list = list(run.results.filter(klass="D").order_by("group", "total", "credit_code"))
    return {
        "groups": groups,
        "overall": overall,
        "overall_total": overall_total,
        "evaluated": sum(item["count"] for item in aggregates),
        "rated": overall_total.count,
        "t": sum(item["count"] for item in aggregates if item["status"] == NOT_RATED),
        "out": sum(item["count"] for item in aggregates if item["status"] == OUT),
        "underused": run.results.filter(underused=True).count(),
        "d_list": d_list,
        "change": change_from_last_year(run),
        "benchmarks": benchmark_rows(run, spec),
        "chart": {
            "classes": list(ROWS),
            "colours": [CLASS_COLOURS[klass] for klass in ROWS],
            "groups": [{"name": g["label"], "counts": [row.count for row in g["rows"]]} for g in groups],
            "land": [float(row.land) for row in overall[:4]],
            "tax": [float(row.tax) for row in overall[:4]],
            "revenue": [float(row.revenue) for row in overall[:4]],
        },
    }


def benchmark_rows(run: EvaluationRun, spec: SchemeSpec | None) -> list[dict]:
    """The benchmarks the run used, one row per group and indicator, with weight and cap."""
    if spec is None:
        return []
    rows = []
    for ind in spec.indicators:
        stored = run.benchmarks.get(ind.group, {}).get(ind.key)
        if stored is None:
            continue
        indicator = CATALOGUE[ind.key]
        rows.append({
            "group": GROUP_LABELS[ind.group], "label": indicator.label, "unit": indicator.unit, "weight": ind.weight,
            "cap": ind.cap * ind.weight if ind.cap is not None else None, "value": stored.get("value"),
            "basis": stored.get("basis", ""), "min": stored.get("min"), "max": stored.get("max"),
            "average_score": stored.get("average_score"), "minmax": spec.method == MINMAX,
            "value_text": number(stored.get("value")), "min_text": number(stored.get("min")),
            "max_text": number(stored.get("max")),
        })
    return rows


def change_from_last_year(run: EvaluationRun) -> dict | None:
    """From → to class matrix against last year's published run, and how many moved up or down."""
    previous = published_run(run.zone_id, run.year - 1)
    if previous is None:
        return None
    before = dict(previous.results.values_list("credit_code", "klass"))
    matrix = {source: {target: 0 for target in ROWS} for source in ROWS + (NONE,)}
    up = down = same = 0
    for code, klass in run.results.filter(klass__in=ROWS).values_list("credit_code", "klass"):
        source = before.get(code) or NONE
        source = source if source in ROWS else NONE
        matrix[source][klass] += 1
        if source in CLASSES and klass in CLASSES:
            step = CLASSES.index(klass) - CLASSES.index(source)
            up, down, same = up + (step < 0), down + (step > 0), same + (step == 0)
    return {
        "previous": previous, "rows": [(source, [matrix[source][target] for target in ROWS])
                                       for source in ROWS + (NONE,)],
        "columns": ROWS, "up": up, "down": down, "same": same,
    }


# --------------------------------------------------------------------------------------------- compare


def compare(run: EvaluationRun, other: EvaluationRun) -> dict:
    """Class counts of two runs of one zone-year side by side, and the enterprises whose class differs."""
    counts = []
    for group in (ABOVE, BELOW):
        mine, theirs = run.counts.get(group, {}), other.counts.get(group, {})
        if not mine and not theirs:
            continue
        counts.append({"label": GROUP_LABELS[group], "rows": [
            {"klass": klass, "run": mine.get(klass, 0), "other": theirs.get(klass, 0),
             "delta": mine.get(klass, 0) - theirs.get(klass, 0)} for klass in ROWS + ("out",)]})
    before = {code: (klass, total) for code, klass, total in
              other.results.values_list("credit_code", "klass", "total")}
    changes = []
    for pk, code, name, group, klass, total in run.results.order_by("group", "rank", "credit_code").values_list(
            "pk", "credit_code", "name", "group", "klass", "total"):
        old_klass, old_total = before.pop(code, (None, None))
        if old_klass != klass:
            changes.append({"pk": pk, "credit_code": code, "name": name, "group": GROUP_LABELS.get(group, group),
                            "from": _class_label(old_klass), "to": _class_label(klass), "from_total": old_total,
                            "to_total": total, "direction": _direction(old_klass, klass)})
    gone = [{"credit_code": code, "klass": _class_label(klass)} for code, (klass, _) in before.items()]
    return {"counts": counts, "changes": changes, "gone": gone,
            "up": sum(1 for c in changes if c["direction"] == "up"),
            "down": sum(1 for c in changes if c["direction"] == "down")}


def _class_label(klass: str | None) -> str:
    if klass is None:
        return "无数据"
    return klass or "不在范围"


def _direction(source: str | None, target: str) -> str:
    if source in CLASSES and target in CLASSES and source != target:
        return "up" if CLASSES.index(target) < CLASSES.index(source) else "down"
    return ""


# ------------------------------------------------------------------------------------------ report card


def report_card(result: EvaluationResult) -> dict:
    """One enterprise in one run: indicators against benchmarks, bonus, policies, earlier classes and what
    it would take to reach the next class."""
    run = result.run
    spec = spec_of(run)
    indicators = []
    if spec is not None and result.status == RATED:
        stored_benchmarks = run.benchmarks.get(result.group, {})
        for ind in spec.indicators_of(result.group):
            item = result.indicators.get(ind.key, {})
            bench = stored_benchmarks.get(ind.key, {})
            indicator = CATALOGUE[ind.key]
            indicators.append({
                "key": ind.key, "label": indicator.label, "unit": indicator.unit, "note": indicator.note,
                "value": item.get("value"), "score": item.get("score"), "imputed": item.get("imputed", False),
                "benchmark": bench.get("value"), "basis": bench.get("basis", ""), "min": bench.get("min"),
                "max": bench.get("max"), "weight": ind.weight,
                "cap": ind.cap * ind.weight if ind.cap is not None else None,
                "capped": ind.cap is not None and item.get("score") is not None
                and item["score"] >= round(ind.cap * ind.weight, 2),
                "missing_rule": ind.missing, "value_text": number(item.get("value")),
                "benchmark_text": number(bench.get("value")), "min_text": number(bench.get("min")),
                "max_text": number(bench.get("max")),
            })
    leader = _unit_leader(result)
    return {
        "result": result, "run": run, "spec": spec, "indicators": indicators,
        "indicator_total": round(sum(item["score"] or 0 for item in indicators), 2),
        "bonuses": result.bonuses, "policies": result.policies,
        "bonus_capped": round(sum(item["points"] for item in result.bonuses), 2) != round(float(result.bonus), 2),
        "history": class_history(run.zone_id, result.credit_code, before=run.year),
        "leader": leader,
        "whatif": whatif_for(result, spec) if spec is not None else None,
        "minmax": spec is not None and spec.method == MINMAX,
    }


def class_history(zone_id: int, credit_code: str, *, before: int) -> list[dict]:
    """The enterprise's classes in the zone's published runs of earlier years, newest first."""
    rows = EvaluationResult.objects.filter(
        run__zone_id=zone_id, run__status=RunStatus.PUBLISHED, run__year__lt=before, credit_code=credit_code,
    ).order_by("-run__year").values("run__year", "klass", "total", "run_id", "pk")
    return [{"year": row["run__year"], "klass": row["klass"], "total": row["total"], "run_id": row["run_id"],
             "pk": row["pk"]} for row in rows]


def _unit_leader(result: EvaluationResult) -> EvaluationResult | None:
    """For a tenant graded with its parcel owner: the owner's result (whose figures stand for both)."""
    if not result.follows:
        return None
    return result.run.results.filter(credit_code=result.follows).first()


def unit_figures(result: EvaluationResult) -> dict[str, float]:
    """The figures that stood for the result's unit: its own, or the pool's sums (a figure missing for any
    member is missing for the pool), or — for a tenant — its parcel owner's."""
    if result.status != RATED or not result.unit:
        return _figures(result)
    members = result.run.results.filter(unit=result.unit, status=RATED, follows="")
    totals = {name: 0.0 for name in FIGURES}
    for member in members.only("land_mu", "revenue", "tax", "inputs"):
        for name, value in _figures(member).items():
            totals[name] += value  # NaN stays NaN
    return totals


def _figures(result: EvaluationResult) -> dict[str, float]:
    figures = {"land_mu": float(result.land_mu), "revenue": float(result.revenue), "tax": float(result.tax)}
    for name in FIGURES:
        if name not in figures:
            value = result.inputs.get(name)
            figures[name] = math.nan if value is None else float(value)
    return figures


def whatif_for(result: EvaluationResult, spec: SchemeSpec) -> WhatIf | None:
    """What the result's unit needs for the next class, from the run's stored benchmarks and totals."""
    if result.status != RATED or result.klass not in CLASSES:
        return None
    run = result.run
    benchmarks = {key: Benchmark.from_dict(data) for key, data in run.benchmarks.get(result.group, {}).items()}
    others = [float(total) for unit, total in run.results.filter(group=result.group, status=RATED)
              .exclude(unit=result.unit).order_by().values_list("unit", "total").distinct() if total is not None]
    return what_it_takes(unit_figures(result), result.group, spec, benchmarks, float(result.bonus), result.klass,
                         others, forced=bool(result.forced))


# ------------------------------------------------------------------------------------------- idle land


def idle_land(run: EvaluationRun) -> dict:
    """已供未用 and 用而不足 for the run's zone and year, each with area and parcel, and their totals.

    已供未用: parcels supplied at least `idle_years` before the end of the year on which no enterprise reported
    revenue in the last `idle_years` years, and enterprises on land that reported no revenue in each of those
    years (not counted twice when they sit on such a parcel). 用而不足: the run's under-used results.
    """
    spec = spec_of(run)
    years = spec.idle_years if spec is not None else 2
    share = spec.underuse_share if spec is not None else 50.0
    first_year = run.year - years + 1
    producing = EnterpriseYear.objects.filter(parcel=OuterRef("pk"), year__gte=first_year, year__lte=run.year,
                                              revenue__gt=0)
    parcels = list(Parcel.objects.filter(zone_id=run.zone_id, supplied_on__lte=date(run.year - years, 12, 31))
                   .annotate(producing=Exists(producing)).filter(producing=False).select_related("owner")
                   .order_by("supplied_on", "code"))
    idle_parcel_ids = {parcel.pk for parcel in parcels}
    zero_years = (EnterpriseYear.objects.filter(enterprise=OuterRef("enterprise"), year__gte=first_year,
                                                year__lte=run.year, revenue=0)
                  .order_by().values("enterprise").annotate(n=Count("pk")).values("n"))
    enterprises = [row for row in EnterpriseYear.objects.filter(zone_id=run.zone_id, year=run.year, revenue=0,
                                                                land_mu__gt=0)
                   .annotate(zero_years=Subquery(zero_years)).filter(zero_years__gte=years)
                   .select_related("enterprise", "parcel").order_by("-land_mu")
                   if row.parcel_id not in idle_parcel_ids]
    underused = list(run.results.filter(underused=True).order_by("group", "total", "credit_code"))
    references = run.references or {}
    for result in underused:
        land = float(result.land_mu)
        result.tax_per_mu = float(result.tax) / land if land else None
        result.sales_per_mu = float(result.revenue) / land if land else None
        refs = references.get(result.group, {})
        result.tax_line = refs.get("tax_per_mu") * share / 100 if refs.get("tax_per_mu") else None
        result.sales_line = refs.get("sales_per_mu") * share / 100 if refs.get("sales_per_mu") else None
        result.parcel_code = result.inputs.get("parcel_code") or ""
    parcel_area = sum((parcel.area_mu for parcel in parcels), ZERO)
    enterprise_area = sum((row.land_mu for row in enterprises), ZERO)
    return {
        "years": years, "share": share, "first_year": first_year, "supplied_by": date(run.year - years, 12, 31),
        "parcels": parcels, "parcel_area": parcel_area, "enterprises": enterprises,
        "enterprise_area": enterprise_area, "idle_area": parcel_area + enterprise_area,
        "underused": underused, "underused_area": sum((result.land_mu for result in underused), ZERO),
        "references": {GROUP_LABELS.get(group, group): values for group, values in references.items()},
    }


# ------------------------------------------------------------------------------------- enterprise page


def enterprise_evaluation_history(enterprise) -> list[dict]:
    """The enterprise's grades in its zone's published runs, newest year first: year, class, total, run."""
    match = Q(enterprise=enterprise)
    if enterprise.credit_code:
        match |= Q(credit_code=enterprise.credit_code)
    results = (EvaluationResult.objects.filter(match, run__zone_id=enterprise.zone_id, run__status=RunStatus.PUBLISHED)
               .select_related("run").order_by("-run__year"))
    return [{"year": result.run.year, "klass": result.klass, "total": result.total, "run": result.run,
             "result": result, "status": STATUS_LABELS.get(result.status, result.status), "reason": result.reason}
            for result in results]
