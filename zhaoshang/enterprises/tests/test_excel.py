"""The enterprise library in and out of Excel: upserts, codes, places, tags and contacts."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

import zhaoshang.enterprises.excel  # noqa: F401 - registers the "enterprises.import" job handler
from zhaoshang.changelog.models import ChangeAction, ChangeRecord, ChangeSource
from zhaoshang.changelog.selectors import history_of
from zhaoshang.core.tests.test_xlsx import workbook as xlsx_file
from zhaoshang.core.xlsx import CellError
from zhaoshang.enterprises.choices import EnterpriseLocation, EnterpriseTagKind
from zhaoshang.enterprises.credit_code import MSG_CHECK
from zhaoshang.enterprises.excel import (
    ENTERPRISE_COLUMNS, MSG_DUPLICATE_ROW, DivisionIndex, enterprise_template, export_enterprises,
    import_enterprises, parse_tags,
)
from zhaoshang.enterprises.models import Enterprise, EnterpriseContact
from zhaoshang.enterprises.services import contact_add, enterprise_create
from zhaoshang.jobs.models import JobStatus
from zhaoshang.jobs.runner import enqueue
from zhaoshang.testing.factories import EnterpriseFactory, credit_code, division, industry

HEADERS = [column.header for column in ENTERPRISE_COLUMNS]


def workbook(rows: list[dict], headers: list[str] = HEADERS) -> bytes:
    return xlsx_file(headers, *([row.get(header) for header in headers] for row in rows), title="企业")


def run_import(zone, user, data: bytes):
    job = enqueue(kind="enterprises.import", title="导入企业", zone=zone, user=user, data=data)
    job.refresh_from_db()
    return job


GOOD_ROWS = [
    {"统一社会信用代码": credit_code(21).lower(), "企业名称": "南通中天新材料有限公司", "企业类别": "园区内企业",
     "行业代码": 39, "所在地区": "启东市", "注册资本(万元)": "5,000", "成立日期": "2018/6/1",
     "网站": "www.zt-material.cn", "标签": "高新技术企业:2022；专精特新（2023）；上市",
     "联系人": "李四", "职务": "总经理", "电话": "0513-12345678"},
    {"企业名称": "Siemens AG", "国家/地区": "德国", "所在地区": None, "标签": "世界500强"},
]


def test_a_good_file_creates_the_enterprises_with_tags_contacts_and_history(zone, officer):
    job = run_import(zone, officer, workbook(GOOD_ROWS))

    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert job.result == {"created": 2, "updated": 0, "unchanged": 0}
    first = Enterprise.objects.get(credit_code=credit_code(21))
    assert (first.location, first.industry.code, first.division.code) == (EnterpriseLocation.IN_ZONE, "39", "320681")
    assert (first.registered_capital, first.established_on) == (Decimal("5000"), date(2018, 6, 1))
    assert first.website == "https://www.zt-material.cn"
    assert sorted(first.tags.values_list("kind", "year")) == [
        (EnterpriseTagKind.HIGH_TECH, 2022), (EnterpriseTagKind.LISTED, None), (EnterpriseTagKind.SPECIALISED, 2023)]
    assert list(first.contacts.values_list("name", "role", "phone", "is_primary")) == [
        ("李四", "总经理", "0513-12345678", True)]
    foreign = Enterprise.objects.get(name="Siemens AG")
    assert (foreign.country, foreign.location, foreign.credit_code) == ("德国", EnterpriseLocation.TARGET, "")
    assert set(ChangeRecord.objects.values_list("action", "source", "actor")) == {
        (ChangeAction.CREATE, ChangeSource.IMPORT, officer.pk)}


def test_a_bad_credit_code_is_a_row_error_with_the_validators_message_and_nothing_is_written(zone, officer):
    bad = credit_code(22)[:17] + ("0" if credit_code(22)[17] != "0" else "1")

    job = run_import(zone, officer, workbook([GOOD_ROWS[0], {"统一社会信用代码": bad, "企业名称": "错码公司"}]))

    assert job.status == JobStatus.FAILED
    assert job.error_message == "共有1行有误, 未写入任何数据。"
    assert job.errors == [{"row": 3, "column": "统一社会信用代码", "value": bad,
                           "message": MSG_CHECK.format(expected=credit_code(22)[17])}]
    assert not Enterprise.objects.exists()


def test_the_same_code_on_two_rows_is_an_error_on_both(zone, officer):
    code = credit_code(23)

    job = run_import(zone, officer, workbook([{"统一社会信用代码": code, "企业名称": "甲公司"},
                                              {"企业名称": "乙公司"},
                                              {"统一社会信用代码": code, "企业名称": "甲公司(重复)"}]))

    assert job.errors == [
        {"row": 2, "column": "统一社会信用代码", "value": code, "message": MSG_DUPLICATE_ROW.format(other=4, key=code)},
        {"row": 4, "column": "统一社会信用代码", "value": code, "message": MSG_DUPLICATE_ROW.format(other=2, key=code)},
    ]


def test_every_bad_cell_is_reported_with_what_to_fix(zone, officer):
    rows = [{"企业名称": "", "行业代码": "C39", "所在地区": "朝阳区", "注册资本(万元)": "五百", "成立日期": "去年",
             "标签": "独角兽", "电话": "一二三"},
            {"企业名称": "只有职务", "职务": "董事长", "网站": "not a url"}]

    job = run_import(zone, officer, workbook(rows))

    messages = {(error["row"], error["column"]): error["message"] for error in job.errors}
    assert set(messages) == {(2, "企业名称"), (2, "行业代码"), (2, "所在地区"), (2, "注册资本(万元)"), (2, "成立日期"),
                             (2, "标签"), (2, "电话"), (2, "联系人"), (3, "联系人"), (3, "网站")}
    assert "请改填六位区划代码" in messages[(2, "所在地区")] and "110105" in messages[(2, "所在地区")]
    assert "大类两位或中类三位" in messages[(2, "行业代码")]
    assert "可用标签" in messages[(2, "标签")]


def test_rows_update_the_library_by_code_or_else_by_exact_name(zone, officer):
    by_code = EnterpriseFactory(zone=zone, name="旧名称有限公司", credit_code=credit_code(24))
    by_name = EnterpriseFactory(zone=zone, name="无代码有限公司", credit_code="")

    job = run_import(zone, officer, workbook([
        {"统一社会信用代码": credit_code(24), "企业名称": "新名称有限公司"},
        {"统一社会信用代码": credit_code(25), "企业名称": "无代码有限公司"},  # gets its code filled in
    ], headers=["统一社会信用代码", "企业名称"]))

    assert job.result == {"created": 0, "updated": 2, "unchanged": 0}
    by_code.refresh_from_db()
    by_name.refresh_from_db()
    assert (by_code.name, by_code.version) == ("新名称有限公司", 2)
    assert by_name.credit_code == credit_code(25)
    record = history_of(by_code).get(field="name")
    assert (record.old_value, record.new_value, record.source) == ("旧名称有限公司", "新名称有限公司", ChangeSource.IMPORT)


def test_a_name_shared_by_two_enterprises_asks_for_the_code(zone, officer):
    EnterpriseFactory.create_batch(2, zone=zone, name="同名有限公司", credit_code="")

    job = run_import(zone, officer, workbook([{"企业名称": "同名有限公司"}]))

    assert job.errors[0]["column"] == "企业名称"
    assert "请填写统一社会信用代码以区分" in job.errors[0]["message"]


def test_an_officer_cannot_import_into_another_zone(zone, officer, other_zone):
    with pytest.raises(PermissionDenied):
        import_enterprises(zone=other_zone, by=officer, data=workbook(GOOD_ROWS))
    assert not Enterprise.objects.exists()


# ---- tags -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("高新技术企业:2022；专精特新:2023；上市", [("high_tech", 2022), ("specialised", 2023), ("listed", None)]),
    ("高新技术企业：2022; 专精特新(2023)、规上", [("high_tech", 2022), ("specialised", 2023), ("above_scale", None)]),
    ("小巨人 : 2021\n科技型中小企业", [("little_giant", 2021), ("tech_sme", None)]),
    ("", []),
])
def test_tags_are_read_with_optional_years_and_any_common_separator(text, expected):
    assert parse_tags(text) == expected


@pytest.mark.parametrize("text, message", [
    ("独角兽", "可用标签"), ("高新技术企业:1970", "1980 年到今年之间"), ("上市；上市:2020", "写了两次"),
])
def test_a_bad_tag_says_what_is_wrong(text, message):
    with pytest.raises(CellError, match=message):
        parse_tags(text)


# ---- places ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, code", [
    ("310115", "310115"), (310115.0, "310115"), ("上海市浦东新区", "310115"), ("浦东新区", "310115"),
    ("南通市启东市", "320681"), ("江苏省启东市", "320681"), ("北京市", "110000"),
])
def test_places_are_found_by_code_or_by_the_names_people_write(db, text, code):
    assert DivisionIndex().find(text).code == code


def test_the_export_writes_a_place_so_that_it_is_found_again(db):
    divisions = DivisionIndex()

    for code in ("310115", "320681", "110000", "110100", "110105"):
        place = division(code)
        assert divisions.find(divisions.label(place.pk)) == place


# ---- export and round trip ------------------------------------------------------------------------------------

@pytest.fixture
def library(zone, officer):
    first = enterprise_create(zone=zone, by=officer, name="=HYPERLINK(\"x\")有限公司", credit_code=credit_code(26),
                              location=EnterpriseLocation.IN_ZONE, industry=industry("391"),
                              division=division("110105"), registered_capital=Decimal("1234.56"),
                              established_on=date(2015, 3, 2), description="简介\r\n第二行",
                              tags=[("high_tech", 2022), ("listed", None)])
    contact_add(enterprise=first, by=officer, name="王五", role="副总", phone="+86 138 0000 0000", is_primary=True)
    contact_add(enterprise=first, by=officer, name="赵六", role="办公室主任", phone="0513-1")
    enterprise_create(zone=zone, by=officer, name="Apple Inc.", country="美国")
    return Enterprise.objects.filter(zone=zone).order_by("name")


def test_an_exported_file_imports_into_the_same_zone_without_changing_anything(zone, officer, library):
    data = export_enterprises(library)
    records = ChangeRecord.objects.count()

    job = run_import(zone, officer, data)

    assert job.result == {"created": 0, "updated": 0, "unchanged": 2}, job.errors
    assert ChangeRecord.objects.count() == records
    names = {cell.value: cell for cell in openpyxl.load_workbook(io.BytesIO(data))["企业"]["B"]}
    assert names["=HYPERLINK(\"x\")有限公司"].data_type == "s"


def test_edited_tags_and_contact_are_updated_and_logged(zone, officer, library):
    first = library.get(credit_code=credit_code(26))
    version_before = first.version
    book = openpyxl.load_workbook(io.BytesIO(export_enterprises(library)))
    sheet = book["企业"]
    row = next(cells for cells in sheet.iter_rows(min_row=2) if cells[0].value == credit_code(26))
    row[HEADERS.index("标签")].value = "高新技术企业:2023；专精特新"
    row[HEADERS.index("电话")].value = "0513-7654321"
    buffer = io.BytesIO()
    book.save(buffer)

    job = run_import(zone, officer, buffer.getvalue())

    assert job.result == {"created": 0, "updated": 1, "unchanged": 1}
    assert sorted(first.tags.values_list("kind", "year")) == [("high_tech", 2023), ("specialised", None)]
    assert first.contacts.get(name="王五").phone == "0513-7654321"
    assert EnterpriseContact.objects.filter(enterprise=first).count() == 2
    notes = {record.field_label: (record.old_value, record.new_value) for record in history_of(first)
             if record.source == ChangeSource.IMPORT}
    assert notes == {"企业标签": ("高新技术企业(2022)、上市", "高新技术企业(2023)、专精特新"),
                     "修改联系人": ("王五 副总 +86 138 0000 0000", "王五 副总 0513-7654321")}
    first.refresh_from_db()
    assert first.version == version_before + 1


def test_the_template_lists_every_column_and_its_example_imports(zone, officer):
    data = enterprise_template()

    book = openpyxl.load_workbook(io.BytesIO(data))
    assert [cell.value for cell in book["企业"][1]] == HEADERS == [
        "统一社会信用代码", "企业名称", "企业类别", "行业代码", "所在地区", "国家/地区", "地址", "法定代表人",
        "注册资本(万元)", "成立日期", "网站", "企业简介", "标签", "联系人", "职务", "电话"]
    assert set(HEADERS) <= {row[0] for row in book["说明"].iter_rows(values_only=True)}
    assert run_import(zone, officer, data).result["created"] == 1
