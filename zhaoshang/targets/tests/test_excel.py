"""Importing a plan from .xlsx: all rows or none, every bad cell named by row, column and reason."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhaoshang.core import xlsx
from zhaoshang.core.xlsx import XlsxError
from zhaoshang.targets import excel, services
from zhaoshang.targets.models import TargetPlan

D = Decimal
HEADERS = [column.header for column in excel.COLUMNS]
PLAN = {"year": 2024, "name": "导入的任务", "scope": "zone"}


def workbook(*rows: dict) -> bytes:
    """A sheet with the import's headers and one row per dict (header → cell)."""
    return xlsx.write_workbook(title=excel.SHEET_TITLE, columns=excel.COLUMNS,
                               rows=[[row.get(header) for header in HEADERS] for row in rows])


SIGNED_BIG = {"目标名称": "新签约亿元以上项目", "指标": "达到阶段的项目数(个)", "阶段": "签约",
              "总投资不低于(万元)": 10000, "或不低于(万美元)": "按比例", "全年": 30}


def test_a_plan_is_imported_with_its_splits_and_children(zone, officer):
    data = workbook(
        SIGNED_BIG,
        {"目标名称": "其中5亿元以上", "其中(属于)": "新签约亿元以上项目", "指标": "stage_count", "阶段": "签约",
         "总投资不低于(万元)": 50000, "全年": 10},
        {"目标名称": "分月线索", "指标": "新增项目线索(个)", **{f"{month}月": 2 for month in range(1, 13)}},
        {"目标名称": "科创项目签约", "指标": "达到阶段的项目数(个)", "阶段": "签约", "仅科创项目": "是", "行业": "39",
         "全年": 5},
    )
    plan = excel.import_plan(zone=zone, by=officer, data=data, plan_fields=PLAN)
    targets = {target.name: target for target in plan.targets.select_related("parent", "industry")}
    assert list(targets) == ["新签约亿元以上项目", "其中5亿元以上", "分月线索", "科创项目签约"]
    assert targets["其中5亿元以上"].parent == targets["新签约亿元以上项目"]
    assert targets["新签约亿元以上项目"].min_investment_usd == D(1000)
    monthly = targets["分月线索"]
    assert monthly.granularity == "month" and monthly.values.get(period="Y").value == D(24)  # 12 × 2
    assert targets["科创项目签约"].sci_tech_only and targets["科创项目签约"].industry.code == "39"


def test_a_bad_file_writes_nothing_and_lists_every_error(zone, officer):
    data = workbook(
        SIGNED_BIG,
        {"目标名称": "新开工项目", "指标": "达到阶段的项目数(个)", "一季度": -4},  # row 3: no stage, negative
        {"目标名称": "其中", "其中(属于)": "不存在的目标", "指标": "达到阶段的项目数(个)", "阶段": "签约", "全年": 1},
        {"目标名称": "新签约亿元以上项目", "指标": "指标X", "全年": "三十"},  # row 5: name twice, bad metric, text
    )
    with pytest.raises(XlsxError) as excinfo:
        excel.import_plan(zone=zone, by=officer, data=data, plan_fields=PLAN)
    found = {(error["row"], error["column"]) for error in excinfo.value.errors}
    assert found == {(3, "一季度"), (3, "阶段"), (4, "其中(属于)"), (5, "目标名称"), (5, "指标"), (5, "全年")}
    messages = {(error["row"], error["column"]): error["message"] for error in excinfo.value.errors}
    assert messages[(3, "阶段")] == services.MSG_STAGE_REQUIRED
    assert messages[(3, "一季度")] == xlsx.MSG_NEGATIVE
    assert "不存在的目标" in messages[(4, "其中(属于)")]
    assert excinfo.value.message == xlsx.MSG_ROWS_BAD.format(n=3)
    assert not TargetPlan.objects.exists()


def test_the_plans_own_fields_are_checked(zone, officer):
    services.target_plan_create(zone=zone, by=officer, **PLAN)
    with pytest.raises(ValidationError) as excinfo:
        excel.import_plan(zone=zone, by=officer, data=workbook(SIGNED_BIG), plan_fields=PLAN)
    assert "name" in excinfo.value.message_dict
    assert TargetPlan.objects.count() == 1


def test_a_read_only_user_cannot_import(zone, zone_leader):
    with pytest.raises(PermissionDenied):
        excel.import_plan(zone=zone, by=zone_leader, data=workbook(SIGNED_BIG), plan_fields=PLAN)


def test_the_import_page_shows_the_errors_and_keeps_nothing(client, officer):
    client.force_login(officer)
    data = workbook({"目标名称": "新开工项目", "指标": "达到阶段的项目数(个)", "全年": 4})
    response = client.post(reverse("targets:import"), {**PLAN, "file": SimpleUploadedFile("目标.xlsx", data)})
    page = response.content.decode()
    assert response.status_code == 200
    assert services.MSG_STAGE_REQUIRED in page and "共有1行有误" in page
    assert not TargetPlan.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused_on_the_form(client, officer):
    client.force_login(officer)
    response = client.post(reverse("targets:import"), {**PLAN, "file": SimpleUploadedFile("目标.xlsx", b"not a zip")})
    assert xlsx.MSG_NOT_XLSX in response.content.decode()
