"""Time issue 3's figures on a province-sized database (not a test): `make bench` runs it.

Builds the database once (`zhaoshang generate --zones 150 --projects 300000 --seed 1`) and reuses it:
SQLite in var/bench/province.sqlite3, PostgreSQL in the database zhaoshang_bench. Each figure is the median
of several runs after a warm-up, wall clock, in this process:
- the project list with filters, page 1 and page 500, as a province viewer (all 300,000 projects) and page 1
  as a zone administrator; a project's detail page; the zone's pipeline board — full pages through the test
  client (middleware, templates and all);
- one zone's full target plan (20 targets with their quarterly and monthly values) as of today;
- a zone cockpit page, rendered through the full Django stack;
- the province ranking of 150 zones on the province scorecard, and the province cockpit page;
- with `--export`: the Excel export of 100,000 projects (`zhaoshang.projects.excel.export_projects`), one run.

The other benchmarks of issue 6 are their own scripts: `bench_duckdb.py` (the same figures in DuckDB, as a
cross-check and a ratio), `bench_evaluation.py` (an evaluation run of 100,000 enterprises),
`bench_import.py` (a 10,000-row import), `bench_extract.py` (extraction throughput) and `loadtest.py`.

    .venv/bin/python scripts/bench_province.py sqlite
    .venv/bin/python scripts/bench_province.py postgresql --export
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
KIND = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
PG_SERVER = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
URLS = {"sqlite": f"sqlite:///{ROOT / 'var' / 'bench' / 'province.sqlite3'}",
        "postgresql": f"{PG_SERVER}/zhaoshang_bench"}
# Another database (a small one to try the scripts out): BENCH_URL=sqlite:////tmp/small.sqlite3
if os.environ.get("BENCH_URL"):
    URLS[KIND] = os.environ["BENCH_URL"]
TARGETS_MS = {"target plan": 100, "zone cockpit": 300, "province ranking": 1000, "province cockpit": None,
              "list p1 (province)": None, "list p500 (province)": None, "list p1 (zone)": None,
              "project detail": None, "pipeline board": None}
LIST_FILTER = "status=active&amount=1yi"  # active projects of 1亿元 or more: about half of all
RUNS = 7

os.environ["DATABASE_URL"] = URLS[KIND]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
# The page is rendered as production renders it, but without `collectstatic` in this checkout.
os.environ.setdefault("DEBUG", "true")
(ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)


def ensure_database() -> None:
    if KIND == "postgresql":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = 'zhaoshang_bench'").fetchone():
                connection.execute("CREATE DATABASE zhaoshang_bench")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], check=True)
    import django

    django.setup()
    from zhaoshang.demo.province import generated_zones

    if not generated_zones().exists():
        print("generating the province (150 zones, 300,000 projects) — a few minutes, once …", flush=True)
        started = time.monotonic()
        subprocess.run([*manage, "generate", "--zones", "150", "--projects", "300000", "--seed", "1"], check=True)
        print(f"generated in {time.monotonic() - started:.0f} s", flush=True)
        if KIND == "postgresql":
            # After a bulk load PostgreSQL plans from stale statistics until autovacuum catches up; a real
            # database has them. (SQLite is left as Django leaves it: without ANALYZE.)
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")


def median_zone(zones) -> int:
    """The median zone by size, so the figures are typical rather than best or worst."""
    from django.db.models import Count

    sizes = sorted(zones.annotate(n=Count("projects")).values_list("n", "pk"))
    return sizes[len(sizes) // 2][1]


def timed(label: str, func) -> tuple[str, float]:
    func()  # warm-up: connections, caches, imported code
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return label, statistics.median(samples)


def main() -> None:
    ensure_database()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from zhaoshang.accounts.models import Role, User
    from zhaoshang.assessment.models import Scorecard
    from zhaoshang.demo.province import generated_zones
    from zhaoshang.projects.models import Project, StageEvent
    from zhaoshang.targets.models import TargetPlan

    today = timezone.localdate()
    zones = generated_zones()
    zone_id = median_zone(zones)
    plan = TargetPlan.objects.get(zone_id=zone_id, year=today.year)
    admin = User.objects.filter(zone_id=zone_id, role=Role.ZONE_ADMIN).first()
    client = Client()
    client.force_login(admin)
    card = Scorecard.objects.filter(scope="division_zones", year=today.year).first()
    quarter = f"Q{(today.month - 1) // 3 + 1}"

    from zhaoshang.targets.selectors import plan_progress
    from zhaoshang.assessment.selectors import ranking

    viewer, _ = User.objects.get_or_create(
        username="bench_jiangsu", defaults={"role": Role.DIVISION_VIEWER, "division_id": card.division_id,
                                            "full_name": "基准测试省级查看"})
    province_client = Client()
    province_client.force_login(viewer)
    project = (Project.objects.filter(zone_id=zone_id, stage="producing").order_by("pk").first()
               or Project.objects.filter(zone_id=zone_id).order_by("pk").first())

    def page(which: Client, url: str):
        response = which.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.content

    results = [
        timed("list p1 (province)", lambda: page(province_client, f"/projects/?{LIST_FILTER}&page=1")),
        timed("list p500 (province)", lambda: page(province_client, f"/projects/?{LIST_FILTER}&page=500")),
        timed("list p1 (zone)", lambda: page(client, f"/projects/?{LIST_FILTER}&page=1")),
        timed("project detail", lambda: page(client, f"/projects/{project.pk}/")),
        timed("pipeline board", lambda: page(client, "/projects/board/")),
        timed("target plan", lambda: plan_progress(plan, today)),
        timed("zone cockpit", lambda: client.get(f"/cockpit/zone/{zone_id}/").content),
        timed("province ranking", lambda: ranking(card, quarter, today)),
        timed("province cockpit", lambda: province_client.get("/cockpit/").content),
    ]
    print(f"\n{KIND} ({connection.vendor}): {zones.count()} zones, {Project.objects.count():,} projects, "
          f"{StageEvent.objects.count():,} stage events")
    for label, ms in results:
        target = TARGETS_MS[label]
        if target is None:
            print(f"  {label:<20} {ms:8.1f} ms   (no target set)")
            continue
        verdict = "ok" if ms < target else f"OVER the {target} ms target"
        print(f"  {label:<20} {ms:8.1f} ms   (target < {target} ms)  {verdict}")
    if "--export" in sys.argv:
        export_100k()


def export_100k() -> None:
    """The Excel export of 100,000 projects, as the export view builds it (one run: about a minute)."""
    import resource

    from zhaoshang.projects.excel import export_projects
    from zhaoshang.projects.models import Project

    cut = Project.objects.order_by("pk").values_list("pk", flat=True)[99_999]
    rows = Project.objects.filter(pk__lte=cut).order_by("code")
    started = time.perf_counter()
    data = export_projects(rows)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  export 100,000     {seconds:8.1f} s    ({len(data) / 1e6:.1f} MB .xlsx, process peak {peak:,.0f} MB; one run)")


if __name__ == "__main__":
    main()
