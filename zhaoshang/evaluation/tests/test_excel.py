"""Reading the 亩均 data sheet and the parcel register, the templates, and the export of a run's results."""

import io
from decimal import Decimal

import openpyxl
import pytest

from zhaoshang.core.tests.test_xlsx import workbook
from zhaoshang.core.xlsx import MSG_NEGATIVE, MSG_REQUIRED, XlsxError
from zhaoshang.enterprises.credit_code import MSG_CHECK
from zhaoshang.evaluation import excel
from zhaoshang.evaluation.engine.data import LEASED, OWN, Dataset
from zhaoshang.evaluation.engine.presets import PRESETS
from zhaoshang.evaluation.engine.score import evaluate
from zhaoshang.evaluation.models import EvaluationResult, EvaluationRun
from zhaoshang.testing.factories import credit_code

HEADERS = [column.header for column in excel.DATA_COLUMNS]
REQUIRED = [column.header for column in excel.DATA_COLUMNS if column.required]
INDUSTRIES = excel.IndustryCodes.from_file()


def data_file(*rows: dict, headers=HEADERS) -> bytes:
    return workbook(headers, *([row.get(header) for header in headers] for row in rows), title=excel.SHEET_TITLE)


def good(n: int = 1, **cells) -> dict:
    row = {"统一社会信用代码": credit_code(n), "企业名称": f"启东测试企业{n}", "年度": 2023, "规上": "是",
           "用地面积(亩)": 20, "营业收入(万元)": 5000, "税收(万元)": 300, "行业代码": "39"}
    row.update(cells)
    return row


def parse(*rows: dict, headers=HEADERS):
    return excel.parse_data(data_file(*rows, headers=headers), industries=INDUSTRIES)


def errors_of(*rows: dict, headers=HEADERS) -> list[tuple[int, str, str]]:
    with pytest.raises(XlsxError) as caught:
        parse(*rows, headers=headers)
    return [(error["row"], error["column"], error["message"]) for error in caught.value.errors]


def sheet_rows(data: bytes, title: str) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = [list(row) for row in book[title].iter_rows(values_only=True)]
    width = max(len(row) for row in rows)
    return [row + [None] * (width - len(row)) for row in rows]  # blank trailing cells are not stored


# ---- reading ------------------------------------------------------------------------------------------


def test_a_good_row_becomes_a_record_with_every_figure():
    parsed = parse(good(1, **{"工业增加值(万元)": "1,200.5", "综合能耗(吨标煤)": 350, "用电量(万千瓦时)": 180,
                              "主要污染物排放(吨)": 0.35, "年平均职工人数": 85, "研发经费(万元)": 160,
                              "投产年份": 2012, "宗地编号": "QD-01", "用地方式": "租赁",
                              "应税销售收入(万元)": 4800, "在建项目": "否", "标签": "高新技术企业、专精特新"}))

    (record,) = parsed.records
    assert (record.credit_code, record.name, record.year, record.above_scale) == (credit_code(1), "启东测试企业1", 2023, True)
    assert (record.land_mu, record.revenue, record.tax, record.value_added) == (
        Decimal(20), Decimal(5000), Decimal(300), Decimal("1200.50"))
    assert (record.emissions, record.employees, record.production_year) == (Decimal("0.35"), 85, 2012)
    assert (record.industry_code, record.parcel_code, record.tenure, record.under_construction) == (
        "39", "QD-01", LEASED, False)
    assert record.tags == ("高新技术企业", "专精特新")
    assert parsed.warnings == [] and parsed.rows == [2]


def test_blank_optional_cells_are_missing_and_extra_columns_are_ignored():
    parsed = parse(good(1, 备注="随便写"), headers=[*REQUIRED, "备注"])

    (record,) = parsed.records
    assert (record.value_added, record.emissions, record.industry_code, record.tenure, record.tags) == (
        None, None, "", OWN, ())


def test_land_measured_from_square_metres_is_rounded_half_up_to_two_places():
    (record,) = parse(good(1, **{"用地面积(亩)": 12.1845, "综合能耗(吨标煤)": "3.125"})).records
    assert (record.land_mu, record.energy_tce) == (Decimal("12.18"), Decimal("3.13"))


def test_a_four_digit_industry_class_is_read_as_its_group_and_a_number_code_keeps_its_digits():
    records = parse(good(1, 行业代码=3911), good(2, 行业代码="4411 火力发电")).records
    assert [record.industry_code for record in records] == ["391", "441"]


