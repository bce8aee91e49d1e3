"""Reading and writing spreadsheets: what a user typed becomes a value or a row error, never a crash."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from zhaoshang.core import xlsx
from zhaoshang.core.xlsx import CellError, Column
from zhaoshang.jobs.runner import JobError

COLUMNS = (Column("项目名称", required=True), Column("总投资(万元)"), Column("签约日期"))


def workbook(*rows, title="项目") -> bytes:
    """A file as a user's Excel would save it (plain openpyxl, not our writer). Text is typed as text, so
    "=1+1" is a name, as when typed after a ' in Excel. The other apps' Excel tests build files with it."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for cell in (cell for line in sheet.iter_rows() for cell in line if isinstance(cell.value, str)):
        cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---- refusing what is not a workbook --------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    b"name,amount\n=1+1,5\n",  # a .csv renamed to .xlsx
    b"PK\x03\x04 this zip is cut short",  # a corrupt or truncated upload
    b"",
])
def test_a_file_that_is_not_an_xlsx_is_refused_with_a_message_to_save_it_as_xlsx(data):
    with pytest.raises(xlsx.XlsxError) as refused:
        xlsx.read_sheet(data, columns=COLUMNS)

    assert refused.value.message == xlsx.MSG_NOT_XLSX
    assert "另存为" in refused.value.message


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")

    with pytest.raises(xlsx.XlsxError, match="不是有效的 Excel"):
        xlsx.read_sheet(buffer.getvalue(), columns=COLUMNS)


def test_the_refusal_is_a_job_error_and_a_value_error_so_jobs_and_views_can_show_it():
    with pytest.raises(JobError):
        xlsx.read_sheet(b"plain text", columns=COLUMNS)
    with pytest.raises(ValueError):
        xlsx.read_sheet(b"plain text", columns=COLUMNS)


def test_a_sheet_without_a_required_header_names_the_missing_column():
    with pytest.raises(xlsx.XlsxError) as refused:
        xlsx.read_sheet(workbook(["名称", "总投资(万元)"], ["某项目", 5]), columns=COLUMNS)

    assert "项目名称" in refused.value.message
    assert refused.value.errors == [{"row": 1, "column": "项目名称", "value": "", "message": "缺少此列"}]


def test_a_sheet_with_headers_only_is_refused_as_empty():
    with pytest.raises(xlsx.XlsxError, match="没有数据行"):
        xlsx.read_sheet(workbook(["项目名称"]), columns=COLUMNS)


# ---- reading --------------------------------------------------------------------------------------------------

def test_headers_match_despite_spaces_full_width_brackets_and_a_required_star():
    sheet = xlsx.read_sheet(workbook([" 项目名称* ", "总投资（万元）", "签约 日期"], ["某项目", 5, None]),
                            columns=COLUMNS)

    row = sheet.rows[0]
    assert (row.raw("项目名称"), row.raw("总投资(万元)")) == ("某项目", 5)
    assert row.has("签约日期")


def test_rows_keep_their_excel_numbers_past_a_title_line_and_blank_rows():
    data = workbook(["2024年在谈项目清单"], ["项目名称", "总投资(万元)"], ["甲", 1], [None, None], ["乙", 2])

    sheet = xlsx.read_sheet(data, columns=COLUMNS)

    assert [(row.number, row.raw("项目名称")) for row in sheet.rows] == [(3, "甲"), (5, "乙")]


def test_the_named_sheet_is_read_even_when_it_is_not_the_first():
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["请按模板填写"])
    data_sheet = book.create_sheet("项目")
    data_sheet.append(["项目名称"])
    data_sheet.append(["甲"])
    buffer = io.BytesIO()
    book.save(buffer)

    sheet = xlsx.read_sheet(buffer.getvalue(), columns=COLUMNS, sheet_name="项目")

    assert sheet.rows[0].raw("项目名称") == "甲"


def test_a_bad_cell_becomes_a_row_error_with_row_column_value_and_reason():
    sheet = xlsx.read_sheet(workbook(["项目名称", "总投资(万元)"], [None, "五千"]), columns=COLUMNS)
    row = sheet.rows[0]

    row.value("项目名称", required=True)
    row.value("总投资(万元)", xlsx.to_decimal)

    assert row.errors == [
        {"row": 2, "column": "项目名称", "value": "", "message": xlsx.MSG_REQUIRED.format(column="项目名称")},
        {"row": 2, "column": "总投资(万元)", "value": "五千", "message": xlsx.MSG_NUMBER.format(value="五千")},
    ]


