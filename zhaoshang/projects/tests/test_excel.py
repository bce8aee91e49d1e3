"""Projects in and out of Excel: the import as a job, its checks, its history, and the export round trip."""

import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

import zhaoshang.projects.excel  # noqa: F401 - registers the "projects.import" job handler
from zhaoshang.changelog.models import ChangeAction, ChangeRecord, ChangeSource
from zhaoshang.changelog.selectors import history_of
from zhaoshang.core import xlsx
from zhaoshang.core.money import Currency
from zhaoshang.core.services import MSG_NO_PERMISSION
from zhaoshang.core.tests.test_xlsx import workbook as xlsx_file
from zhaoshang.enterprises.choices import EnterpriseLocation
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.jobs.models import JobStatus
from zhaoshang.jobs.runner import enqueue
from zhaoshang.organisation.models import ExchangeRate
from zhaoshang.projects import rules
from zhaoshang.projects.choices import Channel, ProjectStatus, Stage
from zhaoshang.projects.excel import (
    PROJECT_COLUMNS,
    export_projects,
    import_projects,
    project_template,
)
from zhaoshang.projects.excel.columns import STAGE_HEADERS
from zhaoshang.projects.excel.importer import (
    CORRECTION_REASON,
    MSG_DUPLICATE_CODE,
    MSG_UNKNOWN_CODE,
)
from zhaoshang.projects.models import Project, StageEvent
from zhaoshang.projects.services import (
    project_change_status,
    project_create,
    project_update,
)
from zhaoshang.testing.factories import EnterpriseFactory, credit_code

HEADERS = [column.header for column in PROJECT_COLUMNS if not column.export_only]
TODAY = timezone.localdate


def workbook(rows: list[dict], headers: list[str] = HEADERS) -> bytes:
    """A file as a user fills it in Excel: cells by header, dates as real dates or as typed text."""
    return xlsx_file(headers, *([row.get(header) for header in headers] for row in rows), title="项目")


def run_import(zone, user, data: bytes):
    job = enqueue(kind="projects.import", title="导入项目", zone=zone, user=user, data=data, data_name="项目.xlsx")
    job.refresh_from_db()
    return job