def test_every_bad_row_is_listed_with_its_row_and_column_and_nothing_is_returned():
    bad_code = credit_code(5)[:17] + ("0" if credit_code(5)[17] != "0" else "1")
    rows = [
        good(1),
        good(2, 企业名称=None, **{"营业收入(万元)": -5}),  # row 3
        good(3, **{"用地面积(亩)": 0, "行业代码": "99"}),  # row 4
        good(4, 年度=1999),  # row 5
        good(5, 统一社会信用代码=bad_code),  # row 6
        good(6, 投产年份=2024, 用地方式="借用"),  # row 7
        good(1, 标签="纳税大户"),  # row 8: the code of row 2, the same year
    ]
    errors = errors_of(*rows)

    assert [(row, column) for row, column, _ in errors] == [
        (2, "统一社会信用代码"),
        (3, "企业名称"), (3, "营业收入(万元)"),
        (4, "用地面积(亩)"), (4, "行业代码"),
        (5, "年度"),
        (6, "统一社会信用代码"),
        (7, "投产年份"), (7, "用地方式"),
        (8, "标签"), (8, "统一社会信用代码"),
    ]
    messages = {(row, column): message for row, column, message in errors}
    assert messages[3, "企业名称"] == MSG_REQUIRED.format(column="企业名称")
    assert messages[3, "营业收入(万元)"] == MSG_NEGATIVE
    assert messages[4, "用地面积(亩)"] == excel.MSG_LAND_ZERO
    assert "行业代码“99”不存在" in messages[4, "行业代码"]
    assert "2000年到" in messages[5, "年度"]
    assert messages[6, "统一社会信用代码"] == MSG_CHECK.format(expected=credit_code(5)[17])
    assert messages[7, "投产年份"] == excel.MSG_PRODUCTION_AFTER.format(production=2024, year=2023)
    assert "自有、租赁" in messages[7, "用地方式"]
    assert "纳税大户" in messages[8, "标签"]
    assert messages[2, "统一社会信用代码"] == excel.MSG_DUPLICATE.format(other=8, code=credit_code(1), year=2023)


def test_the_same_enterprise_in_two_years_is_fine():
    assert [record.year for record in parse(good(1, 年度=2022), good(1, 年度=2023)).records] == [2022, 2023]


def test_tax_above_revenue_is_a_warning_not_an_error():
    parsed = parse(good(1, **{"税收(万元)": 600, "营业收入(万元)": 500}))

    assert len(parsed.records) == 1
    assert parsed.warnings == [{"row": 2, "column": "税收(万元)", "value": "600",
                                "message": excel.MSG_TAX_ABOVE_REVENUE.format(tax=Decimal("600.00"),
                                                                               revenue=Decimal("500.00"))}]


def test_a_missing_required_column_is_named():
    headers = [header for header in HEADERS if header != "税收(万元)"]
    with pytest.raises(XlsxError) as caught:
        parse(good(1), headers=headers)
    assert "税收(万元)" in caught.value.message


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(XlsxError):
        excel.parse_data(b"not a workbook", industries=INDUSTRIES)


# ---- templates ----------------------------------------------------------------------------------------


def test_the_data_template_has_the_issue_headers_a_note_sheet_and_examples_that_import_cleanly():
    data = excel.template()

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == [excel.SHEET_TITLE, "说明"]
    assert sheet_rows(data, excel.SHEET_TITLE)[0][:15] == [
        "统一社会信用代码", "企业名称", "年度", "规上", "用地面积(亩)", "营业收入(万元)", "税收(万元)", "工业增加值(万元)",
        "综合能耗(吨标煤)", "用电量(万千瓦时)", "主要污染物排放(吨)", "年平均职工人数", "研发经费(万元)", "投产年份", "行业代码"]
    records = excel.parse_data(data, industries=INDUSTRIES).records
    assert [(record.above_scale, record.tenure, record.parcel_code) for record in records] == [
        (True, OWN, "QD-2015-018"), (False, LEASED, "QD-2015-018")]
    assert records[0].tags == ("高新技术企业", "专精特新")


def test_the_parcel_template_reads_back():
    (item,) = excel.parse_parcels(excel.parcel_template())
    assert (item.code, item.area_mu, item.owner_code) == ("QD-2015-018", Decimal("52.30"), "91320681000000001C")


