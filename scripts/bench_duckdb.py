"""Cross-check the province figures with DuckDB (issue 6), and time ours against it (not a test).

On the province database of `bench_province.py` (SQLite or PostgreSQL, built there if missing) this script
copies the rows the metric engine counts — projects, stage events, FDI arrivals, interactions, annual plans
and monthly entries — into an in-memory DuckDB (as NumPy columns: DuckDB's sqlite/postgres extensions cannot
be downloaded on this machine, pandas and pyarrow are not installed), writes every figure again as plain SQL
from the rules of `targets/metrics.py`, and asserts that the numbers are equal:

- one zone's target plan: every target's figure in every column of `plan_progress` (20 targets × 4 quarters);
- that zone's cockpit: the six tiles (`tile_figures`, the completion rate from `overall_major_rate`), the
  funnel (11 stages) and the monthly trend (signed and started, this year and last, 48 numbers);
- the province ranking: the actual of every indicator for every zone (`assessment.selectors.ranking`).

To exercise the rule that voided stage events do not count, 1 in 50 of the events is voided inside a
transaction that is rolled back at the end (the generator voids none). Money is compared exactly (in cents).
The ratio printed is ours ÷ DuckDB, each a median of several runs of the whole set of figures, DuckDB's
over data already in memory (the copy is timed apart).

    .venv/bin/python scripts/bench_duckdb.py sqlite
    .venv/bin/python scripts/bench_duckdb.py postgresql
"""

import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_province  # noqa: E402  (sets DATABASE_URL for the chosen database)

RUNS = 5
EPOCH = date(1970, 1, 1).toordinal()


class Unsupported(Exception):
    """A spec filter this cross-check does not rewrite (the generated plans use none of them)."""


def _day(value) -> int:
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.toordinal() - EPOCH


def _cents(value) -> int:
    return -1 if value is None else int((Decimal(str(value)) * 100).to_integral_value())


def load(duck) -> dict[str, float]:
    """Copy the counted tables into DuckDB; returns seconds per table."""
    import numpy as np
    from django.db import connection

    from zhaoshang.construction.models import AnnualPlan, InvestmentEntry
    from zhaoshang.projects.models import FdiArrival, Interaction, Project, StageEvent

    def table(name: str, sql: str, columns: list[tuple[str, str]]):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            rows = cursor.fetchall()
        data = {}
        for index, (column, kind) in enumerate(columns):
            values = [row[index] for row in rows]
            if kind == "int":
                data[column] = np.array([-1 if v is None else int(v) for v in values], dtype=np.int64)
            elif kind == "bool":
                data[column] = np.array([bool(v) for v in values], dtype=bool)
            elif kind == "day":
                data[column] = np.array([_day(v) for v in values], dtype=np.int32)
            elif kind == "cents":
                data[column] = np.array([_cents(v) for v in values], dtype=np.int64)
            else:
                data[column] = np.array(["" if v is None else str(v) for v in values], dtype=object)
        duck.register(f"{name}_np", data)
        duck.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_np")
        duck.unregister(f"{name}_np")
        seconds[name] = time.perf_counter() - started

    seconds: dict[str, float] = {}
    p, e, f = Project._meta.db_table, StageEvent._meta.db_table, FdiArrival._meta.db_table
    i, a, m = Interaction._meta.db_table, AnnualPlan._meta.db_table, InvestmentEntry._meta.db_table
    table("pr", f"SELECT id, zone_id, team_id, officer_id, currency, total_investment, total_investment_cny, "
                f"is_foreign, channel, major_level, top500, is_sci_tech, stage, status FROM {p}",
          [("id", "int"), ("zone_id", "int"), ("team_id", "int"), ("officer_id", "int"), ("currency", "str"),
           ("ti", "cents"), ("tic", "cents"), ("is_foreign", "bool"), ("channel", "str"), ("major_level", "str"),
           ("top500", "str"), ("is_sci_tech", "bool"), ("stage", "str"), ("status", "str")])
    table("ev", f"SELECT project_id, stage, date, voided_at IS NOT NULL FROM {e}",
          [("project_id", "int"), ("stage", "str"), ("d", "day"), ("voided", "bool")])
    table("fdi", f"SELECT zone_id, project_id, date, amount_usd FROM {f}",
          [("zone_id", "int"), ("project_id", "int"), ("d", "day"), ("amount", "cents")])
    table("it", f"SELECT zone_id, project_id, date, kind FROM {i}",
          [("zone_id", "int"), ("project_id", "int"), ("d", "day"), ("kind", "str")])
    table("pl", f"SELECT id, zone_id, project_id, year, major_level, planned_investment FROM {a}",
          [("id", "int"), ("zone_id", "int"), ("project_id", "int"), ("year", "int"), ("major_level", "str"),
           ("planned", "cents")])
    table("en", f"SELECT plan_id, month, amount FROM {m}", [("plan_id", "int"), ("month", "int"), ("amount", "cents")])
    return seconds


