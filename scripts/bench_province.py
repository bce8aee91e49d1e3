"""Time issue 3's figures on a province-sized database (not a test): `make bench` runs it.

Builds the database once (`zhaoshang generate --zones 150 --projects 300000 --seed 1`) and reuses it:
SQLite in var/bench/province.sqlite3, PostgreSQL in the database zhaoshang_bench. Each figure is the median
of several runs after a warm-up, wall clock, in this process:
- one zone's full target plan (20 targets with their quarterly and monthly values) as of today;
- a zone cockpit page, rendered through the full Django stack;
- the province ranking of 150 zones on the province scorecard.

    .venv/bin/python scripts/bench_province.py sqlite
    .venv/bin/python scripts/bench_province.py postgresql
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
TARGETS_MS = {"target plan": 100, "zone cockpit": 300, "province ranking": 1000, "province cockpit": None}
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
    # The median zone by size, so the figures are typical rather than best or worst.
    sizes = sorted(zones.values_list("pk", flat=True), key=lambda pk: Project.objects.filter(zone_id=pk).count())
    zone_id = sizes[len(sizes) // 2]
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
    results = [
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
            print(f"  {label:<18} {ms:8.1f} ms   (no target set)")
            continue
        verdict = "ok" if ms < target else f"OVER the {target} ms target"
        print(f"  {label:<18} {ms:8.1f} ms   (target < {target} ms)  {verdict}")


if __name__ == "__main__":
    main()
