"""insert_objects writes what bulk_create would: every column, defaults, JSON, Decimals, dates and timestamps."""

from datetime import date
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from zhaoshang.core.bulk import insert_objects, insert_rows
from zhaoshang.evaluation.models import EvaluationRun, Scheme
from zhaoshang.evaluation.engine.presets import PRESETS
from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import Project, StageEvent
from zhaoshang.testing.factories import EnterpriseFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _project(zone, investor, code):
    return Project(zone=zone, code=code, name="盐城储能电池项目", investor=investor, currency="USD",
                   total_investment=Decimal("1234.56"), total_investment_cny=Decimal("8765.38"),
                   foreign_investment=Decimal("1234.56"), is_foreign=True, stage=Stage.SIGNED,
                   stage_date=date(2025, 3, 31), phase=2, is_expansion=True)


def test_insert_objects_stores_the_same_row_as_bulk_create(zone):
    investor = EnterpriseFactory(zone=zone)
    Project.objects.bulk_create([_project(zone, investor, "A-1")])
    before = timezone.now()
    assert insert_objects(Project, [_project(zone, investor, "A-2")]) == 1

    by_bulk, by_insert = (Project.objects.get(code=code) for code in ("A-1", "A-2"))
    ignored = {"id", "code"}
    assert ({k: v for k, v in model_to_dict(by_insert).items() if k not in ignored}
            == {k: v for k, v in model_to_dict(by_bulk).items() if k not in ignored})
    assert by_insert.total_investment == Decimal("1234.56") and by_insert.stage_date == date(2025, 3, 31)
    assert by_insert.created_at >= before.replace(microsecond=0)  # auto_now_add filled in


def test_insert_objects_leaves_keys_unset_and_counts_rows(zone):
    project = ProjectFactory(zone=zone)
    events = [StageEvent(project=project, stage=stage, date=date(2025, 1, day), reason=reason)
              for day, (stage, reason) in enumerate([(Stage.ON_HOLD, ""), (Stage.RESUMED, ""),
                                                     (Stage.DROPPED, "投资方战略调整")], start=1)]
    assert insert_objects(StageEvent, events) == 3
    assert all(event.pk is None for event in events)
    assert list(project.events.filter(date__year=2025).order_by("date").values_list("stage", "reason")) == [
        (Stage.ON_HOLD, ""), (Stage.RESUMED, ""), (Stage.DROPPED, "投资方战略调整")]


def test_insert_rows_writes_every_row_and_counts_them(zone):
    # 6,000 rows × 7 columns: more values than one SQLite statement may hold, so none may be lost in batching.
    fields = ["project", "stage", "date", "reason", "note", "void_reason", "recorded_at"]
    assert insert_rows(StageEvent, fields, []) == 0
    project = ProjectFactory(zone=zone)
    now = timezone.now()
    rows = [(project.pk, Stage.ON_HOLD, date(2024, 1, 1), "", f"第{n}次", "", now) for n in range(6000)]
    assert insert_rows(StageEvent, fields, rows) == 6000
    assert project.events.filter(stage=Stage.ON_HOLD).count() == 6000
    assert project.events.filter(note="第5999次").exists()


def test_insert_objects_serialises_json_columns(zone, officer):
    scheme = Scheme.objects.create(zone=zone, name="测试方案", spec=PRESETS["huaian-2024"].to_dict())
    run = EvaluationRun(zone=zone, year=2025, scheme=scheme, spec={"名称": "淮安", "权重": [0.5, 0.5]},
                        counts={"A": 3}, created_by=officer)
    insert_objects(EvaluationRun, [run])
    stored = EvaluationRun.objects.get(zone=zone, year=2025)
    assert stored.spec == {"名称": "淮安", "权重": [0.5, 0.5]} and stored.counts == {"A": 3}
    assert stored.warnings == [] and stored.benchmarks == {}