def test_parcel_rows_are_checked_together():
    headers = [column.header for column in excel.PARCEL_COLUMNS]
    rows = [["P-1", "", 10, "2019-06-30", None, None, None], ["P-1", "", 0, "明年", None, None, None]]
    with pytest.raises(XlsxError) as caught:
        excel.parse_parcels(workbook(headers, *rows, title=excel.PARCEL_SHEET_TITLE))
    assert [(error["row"], error["column"]) for error in caught.value.errors] == [
        (2, "宗地编号"), (3, "宗地面积(亩)"), (3, "供地日期"), (3, "宗地编号")]


# ---- results ------------------------------------------------------------------------------------------


def make_run(zone, year: int = 2022, preset: str = "huangyan-2022") -> EvaluationRun:
    """A run written the way a run stores an Outcome (independent of the run service)."""
    records = parse(
        good(1, 年度=year, **{"用地面积(亩)": 10, "税收(万元)": 241, "营业收入(万元)": 20000}),
        good(2, 年度=year, **{"用地面积(亩)": 20, "税收(万元)": 241, "营业收入(万元)": 9000}),
        good(3, 年度=year, 规上="否", **{"用地面积(亩)": 2})).records
    spec = PRESETS[preset]
    outcome = evaluate(Dataset.from_records(records), spec, year)
    run = EvaluationRun.objects.create(
        zone=zone, year=year, scheme_name=spec.name, spec=spec.to_dict(),
        benchmarks={group: {key: bench.as_dict() for key, bench in items.items()}
                    for group, items in outcome.benchmarks.items()}, warnings=outcome.warnings)
    EvaluationResult.objects.bulk_create(
        EvaluationResult(run=run, credit_code=row["credit_code"], name=row["name"], group=row["group"],
                         status=row["status"], reason=row["reason"], klass=row["class"], total=row["total"],
                         bonus=row["bonus"], rank=row["rank"], rank_of=row["rank_of"], percentile=row["percentile"],
                         forced=row["forced"], follows=row["follows"], unit=max(row["unit"], 0),
                         above_scale=row["inputs"]["above_scale"], land_mu=row["inputs"]["land_mu"],
                         revenue=row["inputs"]["revenue"], tax=row["inputs"]["tax"],
                         inputs={k: v for k, v in row["inputs"].items()
                                 if k not in ("credit_code", "name", "above_scale", "land_mu", "revenue", "tax")},
                         indicators=row["indicators"], bonuses=row["bonuses"], policies=row["policies"])
        for row in outcome.rows())
    return run


def test_results_export_has_the_import_layout_then_scores_and_a_note_sheet_with_benchmarks(zone):
    run = make_run(zone)

    rows = sheet_rows(excel.export_results(run), excel.RESULTS_SHEET_TITLE)

    header = rows[0]
    assert header[:len(HEADERS)] == HEADERS
    assert header[len(HEADERS):len(HEADERS) + 5] == ["评价分组", "评价状态", "不参评原因", "亩均税收(万元/亩)", "亩均税收得分"]
    assert header[-9:] == list(excel.RESULT_END)
    by_code = {row[0]: dict(zip(header, row)) for row in rows[1:]}
    first = by_code[credit_code(1)]
    # 亩均税收 241 ÷ 10 = 24.1 万元/亩; 30 × 24.1 ÷ 24.097 = 30.0037… → 30.00. Two rated: A takes
    # floor(2 × 20%) = 0 places, A+B floor(2 × 60%) = 1, so the first is B and the second (A+B+C: 1) is D.
    assert (first["亩均税收(万元/亩)"], first["亩均税收得分"], first["排名"], first["等级"]) == (24.1, 30.0, 1, "B")
    assert by_code[credit_code(2)]["等级"] == "D"
    assert (first["评价分组"], first["评价状态"], first["年度"], first["规上"]) == ("规上企业", "参评", 2022, "是")
    small = by_code[credit_code(3)]
    assert small["评价状态"] == "不在评价范围" and "不足3亩" in small["不参评原因"] and small["总分"] is None
    notes = [row[0] for row in sheet_rows(excel.export_results(run), "说明") if row and row[0]]
    assert "评价年度: 2022年" in notes and any("亩均税收: 24.097 万元/亩" in note for note in notes)


def test_a_results_export_reads_back_as_the_data_it_was_made_from(zone):
    run = make_run(zone)

    records = excel.parse_data(excel.export_results(run), industries=INDUSTRIES).records

    assert sorted((r.credit_code, r.year, r.land_mu, r.tax, r.above_scale) for r in records) == [
        (credit_code(1), 2022, Decimal(10), Decimal(241), True),
        (credit_code(2), 2022, Decimal(20), Decimal(241), True),
        (credit_code(3), 2022, Decimal(2), Decimal(300), False)]