def edit(data: bytes, changes: dict[tuple[int, str], object]) -> bytes:
    """An exported file with some cells retyped: (Excel row, header) → value."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["项目"]
    headers = [cell.value for cell in sheet[1]]
    for (row, header), value in changes.items():
        sheet.cell(row=row, column=headers.index(header) + 1, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def investor(zone):
    return EnterpriseFactory(zone=zone, name="江苏神众新能源有限公司", credit_code=credit_code(7))


@pytest.fixture
def existing(zone, officer, investor, team):
    """A signed project of the zone, made as the web makes it."""
    return project_create(zone=zone, by=officer, name="神众新能源项目", investor=investor,
                          total_investment=Decimal("50000"), team=team, officer=officer,
                          stage_dates={Stage.LEAD: date(2024, 1, 5), Stage.SIGNED: date(2024, 3, 18)})


GOOD_ROWS = [
    {"项目名称": "年产5万吨复合材料项目", "投资方": "南通新材料科技有限公司", "投资方统一社会信用代码": credit_code(11),
     "期次": "一期", "行业代码": "39", "总投资(万元或万美元)": "120,000", "固定资产投资(万元)": 80000,
     "招商方式": "以商引商", "责任小组": "招商一组", "责任人": "陈佳伟", "科创项目": "是",
     "线索日期": date(2024, 1, 5), "在谈日期": "2024/2/20", "签约日期": "2024年3月31日"},
    {"项目名称": "智能装备产业园", "投资方": "江苏神众新能源有限公司", "总投资(万元或万美元)": 30000},
]


# ---- a good file ----------------------------------------------------------------------------------------------

def test_a_good_file_creates_every_project_with_its_stage_events(zone, officer, investor, team):
    job = run_import(zone, officer, workbook(GOOD_ROWS))

    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert job.result == {"created": 2, "updated": 0, "unchanged": 0, "investors_created": 1}
    first = Project.objects.get(name="年产5万吨复合材料项目")
    assert first.code == "QDKFQ-2024-0001"
    assert (first.total_investment, first.total_investment_cny) == (Decimal("120000"), Decimal("120000"))
    assert (first.phase, first.industry.code, first.channel) == (1, "39", Channel.REFERRAL)
    assert (first.team, first.officer, first.is_sci_tech, first.created_by) == (team, officer, True, officer)
    assert (first.stage, first.stage_date) == (Stage.SIGNED, date(2024, 3, 31))
    assert list(first.events.values_list("stage", "date", "recorded_by")) == [
        (Stage.LEAD, date(2024, 1, 5), officer.pk), (Stage.NEGOTIATING, date(2024, 2, 20), officer.pk),
        (Stage.SIGNED, date(2024, 3, 31), officer.pk)]
    assert (first.investor.credit_code, first.investor.location) == (credit_code(11), EnterpriseLocation.TARGET)
    second = Project.objects.get(name="智能装备产业园")
    assert second.investor == investor  # found in the library by name
    assert (second.stage, second.stage_date) == (Stage.LEAD, TODAY())  # no dates: a lead today
    assert second.code == f"QDKFQ-{TODAY().year}-0001"


def test_every_change_of_an_import_is_in_the_change_log_with_the_job_user_and_source(zone, officer, investor):
    job = run_import(zone, officer, workbook(GOOD_ROWS))

    records = ChangeRecord.objects.filter(zone=zone)
    assert records.count() == 3  # two projects and the new investor
    assert set(records.values_list("action", "source", "source_ref", "actor")) == {
        (ChangeAction.CREATE, ChangeSource.IMPORT, f"任务#{job.pk}", officer.pk)}
    project = Project.objects.get(name="智能装备产业园")
    assert [record.action for record in history_of(project)] == [ChangeAction.CREATE]


def test_codes_continue_the_zones_numbering_per_year_of_the_earliest_stage(zone, officer, existing):
    rows = [{"项目名称": f"项目{n}", "投资方": "某公司", "总投资(万元或万美元)": 1, "线索日期": f"{year}-06-01"}
            for n, year in enumerate([2024, 2023, 2024])]

    run_import(zone, officer, workbook(rows))

    assert list(Project.objects.exclude(pk=existing.pk).order_by("name").values_list("code", flat=True)) == [
        "QDKFQ-2024-0002", "QDKFQ-2023-0001", "QDKFQ-2024-0003"]


def test_a_usd_project_is_converted_at_the_rate_of_its_signing_date(zone, officer):
    ExchangeRate.objects.create(zone=zone, currency=Currency.USD, valid_from=date(2024, 1, 1), rate=Decimal("7.1"))
    row = {"项目名称": "外资项目", "投资方": "Foreign Co.", "投资币种": "美元", "总投资(万元或万美元)": 3000,
           "签约日期": date(2024, 3, 1)}

    run_import(zone, officer, workbook([row]))

    project = Project.objects.get()
    assert (project.currency, project.total_investment_cny) == (Currency.USD, Decimal("21300.00"))


# ---- a bad file -----------------------------------------------------------------------------------------------

def test_a_file_with_bad_rows_writes_nothing_and_lists_every_bad_row(zone, officer, investor):
    future = TODAY() + timedelta(days=3)
    rows = [
        GOOD_ROWS[0],
        {"项目名称": "", "投资方": "甲公司", "总投资(万元或万美元)": "abc"},
        {"项目名称": "乙项目", "投资方": "乙公司", "投资方统一社会信用代码": "91320681MA1234567X",
         "总投资(万元或万美元)": 5, "责任小组": "不存在的小组", "期次": "半期"},
        {"项目名称": "丙项目", "投资方": "丙公司", "总投资(万元或万美元)": 5,
         "在谈日期": "2024-05-01", "签约日期": "2024-04-01", "开工日期": future},
        {"项目编号": "QDKFQ-2019-0099", "项目名称": "丁项目", "投资方": "丁公司", "总投资(万元或万美元)": 5},
        {"项目名称": "戊项目", "投资方": "戊公司", "总投资(万元或万美元)": -1, "状态": "已终止", "签约日期": "2024-13-01"},
    ]
    enterprises = Enterprise.objects.count()

    job = run_import(zone, officer, workbook(rows))

    assert job.status == JobStatus.FAILED
    assert job.error_message == "共有5行有误, 未写入任何数据。"
    found = {(error["row"], error["column"]) for error in job.errors}
    assert found == {
        (3, "项目名称"), (3, "总投资(万元或万美元)"),
        (4, "投资方统一社会信用代码"), (4, "责任小组"), (4, "期次"),
        (5, "签约日期"), (5, "开工日期"),
        (6, "项目编号"),
        (7, "总投资(万元或万美元)"), (7, "签约日期"), (7, "终止原因"),
    }
    messages = {(error["row"], error["column"]): error["message"] for error in job.errors}
    assert messages[(3, "总投资(万元或万美元)")] == xlsx.MSG_NUMBER.format(value="abc")
    assert "校验位" in messages[(4, "投资方统一社会信用代码")]
    assert messages[(5, "签约日期")].startswith("签约日期 2024-04-01 早于")
    assert messages[(5, "开工日期")] == rules.MSG_FUTURE.format(stage="开工", date=future)
    assert messages[(6, "项目编号")] == MSG_UNKNOWN_CODE.format(code="QDKFQ-2019-0099")
    assert messages[(7, "终止原因")] == rules.MSG_REASON_REQUIRED
    assert all(error["message"] for error in job.errors)
    assert not Project.objects.exists()
    assert Enterprise.objects.count() == enterprises
    assert not ChangeRecord.objects.exists()


def test_the_same_code_twice_in_a_file_is_an_error_on_both_rows(zone, officer, existing):
    row = {"项目编号": existing.code, "项目名称": "神众新能源项目", "投资方": "江苏神众新能源有限公司",
           "总投资(万元或万美元)": 50000}

    job = run_import(zone, officer, workbook([row, {**row, "总投资(万元或万美元)": 60000}]))

    assert [(error["row"], error["message"]) for error in job.errors] == [
        (2, MSG_DUPLICATE_CODE.format(code=existing.code, other=3)),
        (3, MSG_DUPLICATE_CODE.format(code=existing.code, other=2))]


def test_an_upload_that_is_not_an_xlsx_fails_with_a_clear_message(zone, officer):
    job = run_import(zone, officer, "项目名称,总投资\n甲,5\n".encode())

    assert job.status == JobStatus.FAILED
    assert job.error_message == xlsx.MSG_NOT_XLSX


def test_an_officer_cannot_import_into_another_zone(zone, officer, other_zone):
    with pytest.raises(PermissionDenied):
        import_projects(zone=other_zone, by=officer, data=workbook(GOOD_ROWS))

    job = run_import(other_zone, officer, workbook(GOOD_ROWS))

    assert (job.status, job.error_message) == (JobStatus.FAILED, MSG_NO_PERMISSION)
    assert not Project.objects.exists()


def test_a_zone_leader_who_only_reads_cannot_import(zone, zone_leader):
    with pytest.raises(PermissionDenied):
        import_projects(zone=zone, by=zone_leader, data=workbook(GOOD_ROWS))


def test_progress_is_reported_while_rows_are_checked(zone, officer):
    reports = []

    import_projects(zone=zone, by=officer, data=workbook(GOOD_ROWS),
                    progress=lambda percent, message="": reports.append((percent, message)))

    assert reports[0] == (0, "正在读取文件")
    assert any("第 1/2 行" in message for _, message in reports)
    assert [percent for percent, _ in reports] == sorted(percent for percent, _ in reports)


# ---- updates: facts, stages and status ------------------------------------------------------------------------

def row_of(project: Project, **cells) -> dict:
    return {"项目编号": project.code, "项目名称": project.name, "投资方": project.investor.name,
            "总投资(万元或万美元)": project.total_investment, "责任小组": project.team and project.team.name,
            "责任人": project.officer and project.officer.full_name, **cells}


def test_dates_of_stages_not_yet_reached_advance_the_project(zone, officer, existing):
    job = run_import(zone, officer, workbook([row_of(existing, 签约日期=date(2024, 3, 18),
                                                     注册日期="2024-04-02", 开工日期="2024-06-10")]))

    assert job.result["updated"] == 1
    existing.refresh_from_db()
    assert (existing.stage, existing.stage_date, existing.version) == (Stage.STARTED, date(2024, 6, 10), 2)
    notes = history_of(existing).filter(field_label="推进阶段").order_by("id")
    assert [(note.old_value, note.new_value) for note in notes] == [
        ("签约(2024-03-18)", "注册(2024-04-02)"), ("注册(2024-04-02)", "开工(2024-06-10)")]


def test_a_blank_date_of_a_reached_stage_is_ignored_so_an_import_never_regresses(zone, officer, existing):
    job = run_import(zone, officer, workbook([row_of(existing, 线索日期=None, 签约日期=None)]))

    assert job.result == {"created": 0, "updated": 0, "unchanged": 1, "investors_created": 0}
    existing.refresh_from_db()
    assert existing.stage == Stage.SIGNED and existing.events.active().count() == 2


def test_a_changed_date_of_a_reached_stage_is_a_correction_with_a_reason(zone, officer, existing):
    run_import(zone, officer, workbook([row_of(existing, 签约日期="2024-03-20")]))

    existing.refresh_from_db()
    assert existing.stage_date == date(2024, 3, 20)
    assert existing.events.get(stage=Stage.SIGNED).date == date(2024, 3, 20)
    note = history_of(existing).get(field_label="更正签约日期")
    assert (note.old_value, note.new_value) == ("2024-03-18", f"2024-03-20；原因：{CORRECTION_REASON}")


def test_a_correction_is_checked_against_the_neighbouring_stages(zone, officer, existing):
    job = run_import(zone, officer, workbook([row_of(existing, 线索日期="2024-04-01")]))

    assert job.errors[0]["column"] == "线索日期"
    assert job.errors[0]["message"] == rules.MSG_AFTER_LATER.format(
        stage="线索", date=date(2024, 4, 1), later="签约", later_date=date(2024, 3, 18))
    assert existing.events.get(stage=Stage.LEAD).date == date(2024, 1, 5)


def test_several_dates_shifted_together_are_corrected_together(zone, officer, existing):
    run_import(zone, officer, workbook([row_of(existing, 线索日期="2024-04-01", 签约日期="2024-05-01")]))

    assert dict(existing.events.values_list("stage", "date")) == {Stage.LEAD: date(2024, 4, 1),
                                                                  Stage.SIGNED: date(2024, 5, 1)}


def test_an_advance_cannot_be_dated_before_the_latest_event(zone, officer, existing):
    job = run_import(zone, officer, workbook([row_of(existing, 开工日期="2024-02-01")]))

    assert job.errors[0]["column"] == "开工日期"
    assert "早于本项目已登记的“签约”日期" in job.errors[0]["message"]


def test_dropping_a_project_needs_a_reason_and_is_recorded_as_a_status_event(zone, officer, existing):
    run_import(zone, officer, workbook([row_of(existing, 状态="已终止", 终止原因="投资方资金链断裂")]))

    existing.refresh_from_db()
    assert existing.status == ProjectStatus.DROPPED
    event = existing.events.get(stage=Stage.DROPPED)
    assert (event.date, event.reason) == (TODAY(), "投资方资金链断裂")


def test_resuming_a_dropped_project_before_advancing_it(zone, officer, existing):
    project_change_status(project=existing, event=Stage.DROPPED, when=date(2024, 4, 1), by=officer, reason="搁置")

    run_import(zone, officer, workbook([row_of(existing, 状态="推进中", 注册日期=TODAY())]))

    existing.refresh_from_db()
    assert (existing.status, existing.stage) == (ProjectStatus.ACTIVE, Stage.REGISTERED)


def test_an_import_bumps_the_version_so_an_open_edit_form_sees_the_change(zone, officer, colleague, existing):
    run_import(zone, colleague, workbook([row_of(existing, **{"总投资(万元或万美元)": 60000})]))

    from zhaoshang.core.services import ConcurrentEditError
    with pytest.raises(ConcurrentEditError, match="总投资"):
        project_update(project=existing, by=officer, expected_version=1, name="改名")


# ---- export and the round trip --------------------------------------------------------------------------------

@pytest.fixture
def library(zone, officer, colleague, investor, existing):
    """Projects of every kind the export must carry: USD, dropped, multi-line text, formula-like names."""
    ExchangeRate.objects.create(zone=zone, currency=Currency.USD, valid_from=date(2023, 1, 1), rate=Decimal("7.0"))
    foreign = EnterpriseFactory(zone=zone, name="=Foreign+Co", credit_code="")
    project_create(zone=zone, by=officer, name="外资精密制造项目", investor=foreign, currency=Currency.USD,
                         total_investment=Decimal("3000.50"), foreign_investment=Decimal("1200"), is_foreign=True,
                         phase=2, top500="global500", major_level="province", expected_jobs=150,
                         description="第一行\r\n第二行", officer=colleague,
                         stage_dates={Stage.LEAD: date(2023, 11, 1), Stage.SIGNED: date(2024, 2, 1),
                                      Stage.STARTED: date(2024, 5, 6)})
    dropped = project_create(zone=zone, by=officer, name="+86 13800000000", investor=investor,
                             total_investment=Decimal("1"), stage_dates={Stage.CONTACTED: date(2024, 2, 1)})
    project_change_status(project=dropped, event=Stage.DROPPED, when=date(2024, 3, 1), by=officer,
                          reason="=转投他处")
    for name in ("=1+1", "@x", "-5"):
        project_create(zone=zone, by=officer, name=name, investor=investor, total_investment=Decimal("12.34"),
                       stage_dates={Stage.LEAD: date(2024, 1, 2)})
    return Project.objects.filter(zone=zone).order_by("code")


def test_the_export_has_the_import_headers_then_current_stage_and_zone(library):
    sheet = openpyxl.load_workbook(io.BytesIO(export_projects(library)))["项目"]

    assert [cell.value for cell in sheet[1]] == HEADERS + ["当前阶段", "园区"]
    assert sheet.max_row == library.count() + 1


def test_an_exported_file_imports_into_the_same_zone_without_changing_anything(zone, officer, library):
    versions = dict(library.values_list("pk", "version"))
    records = ChangeRecord.objects.count()

    job = run_import(zone, officer, export_projects(library))

    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert job.result == {"created": 0, "updated": 0, "unchanged": library.count(), "investors_created": 0}
    assert dict(library.values_list("pk", "version")) == versions
    assert ChangeRecord.objects.count() == records


def test_an_edited_cell_updates_that_project_and_its_history(zone, officer, colleague, library, existing):
    row = list(library).index(existing) + 2
    data = edit(export_projects(library), {(row, "总投资(万元或万美元)"): 65000.5, (row, "责任人"): "何毅"})

    job = run_import(zone, officer, data)

    assert job.result["updated"] == 1 and job.result["unchanged"] == library.count() - 1
    existing.refresh_from_db()
    assert (existing.total_investment, existing.total_investment_cny) == (Decimal("65000.50"), Decimal("65000.50"))
    assert (existing.officer, existing.version) == (colleague, 2)
    changes = {record.field: (record.old_value, record.new_value, record.source, record.actor)
               for record in history_of(existing).filter(action=ChangeAction.UPDATE)}
    assert changes == {"total_investment": ("50000", "65000.5", ChangeSource.IMPORT, officer),
                       "officer": ("陈佳伟", "何毅", ChangeSource.IMPORT, officer)}


def test_formula_like_text_is_exported_as_text_and_survives_the_round_trip(zone, officer, library):
    data = export_projects(library)

    sheet = openpyxl.load_workbook(io.BytesIO(data))["项目"]
    cells = {cell.value: cell for cell in sheet["B"][1:]}
    for name in ("=1+1", "@x", "-5", "+86 13800000000"):
        assert (cells[name].data_type, cells[name].quotePrefix) == ("s", True)
    investor_cell = next(cell for cell in sheet["C"] if cell.value == "=Foreign+Co")
    assert investor_cell.data_type == "s"
    assert run_import(zone, officer, data).result["unchanged"] == library.count()


def test_formula_like_names_in_a_new_file_are_stored_as_typed(zone, officer):
    rows = [{"项目名称": name, "投资方": "=cmd|' /C calc'!A0", "总投资(万元或万美元)": 1} for name in ("=1+1", "-5")]

    run_import(zone, officer, workbook(rows))

    assert set(Project.objects.values_list("name", flat=True)) == {"=1+1", "-5"}
    assert Enterprise.objects.filter(name="=cmd|' /C calc'!A0").count() == 1  # one investor for both rows


def test_the_template_has_every_column_an_example_that_imports_and_instructions(zone, officer):
    data = project_template()

    book = openpyxl.load_workbook(io.BytesIO(data))
    assert [cell.value for cell in book["项目"][1]] == HEADERS
    instructions = [row[0] for row in book["说明"].iter_rows(values_only=True)]
    assert set(HEADERS) <= set(instructions)
    assert any("不会让项目退回阶段" in (line or "") for line in instructions)
    assert run_import(zone, officer, data).result["created"] == 1


def test_headers_are_the_ones_users_know(zone):
    assert HEADERS[:9] == ["项目编号", "项目名称", "投资方", "投资方统一社会信用代码", "期次", "增资扩产", "行业代码",
                           "投资币种", "总投资(万元或万美元)"]
    assert list(STAGE_HEADERS.values()) == ["线索日期", "接洽日期", "在谈日期", "意向日期", "签约日期", "注册日期",
                                            "供地日期", "开工日期", "竣工日期", "投产日期", "达产日期"]
    assert HEADERS[-2:] == ["状态", "终止原因"]


# ---- scale ----------------------------------------------------------------------------------------------------

def big_file(n: int) -> bytes:
    rows = [{"项目名称": f"批量项目{i}", "投资方": f"批量投资企业{i % 300}", "总投资(万元或万美元)": 1000 + i,
             "责任小组": "招商一组", "责任人": "陈佳伟", "行业代码": "39", "招商方式": "以商引商",
             "线索日期": date(2020 + i % 4, 1, 10), "签约日期": date(2024, 1, 1) + timedelta(days=i % 90)}
            for i in range(n)]
    return workbook(rows)


def test_two_thousand_rows_import_with_a_bounded_number_of_queries(zone, officer, investor,
                                                                   django_assert_max_num_queries):
    data = big_file(2000)

    # Set-based: lookups once, then bulk statements (SQLite takes ~1,000 parameters a statement, hence
    # batches); a query per row would be well over 4,000.
    with django_assert_max_num_queries(200):
        result = import_projects(zone=zone, by=officer, data=data)

    assert result == {"created": 2000, "updated": 0, "unchanged": 0, "investors_created": 300}
    assert StageEvent.objects.filter(project__zone=zone).count() == 4000
    assert ChangeRecord.objects.filter(source=ChangeSource.SHELL, zone=zone).count() == 2300


def test_an_import_cannot_make_a_zone_leader_responsible_but_keeps_a_retired_officer(zone, officer, colleague,
                                                                                    zone_leader, existing):
    from zhaoshang.organisation.selectors import MSG_OFFICER_NOT_ASSIGNABLE

    project_update(project=existing, by=officer, expected_version=None, officer=colleague)
    colleague.is_active = False
    colleague.save()
    exported = export_projects(Project.objects.filter(zone=zone))
    job = run_import(zone, officer, exported)
    assert job.status == JobStatus.SUCCEEDED and job.result["unchanged"] == 1
    job = run_import(zone, officer, edit(exported, {(2, "责任人"): zone_leader.full_name}))
    assert job.status == JobStatus.FAILED
    assert job.errors == [{"row": 2, "column": "责任人", "value": zone_leader.full_name,
                           "message": MSG_OFFICER_NOT_ASSIGNABLE}]
