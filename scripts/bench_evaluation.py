"""Time an evaluation run of 100,000 enterprises (issue 4) on the configured database (not a test).

Fills a throwaway database made from the configured one with one zone of N enterprises (default 100,000)
and two years of 亩均 figures, then times, as medians of several runs:
- the engine alone (numpy over the year's columns, as `zhaoshang evaluate` does with a file);
- a whole run as the app does it: read both years from the database, evaluate, store every result.
Peak memory is the process's maximum resident set (Django and the data included).

    .venv/bin/python scripts/bench_evaluation.py
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python scripts/bench_evaluation.py
"""

import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from benchdb import throwaway_database  # noqa: E402
from django.db import connection  # noqa: E402

TARGET_SECONDS = 5.0
TARGET_MB = 1024
RUNS = 3
YEAR = 2025


def build(n: int):
    from zhaoshang.accounts.models import Role, User
    from zhaoshang.demo.evaluation_data import parcels_for, plan_firms, year_rows
    from zhaoshang.demo.province import _credit_code
    from zhaoshang.enterprises.models import Enterprise
    from zhaoshang.evaluation.engine.presets import PRESETS
    from zhaoshang.evaluation.models import EnterpriseYear, Parcel, Scheme
    from zhaoshang.geo.models import Division, Industry
    from zhaoshang.organisation.choices import ZoneKind
    from zhaoshang.organisation.models import Zone

    rng = random.Random(1)
    zone = Zone.objects.create(name="压测开发区", code="BENCH", kind=ZoneKind.PROVINCIAL_EDZ,
                               division=Division.objects.get(code="320681"))
    user = User.objects.create(username="bench", full_name="压测管理员", role=Role.ZONE_ADMIN, zone=zone)
    Enterprise.objects.bulk_create(
        [Enterprise(zone=zone, name=f"压测工业企业{i}", credit_code=_credit_code(i, "320681"), location="in_zone")
         for i in range(n)], batch_size=5000)
    ids = list(Enterprise.objects.filter(zone=zone).order_by("pk").values_list("pk", flat=True))
    firms = plan_firms(ids, first_year=YEAR - 1, rng=rng, late_starters=0)  # all 100,000 report both years
    parcels = Parcel.objects.bulk_create(parcels_for(zone, firms, prefix="BZ", rng=rng, idle=50), batch_size=5000)
    if connection.vendor == "sqlite":  # SQLite's bulk_create does not return keys on every build
        parcels = list(Parcel.objects.filter(zone=zone).order_by("pk"))
    industries = dict(Industry.objects.values_list("code", "pk"))
    EnterpriseYear.objects.bulk_create(year_rows(zone, firms, parcels, years=range(YEAR - 1, YEAR + 1), rng=rng,
                                                 industries=industries), batch_size=5000)
    scheme = Scheme.objects.create(zone=zone, name="淮安 2024", preset="huaian-2024",
                                   spec=PRESETS["huaian-2024"].to_dict())
    return zone, user, scheme


def median_of(func, after=None) -> float:
    """Median wall clock of `func()` over RUNS; `after(result)` (checks, clean-up) is not timed."""
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = func()
        samples.append(time.perf_counter() - started)
        if after:
            after(result)
    return statistics.median(samples)


def bench(n: int) -> None:
    from zhaoshang.evaluation import services
    from zhaoshang.evaluation.engine.presets import PRESETS
    from zhaoshang.evaluation.engine.score import evaluate
    from zhaoshang.evaluation.models import EnterpriseYear, EvaluationRun

    started = time.perf_counter()
    zone, user, scheme = build(n)
    rows = EnterpriseYear.objects.filter(zone=zone, year=YEAR).count()
    print(f"{connection.vendor}: {n:,} enterprises, {rows:,} rows for {YEAR} (+ {YEAR - 1}) built in "
          f"{time.perf_counter() - started:.0f}s")

    current, previous = services.year_dataset(zone.pk, YEAR)[0], services.year_dataset(zone.pk, YEAR - 1)[0]
    for spec in PRESETS.values():
        seconds = median_of(lambda: evaluate(current, spec, YEAR, previous))
        print(f"engine, {spec.name:<16} {seconds:6.2f}s  {'ok' if seconds < TARGET_SECONDS else 'SLOWER'}")

    def whole_run():
        return services.run_create(zone=zone, year=YEAR, scheme=scheme, by=user)

    def check_and_remove(run):  # counting and deleting 100,000 results is not part of a run
        run.refresh_from_db()
        assert run.results.count() == rows, (run.results.count(), rows, run.job.error_message if run.job else "")
        EvaluationRun.objects.filter(pk=run.pk).delete()

    seconds = median_of(whole_run, check_and_remove)
    print(f"whole run (read, evaluate, store {rows:,} results) {seconds:6.2f}s  "
          f"{'ok' if seconds < TARGET_SECONDS else 'SLOWER than ' + str(TARGET_SECONDS) + 's'}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process {peak:,.0f} MB  {'ok' if peak < TARGET_MB else 'OVER 1 GB'}")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with throwaway_database():
        bench(n)

if __name__ == "__main__":
    main()
