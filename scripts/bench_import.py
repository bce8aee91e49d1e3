"""Time the project import on the configured database (not a test).

Builds a file of N new projects (default 10,000), imports it as a background job would, then imports the
export of the same projects back (nothing changes) and an export with every amount edited (every project
updated). It runs in a throwaway test database made from the configured one, so nothing is left behind:

    .venv/bin/python scripts/bench_import.py                      # SQLite (a temporary file, WAL as configured)
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python scripts/bench_import.py
    .venv/bin/python scripts/bench_import.py 2000                 # another row count
"""

import io
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from benchdb import throwaway_database  # noqa: E402
from django.db import connection  # noqa: E402

from zhaoshang.core import xlsx  # noqa: E402
from zhaoshang.jobs.models import JobStatus  # noqa: E402
from zhaoshang.jobs.runner import enqueue  # noqa: E402
from zhaoshang.projects.excel import PROJECT_COLUMNS, export_projects  # noqa: E402
from zhaoshang.projects.models import Project  # noqa: E402

SECONDS_PER_10K = 30  # the requirement: 10,000 rows in under 30 s on a 2-core machine


def build_file(rows: int) -> bytes:
    columns = [column for column in PROJECT_COLUMNS if not column.export_only]
    headers = [column.header for column in columns]
    lines = []
    for n in range(rows):
        lead = date(2019 + n % 6, 1 + n % 12, 1 + n % 28)
        cells = {
            "项目名称": f"压测项目{n}", "投资方": f"压测投资企业{n % 3000}", "行业代码": "39" if n % 2 else "391",
            "投资币种": "美元" if n % 10 == 0 else "人民币", "总投资(万元或万美元)": 1000 + n, "用地(亩)": n % 300,
            "招商方式": "以商引商", "责任小组": "压测小组", "责任人": "压测专员", "科创项目": "是" if n % 3 else "否",
            "项目概况": "新建厂房及生产线。", "线索日期": lead, "在谈日期": lead + timedelta(days=30),
            "签约日期": lead + timedelta(days=90) if n % 2 else None,
        }
        lines.append([cells.get(header) for header in headers])
    return xlsx.write_workbook(title="项目", columns=columns, rows=lines)


def edit_amounts(data: bytes) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["项目"]
    column = [cell.value for cell in sheet[1]].index("总投资(万元或万美元)") + 1
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=column)
        cell.value = (cell.value or 0) + 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(label: str, zone, user, data: bytes, rows: int) -> float:
    started = time.perf_counter()
    job = enqueue(kind="projects.import", title=label, zone=zone, user=user, data=data)
    elapsed = time.perf_counter() - started
    job.refresh_from_db()
    if job.status != JobStatus.SUCCEEDED:
        raise SystemExit(f"{label}: {job.error_message} {job.errors[:5]}")
    limit = SECONDS_PER_10K * max(rows, 10_000) / 10_000
    verdict = "ok" if elapsed < limit else f"SLOWER than {limit:.0f}s"
    print(f"{label:<34} {elapsed:6.1f}s  {job.result}  {verdict}")
    return elapsed


def bench(rows: int) -> None:
    from zhaoshang.accounts.models import Role, User
    from zhaoshang.geo.models import Division
    from zhaoshang.organisation.choices import ZoneKind
    from zhaoshang.organisation.models import Team, TeamMembership, Zone

    zone = Zone.objects.create(name="压测开发区", code="BENCH", kind=ZoneKind.PROVINCIAL_EDZ,
                               division=Division.objects.get(code="320681"))
    user = User.objects.create(username="bench", full_name="压测专员", role=Role.OFFICER, zone=zone)
    TeamMembership.objects.create(team=Team.objects.create(zone=zone, name="压测小组"), user=user)

    started = time.perf_counter()
    data = build_file(rows)
    print(f"{connection.vendor}: built a {rows}-row file in {time.perf_counter() - started:.1f}s "
          f"({len(data) // 1024} KB)")
    timed(f"import {rows} new projects", zone, user, data, rows)
    started = time.perf_counter()
    exported = export_projects(Project.objects.filter(zone=zone).order_by("code"))
    print(f"{'export them':<34} {time.perf_counter() - started:6.1f}s")
    timed("import the export (no change)", zone, user, exported, rows)
    timed("import with every amount edited", zone, user, edit_amounts(exported), rows)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with throwaway_database():
        bench(rows)

if __name__ == "__main__":
    main()