# ---- converters -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    date(2024, 3, 31), datetime(2024, 3, 31, 0, 0), "2024-03-31", "2024/3/31", "2024.3.31", "2024年3月31日",
    "20240331", 20240331, 20240331.0, " 2024-03-31 00:00:00 ", "２０２４－０３－３１",
])
def test_dates_are_read_from_excel_dates_and_the_ways_people_type_them(value):
    assert xlsx.to_date(value) == date(2024, 3, 31)


@pytest.mark.parametrize("value", ["2024-02-30", "31/03/2024", "下月", "2024", 45382])
def test_an_unreadable_date_says_how_to_write_one(value):
    with pytest.raises(CellError, match="2024-03-31"):
        xlsx.to_date(value)


@pytest.mark.parametrize("value, expected", [
    (50000, Decimal("50000")), (1234.56, Decimal("1234.56")), ("1,234,567.5", Decimal("1234567.5")),
    ("１２，３４５", Decimal("12345")), (" 88 ", Decimal("88")), (0.1 + 0.2, Decimal("0.30")),
])
def test_amounts_are_exact_decimals_from_numbers_or_text_with_thousands_separators(value, expected):
    assert xlsx.to_decimal(value) == expected


@pytest.mark.parametrize("value, message", [
    ("5千万", "不是数字"), ("1,5", "不是数字"), (-5, "不能为负数"), ("12.345", "最多保留2位小数"), (True, "不是数字"),
    ("nan", "不是数字"),
])
def test_a_bad_amount_is_a_cell_error(value, message):
    with pytest.raises(CellError, match=message):
        xlsx.to_decimal(value)


def test_integers_refuse_fractions():
    assert xlsx.to_int("1,200") == 1200
    with pytest.raises(CellError, match="整数"):
        xlsx.to_int(12.5)


@pytest.mark.parametrize("value, expected", [
    ("是", True), ("Y", True), ("y", True), ("√", True), (1, True), (1.0, True), (True, True),
    ("否", False), ("N", False), (0, False), ("0", False), (False, False),
])
def test_booleans_accept_the_usual_marks(value, expected):
    assert xlsx.to_bool(value) is expected


def test_an_unknown_boolean_mark_says_what_to_write():
    with pytest.raises(CellError, match="请填“是”或“否”"):
        xlsx.to_bool("可能")


def test_choices_accept_the_label_or_the_stored_value_and_list_the_labels_otherwise():
    convert = xlsx.to_choice([("CNY", "人民币"), ("USD", "美元")])

    assert (convert("美元"), convert("usd"), convert(" 人民币 ")) == ("USD", "USD", "CNY")
    with pytest.raises(CellError, match="人民币、美元"):
        convert("欧元")


def test_text_keeps_numbers_whole_and_line_breaks_in_one_form():
    assert xlsx.to_text(13800000000.0) == "13800000000"
    assert xlsx.to_text(" 第一行\r\n第二行 ") == "第一行\n第二行"


# ---- writing --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["=1+1", "+86 138 0000 0000", "-5", "@x", "=HYPERLINK(\"http://evil\",\"点我\")"])
def test_text_that_looks_like_a_formula_is_written_as_text(text):
    data = xlsx.write_workbook(title="项目", columns=COLUMNS, rows=[[text, 5, None]])

    cell = openpyxl.load_workbook(io.BytesIO(data))["项目"]["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert xlsx.read_sheet(data, columns=COLUMNS).rows[0].raw("项目名称") == text


def test_the_written_sheet_has_a_bold_frozen_header_and_widths_and_keeps_types():
    data = xlsx.write_workbook(title="项目", columns=COLUMNS,
                               rows=[["甲", Decimal("50000.00"), date(2024, 3, 31)], ["乙\x07", None, None]])

    sheet = openpyxl.load_workbook(io.BytesIO(data))["项目"]
    assert [cell.value for cell in sheet[1]] == ["项目名称", "总投资(万元)", "签约日期"]
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= 14
    assert sheet["B2"].value == 50000 and sheet["C2"].is_date
    assert sheet["A3"].value == "乙"  # a control character XML cannot hold is dropped, not fatal


def test_an_instructions_sheet_lists_every_column_with_what_it_accepts():
    data = xlsx.write_workbook(title="项目", columns=COLUMNS, rows=[], notes=["每行一个项目。"])

    instructions = openpyxl.load_workbook(io.BytesIO(data))[xlsx.INSTRUCTIONS_TITLE]
    values = [row[0] for row in instructions.iter_rows(values_only=True)]
    assert values[0] == "每行一个项目。"
    assert {"项目名称", "总投资(万元)", "签约日期"} <= set(values)