# --------------------------------------------------------------------------- the rules, rewritten in SQL


def _lit(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def project_sql(spec, *, pairing: Decimal, with_major: bool = True) -> str:
    """metrics.project_q: thresholds "亿元(或1000万美元)以上", foreign, channel, major level, 500强, 科创."""
    parts = ["TRUE"]
    usd, cny = spec.min_investment_usd, spec.min_investment
    if usd is not None:
        cny_threshold = cny if cny is not None else usd * pairing
        parts.append(f"((p.currency = 'USD' AND p.ti >= {_cents(usd)}) "
                     f"OR (p.currency <> 'USD' AND p.tic >= {_cents(cny_threshold)}))")
    elif cny is not None:
        parts.append(f"p.tic >= {_cents(cny)}")
    if spec.foreign_only:
        parts.append("p.is_foreign")
    if spec.industry_id:
        raise Unsupported("industry")
    if spec.channel:
        parts.append(f"p.channel = {_lit(spec.channel)}")
    if spec.major_level and with_major:
        parts.append(f"p.major_level = {_lit(spec.major_level)}")
    if spec.top500_only:
        parts.append("p.top500 <> ''")
    if spec.sci_tech_only:
        parts.append("p.is_sci_tech")
    return " AND ".join(parts)


FROMS = {  # family → (rows, zone column, base condition)
    "events": ("ev e JOIN pr p ON p.id = e.project_id", "p.zone_id", "NOT e.voided"),
    "leads": ("pr p JOIN (SELECT project_id, MIN(d) AS first FROM ev WHERE NOT voided GROUP BY project_id) f "
              "ON f.project_id = p.id", "p.zone_id", "TRUE"),
    "fdi": ("fdi f LEFT JOIN pr p ON p.id = f.project_id", "f.zone_id", "TRUE"),
    "interactions": ("it i", "i.zone_id", "TRUE"),
}


def conditional(spec, period, as_of: date, pairing: Decimal) -> tuple[str, str, str] | None:
    """(family, value expression, row condition) of a figure; None for construction figures (own query)."""
    from zhaoshang.targets.choices import Metric

    start, until = _day(period.start), _day(period.until(as_of))
    metric = spec.metric
    if metric in (Metric.STAGE_COUNT, Metric.STAGE_INVESTMENT):
        value = "COUNT(DISTINCT e.project_id)" if metric == Metric.STAGE_COUNT else "SUM(p.tic)"
        return ("events", value, f"e.stage = {_lit(spec.stage)} AND e.d BETWEEN {start} AND {until} "
                                 f"AND {project_sql(spec, pairing=pairing)}")
    if metric == Metric.LEADS:
        return "leads", "COUNT(*)", f"f.first BETWEEN {start} AND {until} AND {project_sql(spec, pairing=pairing)}"
    if metric == Metric.FDI:
        return "fdi", "SUM(f.amount)", f"f.d BETWEEN {start} AND {until} AND {project_sql(spec, pairing=pairing)}"
    if metric in (Metric.INTERACTIONS, Metric.PROMOTION_EVENTS):
        kind = " AND i.kind = 'event'" if metric == Metric.PROMOTION_EVENTS else ""
        return "interactions", "COUNT(*)", f"i.d BETWEEN {start} AND {until}{kind}"
    return None


def measure_sql(index: int, spec, period, as_of: date, zone_ids: list[int], pairing: Decimal) -> str:
    """A construction figure per zone, as SELECT index, zone_id, numerator, denominator (rates only)."""
    from zhaoshang.targets.choices import Metric
    from zhaoshang.targets.metrics import months_counted

    zones = ",".join(str(pk) for pk in zone_ids)
    metric = spec.metric
    # Construction: monthly entries of the year's plans of major projects (the plan's level, not today's).
    first, last = months_counted(period, as_of)
    if metric == Metric.MAJOR_COMPLETION_RATE and last >= first:
        first = 1
    major = f"l.major_level = {_lit(spec.major_level)}" if spec.major_level else "l.major_level <> ''"
    where = (f"l.year = {period.year} AND {major} AND l.zone_id IN ({zones}) "
             f"AND {project_sql(spec, pairing=pairing, with_major=False)}")
    done = (f"SELECT l.zone_id, SUM(n.amount) AS done FROM en n JOIN pl l ON l.id = n.plan_id "
            f"LEFT JOIN pr p ON p.id = l.project_id WHERE n.month BETWEEN {first} AND {last} AND {where} "
            f"GROUP BY l.zone_id")
    if metric == Metric.MAJOR_COMPLETED:
        return f"SELECT {index}, zone_id, done, NULL FROM ({done})"
    planned = (f"SELECT l.zone_id, SUM(l.planned) AS planned FROM pl l LEFT JOIN pr p ON p.id = l.project_id "
               f"WHERE {where} GROUP BY l.zone_id")
    return (f"SELECT {index}, q.zone_id, COALESCE(d.done, 0), q.planned FROM ({planned}) q "
            f"LEFT JOIN ({done}) d ON d.zone_id = q.zone_id")


def run_measures(duck, items: list[tuple], as_of: date, zone_ids: list[int], pairing: Decimal) -> dict:
    """{(key, zone id): figure} for [(key, spec, period)], in one DuckDB statement (UNION ALL)."""
    from zhaoshang.targets.choices import Metric
    from zhaoshang.targets.metrics import percent

    # One SELECT per figure, UNION ALL: in DuckDB 2.0 this ran 3× faster than the engine's form (one scan per
    # family with COUNT(DISTINCT …) FILTER (…) per figure), whose distinct counts it does not share.
    zones = ",".join(str(pk) for pk in zone_ids)
    parts = []
    for index, (_, spec, period) in enumerate(items):
        found = conditional(spec, period, as_of, pairing)
        if found is None:
            parts.append(measure_sql(index, spec, period, as_of, zone_ids, pairing))
            continue
        rows, zone, base = FROMS[found[0]]
        parts.append(f"SELECT {index}, {zone}, {found[1]}, NULL FROM {rows} WHERE {base} AND {zone} IN ({zones}) "
                     f"AND {found[2]} GROUP BY 2")
    sql = " UNION ALL ".join(parts)
    found = {}
    for index, zone_id, value, planned in duck.execute(sql).fetchall():
        key, spec, _ = items[index]
        if value is None:  # nothing counted in this zone (the engine leaves such a figure out: zero)
            continue
        if spec.metric in (Metric.STAGE_COUNT, Metric.LEADS, Metric.INTERACTIONS, Metric.PROMOTION_EVENTS):
            figure = Decimal(value)
        elif spec.metric == Metric.MAJOR_COMPLETION_RATE:
            figure = percent(Decimal(value) / 100, Decimal(planned) / 100) if planned else Decimal(0)
        else:
            figure = Decimal(value or 0) / 100
        found[(key, zone_id)] = figure
    return found


def compare(label: str, ours: dict, theirs: dict) -> int:
    """Assert equality (a missing figure reads as zero); returns how many numbers were compared."""
    keys = set(ours) | set(theirs)
    wrong = [(key, ours.get(key, 0), theirs.get(key, 0)) for key in keys
             if Decimal(ours.get(key, 0)) != Decimal(theirs.get(key, 0))]
    assert not wrong, f"{label}: {len(wrong)} of {len(keys)} differ, e.g. {sorted(wrong, key=str)[:5]}"
    nonzero = sum(1 for key in keys if ours.get(key))
    print(f"  {label}: {len(keys)} numbers equal ({nonzero} of them non-zero)")
    return len(keys)


def median_ms(func) -> float:
    func()
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    bench_province.ensure_database()
    import django

    django.setup()
    import duckdb
    from django.db import connection, transaction
    from django.utils import timezone

    from zhaoshang.assessment.models import Scorecard
    from zhaoshang.assessment.selectors import _span, as_period, ranking, subjects
    from zhaoshang.cockpit import selectors as cockpit
    from zhaoshang.demo.province import generated_zones
    from zhaoshang.projects.choices import PIPELINE, Stage
    from zhaoshang.projects.models import Project, StageEvent
    from zhaoshang.targets.metrics import DEFAULT_PAIRING
    from zhaoshang.targets.models import TargetPlan
    from zhaoshang.targets.periods import Period
    from zhaoshang.targets.selectors import engine_scope, plan_progress, usd_pairing

    today = timezone.localdate()
    zone_id = bench_province.median_zone(generated_zones())
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {StageEvent._meta.db_table} SET voided_at = %s, void_reason = %s "
                           f"WHERE id %% 50 = 7", [timezone.now(), "基准测试作废"])
            voided = cursor.rowcount
        duck = duckdb.connect()
        started = time.perf_counter()
        seconds = load(duck)
        print(f"\n{bench_province.KIND}: DuckDB {duckdb.__version__}, copied in {time.perf_counter() - started:.1f} s "
              f"({', '.join(f'{name} {s:.1f}s' for name, s in seconds.items())}); "
              f"{voided:,} events voided for the check")
        lines = []

        # 1. One zone's target plan.
        plan = TargetPlan.objects.get(zone_id=zone_id, year=today.year)
        progress = plan_progress(plan, today)
        assert engine_scope(plan).get("group", "zone") == "zone"
        ours = {((row.target.pk, cell.period.code), zone_id): cell.actual
                for row in progress.rows for cell in row.cells}
        items = [((row.target.pk, period.code), row.target, period) for row in progress.rows
                 for period in progress.columns]
        pairing = usd_pairing(zone_id)
        theirs = run_measures(duck, items, today, [zone_id], pairing)
        n = compare("target plan", ours, theirs)
        lines.append(("target plan", f"{len(progress.rows)} targets × {len(progress.columns)} columns", n,
                      median_ms(lambda: plan_progress(plan, today)),
                      median_ms(lambda: run_measures(duck, items, today, [zone_id], pairing))))

        # 2. The zone cockpit: tiles, funnel, trend.
        year = today.year

        def ours_cockpit():
            figures = cockpit.tile_figures([zone_id], year, today)
            found = {(key, zone): value for key, per_zone in figures.items() for zone, value in per_zone.items()
                     if key != "major_rate"}
            rate = cockpit.overall_major_rate([zone_id], year, today)
            found[("major_rate", zone_id)] = rate if rate is not None else Decimal(0)
            for label, count in cockpit.funnel([zone_id]):
                found[(("funnel", label), zone_id)] = count
            for series, values in cockpit.monthly_trend([zone_id], year, today).items():
                for month, count in enumerate(values, 1):
                    found[((series, month), zone_id)] = count
            return found

        tile_items = [(tile.key, tile.spec, Period(year, "Y")) for tile in cockpit.TILES]
        labels = {stage: str(Stage(stage).label) for stage in PIPELINE}
        zone_sql = (f"SELECT stage, COUNT(*) FROM pr WHERE zone_id = {zone_id} AND status = 'active' GROUP BY stage",
                    f"SELECT CASE WHEN year(DATE '1970-01-01' + e.d) = {year} THEN 'this' ELSE 'last' END, "
                    f"month(DATE '1970-01-01' + e.d), "
                    f"COUNT(DISTINCT e.project_id) FILTER (WHERE e.stage = '{Stage.SIGNED}'), "
                    f"COUNT(DISTINCT e.project_id) FILTER (WHERE e.stage = '{Stage.STARTED}') "
                    f"FROM ev e JOIN pr p ON p.id = e.project_id WHERE p.zone_id = {zone_id} AND NOT e.voided "
                    f"AND e.d BETWEEN {_day(date(year - 1, 1, 1))} AND {_day(min(today, date(year, 12, 31)))} "
                    f"GROUP BY 1, 2")

        def theirs_cockpit():
            found = run_measures(duck, tile_items, today, [zone_id], DEFAULT_PAIRING)
            counts = dict(duck.execute(zone_sql[0]).fetchall())
            for stage in PIPELINE:
                found[(("funnel", labels[stage]), zone_id)] = counts.get(stage, 0)
            for which, month, signed, started in duck.execute(zone_sql[1]).fetchall():
                found[((f"signed_{which}", month), zone_id)] = signed
                found[((f"started_{which}", month), zone_id)] = started
            return found

        n = compare("zone cockpit", ours_cockpit(), theirs_cockpit())
        lines.append(("zone cockpit", "6 tiles, 11 funnel stages, 48 trend months", n,
                      median_ms(ours_cockpit), median_ms(theirs_cockpit)))

        # 3. The province ranking: every indicator's actual for every zone.
        card = Scorecard.objects.filter(scope="division_zones", year=today.year).first()
        quarter = f"Q{(today.month - 1) // 3 + 1}"
        rows = ranking(card, quarter, today)
        ours = {(cell.indicator.pk, row.subject.pk): cell.actual for row in rows for cell in row.cells}
        zone_ids = [zone.pk for zone in subjects(card)]
        span = _span(card, as_period(card, quarter))
        rank_items = [(indicator.pk, indicator, span) for indicator in card.indicators.all()]
        n = compare("province ranking", ours, run_measures(duck, rank_items, today, zone_ids, DEFAULT_PAIRING))
        lines.append(("province ranking", f"{len(rank_items)} indicators × {len(zone_ids)} zones, {quarter}", n,
                      median_ms(lambda: ranking(card, quarter, today)),
                      median_ms(lambda: run_measures(duck, rank_items, today, zone_ids, DEFAULT_PAIRING))))
        transaction.set_rollback(True)

    print(f"{Project.objects.count():,} projects; zone {zone_id}; medians of {RUNS} runs after a warm-up")
    print(f"  {'figure':<18} {'numbers':>7}  {'ours':>9}  {'DuckDB':>9}  ours÷DuckDB   what")
    for label, what, n, ours_ms, duck_ms in lines:
        print(f"  {label:<18} {n:>7}  {ours_ms:7.1f}ms  {duck_ms:7.1f}ms  {ours_ms / duck_ms:8.1f}×   equal: {what}")


if __name__ == "__main__":
    main()
