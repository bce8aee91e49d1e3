"""Backup and restore: a database goes out to a file and comes back with every row of every table."""

import json
import zipfile
from datetime import date, datetime, timedelta, timezone as dt_timezone
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection

from zhaoshang.backup import archive
from zhaoshang.changelog.models import ChangeRecord
from zhaoshang.evaluation.models import EvaluationRun
from zhaoshang.jobs.models import Job
from zhaoshang.organisation.models import Zone
from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import Project, StageEvent
from zhaoshang.testing.factories import EnterpriseFactory, ProjectFactory, ZoneFactory, division

BINARY = bytes(range(256)) * 3 + b"\x00end"


@pytest.fixture
def populated(zone, other_zone, officer, colleague, outsider, city_viewer):
    """A small database across apps: zones, users, teams, enterprises, projects, events, changes, jobs, runs."""
    enterprise = EnterpriseFactory(zone=zone, name="江苏启晟新材料有限公司")
    project = ProjectFactory(zone=zone, investor=enterprise, name="高端装备项目", total_investment=Decimal("12345.67"),
                             total_investment_cny=Decimal("12345.67"), stage=Stage.LEAD)
    StageEvent.objects.create(project=project, stage=Stage.CONTACTED, date=date(2024, 3, 1), note="再次洽谈",
                              recorded_by=officer)
    ProjectFactory(zone=other_zone, name="亭湖项目")
    ChangeRecord.objects.create(
        zone=zone, content_type=ContentType.objects.get_for_model(Project), object_id=project.pk,
        object_repr=str(project), action="update", field="name", field_label="项目名称", old_value="旧名",
        new_value="高端装备项目", version=2, actor=officer, source="web",
        at=datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=dt_timezone.utc))
    job = Job.objects.create(kind="import", title="导入项目", zone=zone, created_by=officer, data=BINARY,
                             data_name="项目.xlsx", payload={"列": ["名称", "金额"], "n": 3, "x": 1.5, "空": None},
                             result={"rows": 2}, errors=[{"row": 3, "message": "金额不是数字"}])
    EvaluationRun.objects.create(zone=zone, year=2023, scheme_name="亩均评价", job=job, created_by=officer,
                                 spec={"groups": [{"key": "tax_per_mu", "weight": 40.5}]},
                                 benchmarks={"A": {"tax": {"value": 12.5, "basis": "mean"}}},
                                 warnings=["缺少用电数据"], counts={"A": 1, "B": 0})
    return {"zone": zone, "project": project, "job": job}


def snapshot() -> dict:
    """Every row of every table that a backup holds, as plain values keyed by table and primary key."""
    tables = {}
    for model in archive.backup_models():
        label = model._meta.label_lower
        if label in archive.SKIPPED_MODELS:
            continue
        rows = {}
        for row in model._base_manager.order_by("pk").values(*[f.attname for f in archive._fields(model)]):
            rows[row[model._meta.pk.attname]] = {
                k: bytes(v) if isinstance(v, memoryview) else v for k, v in row.items()}
        tables[label] = rows
    return tables


def wipe() -> None:
    tables = [model._meta.db_table for model in archive.backup_models()]
    connection.check_constraints()  # PostgreSQL: no TRUNCATE while deferred checks are pending
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), tables):
            cursor.execute(sql)


def test_round_trip_finds_every_row_again(populated, tmp_path):
    path = tmp_path / "zhaoshang.zip"
    before = snapshot()
    assert before["projects.stageevent"] and before["geo.division"] and before["auth.permission"]
    err = StringIO()
    call_command("backup", str(path), stdout=StringIO(), stderr=err)
    assert "projects.project(projects_project): 2 行" in err.getvalue()

    wipe()
    assert not Zone.objects.exists() and archive.nonempty_tables() == []
    out, err = StringIO(), StringIO()
    call_command("restore", str(path), stdout=out, stderr=err)
    assert "恢复完成" in out.getvalue() and "jobs.job(jobs_job): 1 行" in err.getvalue()

    after = snapshot()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    job = Job.objects.get(pk=populated["job"].pk)
    assert bytes(job.data) == BINARY and job.payload["空"] is None
    assert Project.objects.get(pk=populated["project"].pk).total_investment == Decimal("12345.67")
    # Sequences continue after the restored ids.
    assert ZoneFactory(code="NEW1").pk > max(before["organisation.zone"])
    assert StageEvent.objects.create(project_id=populated["project"].pk, stage=Stage.NEGOTIATING,
                                     date=date(2024, 4, 1)).pk > max(before["projects.stageevent"])


def test_manifest_describes_the_backup(populated, tmp_path):
    path = tmp_path / "b.zip"
    summary = archive.backup(path)
    manifest = archive.read_manifest(path)
    assert manifest["format"] == archive.FORMAT and manifest["format_version"] == archive.FORMAT_VERSION
    assert manifest["database"]["vendor"] == connection.vendor
    assert ["projects", "0001_initial"] in manifest["migrations"]
    counts = {t["model"]: t["rows"] for t in manifest["tables"]}
    assert counts["projects.project"] == 2 and counts == summary.counts
    assert "sessions.session" not in counts and manifest["skipped"] == ["sessions.session"]
    order = [t["model"] for t in manifest["tables"]]
    assert order.index("organisation.zone") < order.index("projects.project") < order.index("projects.stageevent")


def test_freshly_migrated_database_counts_as_empty(db):
    assert archive.nonempty_tables() == []


def test_refuses_database_with_data_unless_replace(populated, tmp_path):
    path = tmp_path / "b.zip"
    archive.backup(path)
    before = snapshot()
    Project.objects.filter(pk=populated["project"].pk).update(name="改过的名字")
    ZoneFactory(code="EXTRA")
    with pytest.raises(CommandError, match="目标数据库已有数据.*--replace"):
        call_command("restore", str(path), stdout=StringIO(), stderr=StringIO())
    assert Zone.objects.filter(code="EXTRA").exists()  # nothing changed

    call_command("restore", str(path), "--replace", stdout=StringIO(), stderr=StringIO())
    assert snapshot() == before
    assert not Zone.objects.filter(code="EXTRA").exists()


@pytest.mark.parametrize("content, message", [
    (b"this is not a backup", "不是招商平台的备份文件"),
    (None, "不是招商平台的备份文件"),  # a zip without a manifest
])
def test_refuses_garbage(db, tmp_path, content, message):
    path = tmp_path / "x.zip"
    if content is None:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("readme.txt", "hello")
    else:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), stdout=StringIO(), stderr=StringIO())


def test_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "nope.zip"), stdout=StringIO(), stderr=StringIO())


def _rewrite_manifest(source, target, change):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == archive.MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
            new.writestr(item, data)


def test_refuses_other_migrations_and_newer_format(populated, tmp_path):
    good = tmp_path / "b.zip"
    archive.backup(good)
    wipe()

    newer = tmp_path / "newer.zip"
    _rewrite_manifest(good, newer, lambda m: m["migrations"].append(["projects", "9999_future"]))
    with pytest.raises(CommandError, match="迁移状态与备份不一致.*projects.9999_future.*zhaoshang migrate"):
        call_command("restore", str(newer), stdout=StringIO(), stderr=StringIO())

    future = tmp_path / "future.zip"
    _rewrite_manifest(good, future, lambda m: m.update(format_version=archive.FORMAT_VERSION + 1))
    with pytest.raises(CommandError, match="请升级程序"):
        call_command("restore", str(future), stdout=StringIO(), stderr=StringIO())
    assert not Zone.objects.exists()


def test_truncated_table_rolls_back_everything(populated, tmp_path):
    good = tmp_path / "b.zip"
    archive.backup(good)
    before = snapshot()
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(broken, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename.endswith("projects.stageevent.jsonl"):
                data = data.splitlines(keepends=True)[0]
            new.writestr(item, data)
    with pytest.raises(CommandError, match="备份文件不完整"):
        call_command("restore", str(broken), "--replace", stdout=StringIO(), stderr=StringIO())
    assert snapshot() == before


def test_backup_does_not_overwrite(populated, tmp_path):
    path = tmp_path / "b.zip"
    path.write_text("keep me")
    with pytest.raises(CommandError, match="已存在.*--force"):
        call_command("backup", str(path), stdout=StringIO(), stderr=StringIO())
    assert path.read_text() == "keep me"
    call_command("backup", str(path), "--force", stdout=StringIO(), stderr=StringIO())
    assert archive.read_manifest(path)["format"] == archive.FORMAT
    assert [p.name for p in tmp_path.iterdir()] == ["b.zip"]  # no temporary file left behind


def test_errors_exit_non_zero_without_traceback(db, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["zhaoshang", "restore", str(tmp_path / "nope.zip")])
    assert exit_info.value.code != 0
    err = capsys.readouterr().err
    assert "找不到备份文件" in err and "Traceback" not in err


def test_values_of_every_kind_survive(db, tmp_path):
    """Dates, times with microseconds, decimals, nulls, unicode and binary data, through the file."""
    zone = ZoneFactory(code="KIND", division=division("320681"))
    job = Job.objects.create(kind="k", title="标题 ✓ \"引号\" \n 换行", zone=zone, data=b"",
                             started_at=datetime(2020, 2, 29, 23, 59, 59, 999999, tzinfo=dt_timezone.utc),
                             payload={"nested": {"list": [1, 2.25, "三", True, None]}})
    Job.objects.filter(pk=job.pk).update(created_at=job.started_at - timedelta(days=1))
    path = tmp_path / "b.zip"
    archive.backup(path)
    before = snapshot()
    archive.restore(path, replace=True)
    assert snapshot() == before
