"""Importing a year's 亩均 data and the parcel register: all rows or none, upserts, links and history."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from zhaoshang.changelog.models import ChangeAction, ChangeRecord, ChangeSource
from zhaoshang.core.tests.test_xlsx import workbook
from zhaoshang.enterprises.choices import EnterpriseLocation, EnterpriseTagKind
from zhaoshang.enterprises.models import Enterprise, EnterpriseTag
from zhaoshang.evaluation import excel, jobs
from zhaoshang.evaluation.engine.data import LEASED
from zhaoshang.evaluation.imports import MSG_NAME_KEPT, MSG_OWNER_NAME, import_data, import_parcels
from zhaoshang.evaluation.models import EnterpriseYear, Parcel
from zhaoshang.evaluation.tests.test_excel import INDUSTRIES, data_file, good
from zhaoshang.jobs.models import JobStatus
from zhaoshang.jobs.runner import enqueue
from zhaoshang.testing.factories import EnterpriseFactory, credit_code

PARCEL_HEADERS = [column.header for column in excel.PARCEL_COLUMNS]


def parcel_file(*rows: list) -> bytes:
    return workbook(PARCEL_HEADERS, *rows, title=excel.PARCEL_SHEET_TITLE)


def run_job(kind: str, zone, user, data: bytes):
    job = enqueue(kind=kind, title="导入", zone=zone, user=user, data=data)
    job.refresh_from_db()
    return job


def figures(zone, year: int) -> dict[str, tuple]:
    return {row.enterprise.credit_code: (row.land_mu, row.revenue, row.tax)
            for row in EnterpriseYear.objects.filter(zone=zone, year=year).select_related("enterprise")}


def test_a_good_file_creates_enterprises_years_parcels_and_tags(zone, officer):
    data = data_file(
        good(1, 宗地编号="QD-01", 标签="高新技术企业", **{"用地面积(亩)": 30, "工业增加值(万元)": 1500}),
        good(2, 规上="否", 宗地编号="QD-01", 用地方式="租赁", **{"用地面积(亩)": 5}),
        good(3, 行业代码=3911))

    job = run_job(jobs.IMPORT_DATA, zone, officer, data)

    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (3, 0, 0)
    assert (job.result["enterprises_created"], job.result["parcels_created"], job.result["tags_added"]) == (3, 1, 1)
    first = EnterpriseYear.objects.get(enterprise__credit_code=credit_code(1), year=2023)
    assert (first.zone, first.land_mu, first.value_added, first.above_scale, first.imported_by) == (
        zone, Decimal(30), Decimal(1500), True, officer)
    assert first.enterprise.location == EnterpriseLocation.IN_ZONE and first.enterprise.zone == zone
    assert EnterpriseYear.objects.get(enterprise__credit_code=credit_code(3)).industry.code == "391"
    # The new parcel takes the owner's (自有) land, not owner + tenant: the tenant's 5 亩 lie inside it.
    parcel = Parcel.objects.get(zone=zone, code="QD-01")
    assert (parcel.area_mu, parcel.owner.credit_code) == (Decimal(30), credit_code(1))
    assert set(parcel.enterprise_years.values_list("tenure", flat=True)) == {"own", LEASED}
    assert list(EnterpriseTag.objects.values_list("enterprise__credit_code", "kind", "year")) == [
        (credit_code(1), EnterpriseTagKind.HIGH_TECH, 2023)]
    assert any("QD-01" in note for note in job.result["notes"])
    assert set(ChangeRecord.objects.values_list("action", "source")) == {
        (ChangeAction.CREATE, ChangeSource.IMPORT), (ChangeAction.UPDATE, ChangeSource.IMPORT)}


def test_a_file_with_bad_rows_writes_nothing_and_lists_every_error(zone, officer):
    data = data_file(good(1), good(2, **{"用地面积(亩)": 0}), good(3, 年度="去年", 行业代码="X9"))

    job = run_job(jobs.IMPORT_DATA, zone, officer, data)

    assert job.status == JobStatus.FAILED
    assert job.error_message == "共有2行有误, 未写入任何数据。"
    assert [(error["row"], error["column"]) for error in job.errors] == [(3, "用地面积(亩)"), (4, "年度"), (4, "行业代码")]
    assert not EnterpriseYear.objects.exists() and not Enterprise.objects.exists()


def test_tax_above_revenue_is_imported_with_a_warning(zone, officer):
    job = run_job(jobs.IMPORT_DATA, zone, officer, data_file(good(1, **{"税收(万元)": 900, "营业收入(万元)": 800})))

    assert job.status == JobStatus.SUCCEEDED
    assert job.result["warning_count"] == 1
    assert job.result["warnings"][0]["row"] == 2 and "大于营业收入" in job.result["warnings"][0]["message"]


def test_reimporting_a_year_replaces_its_figures_and_leaves_other_years_alone(zone, officer):
    import_data(zone=zone, by=officer, data=data_file(good(1, 年度=2022), good(1), good(2)))
    kept = EnterpriseYear.objects.get(enterprise__credit_code=credit_code(1), year=2023).pk

    result = import_data(zone=zone, by=officer, data=data_file(good(1, **{"税收(万元)": 350}), good(2), good(4)))

    assert (result["created"], result["updated"], result["unchanged"]) == (1, 1, 1)
    assert figures(zone, 2023) == {credit_code(1): (Decimal(20), Decimal(5000), Decimal(350)),
                                   credit_code(2): (Decimal(20), Decimal(5000), Decimal(300)),
                                   credit_code(4): (Decimal(20), Decimal(5000), Decimal(300))}
    assert figures(zone, 2022) == {credit_code(1): (Decimal(20), Decimal(5000), Decimal(300))}
    assert EnterpriseYear.objects.get(enterprise__credit_code=credit_code(1), year=2023).pk == kept


def test_the_library_keeps_its_name_and_a_code_less_namesake_gets_the_code(zone, officer):
    EnterpriseFactory(zone=zone, name="南通中天新材料有限公司", credit_code=credit_code(1))
    namesake = EnterpriseFactory(zone=zone, name="启东测试企业2", credit_code="")

    result = import_data(zone=zone, by=officer, data=data_file(good(1), good(2)))

    assert result["enterprises_created"] == 0 and result["enterprises_coded"] == 1
    assert result["warnings"] == [{"row": 2, "column": "企业名称", "value": "启东测试企业1",
                                   "message": MSG_NAME_KEPT.format(kept="南通中天新材料有限公司", given="启东测试企业1")}]
    namesake.refresh_from_db()
    assert (namesake.credit_code, namesake.version) == (credit_code(2), 2)
    assert Enterprise.objects.filter(zone=zone).count() == 2


def test_an_enterprise_of_another_zone_with_the_same_code_is_not_touched(zone, other_zone, officer):
    theirs = EnterpriseFactory(zone=other_zone, credit_code=credit_code(1), name="别的园区的企业")

    import_data(zone=zone, by=officer, data=data_file(good(1)))

    assert not EnterpriseYear.objects.filter(enterprise=theirs).exists()
    assert Enterprise.objects.get(zone=zone, credit_code=credit_code(1)).name == "启东测试企业1"


def test_tags_held_earlier_than_recorded_move_the_tag_year_back(zone, officer):
    enterprise = EnterpriseFactory(zone=zone, credit_code=credit_code(1))
    EnterpriseTag.objects.create(enterprise=enterprise, kind=EnterpriseTagKind.HIGH_TECH, year=2023)

    result = import_data(zone=zone, by=officer, data=data_file(
        good(1, 年度=2021, 标签="高新技术企业、专精特新"), good(1, 年度=2022, 标签="高新技术企业")))

    assert sorted(enterprise.tags.values_list("kind", "year")) == [
        (EnterpriseTagKind.HIGH_TECH, 2021), (EnterpriseTagKind.SPECIALISED, 2021)]
    assert result["tags_added"] == 1
    enterprise.refresh_from_db()
    assert enterprise.version == 2
    assert ChangeRecord.objects.filter(object_id=enterprise.pk, field_label="企业标签").count() == 2


def test_an_existing_parcel_is_linked_and_left_as_registered(zone, officer):
    Parcel.objects.create(zone=zone, code="QD-07", area_mu=Decimal("88.5"), supplied_on=date(2016, 5, 1))

    result = import_data(zone=zone, by=officer, data=data_file(good(1, 宗地编号="QD-07")))

    assert result["parcels_created"] == 0
    parcel = Parcel.objects.get(code="QD-07")
    assert parcel.area_mu == Decimal("88.5") and parcel.enterprise_years.get().enterprise.credit_code == credit_code(1)


@pytest.mark.parametrize("persona", ["zone_leader", "city_viewer", "outsider"])
def test_only_a_writer_of_the_zone_can_import(request, zone, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        import_data(zone=zone, by=user, data=data_file(good(1)))
    assert not EnterpriseYear.objects.exists()


def test_an_export_imports_back_unchanged(zone, officer):
    rows = (good(1, 宗地编号="QD-01", 标签="高新技术企业", **{"主要污染物排放(吨)": "0.35", "投产年份": 2010}),
            good(2, 年度=2022, 规上="否", 用地方式="租赁", 在建项目="是"))
    import_data(zone=zone, by=officer, data=data_file(*rows))

    exported = excel.export_data(EnterpriseYear.objects.filter(zone=zone))

    assert excel.parse_data(exported, industries=INDUSTRIES).records == excel.parse_data(
        data_file(*rows), industries=INDUSTRIES).records  # newest year first, as the export orders them
    assert import_data(zone=zone, by=officer, data=exported)["unchanged"] == 2


# ---- parcels ------------------------------------------------------------------------------------------


def test_the_parcel_register_is_created_then_updated_with_owners_found_or_created(zone, officer):
    owner = EnterpriseFactory(zone=zone, credit_code=credit_code(1), name="启东测试企业1")
    data = parcel_file(["QD-01", "世纪大道1号", 50, "2018-03-01", credit_code(1), None, None],
                       ["QD-02", "", "12.5", None, credit_code(2), "新来的公司", "东区"])

    job = run_job(jobs.IMPORT_PARCELS, zone, officer, data)

    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert (job.result["created"], job.result["enterprises_created"]) == (2, 1)
    first, second = Parcel.objects.filter(zone=zone).order_by("code")
    assert (first.area_mu, first.supplied_on, first.owner) == (Decimal(50), date(2018, 3, 1), owner)
    assert (second.owner.name, second.owner.credit_code, second.note) == ("新来的公司", credit_code(2), "东区")

    result = import_parcels(zone=zone, by=officer, data=parcel_file(
        ["QD-01", "世纪大道1号", 55, "2018-03-01", credit_code(1), None, None],
        ["QD-02", "", "12.5", None, credit_code(2), "新来的公司", "东区"]))

    assert (result["created"], result["updated"], result["unchanged"]) == (0, 1, 1)
    assert Parcel.objects.get(code="QD-01").area_mu == Decimal(55)


def test_an_unknown_owner_code_without_a_name_is_a_row_error(zone, officer):
    job = run_job(jobs.IMPORT_PARCELS, zone, officer, parcel_file(["QD-01", "", 10, None, credit_code(9), None, None]))

    assert job.status == JobStatus.FAILED
    assert job.errors == [{"row": 2, "column": "土地使用权人统一社会信用代码", "value": credit_code(9),
                           "message": MSG_OWNER_NAME.format(code=credit_code(9))}]
    assert not Parcel.objects.exists()


def test_a_reader_cannot_import_parcels(zone, zone_leader):
    job = run_job(jobs.IMPORT_PARCELS, zone, zone_leader, parcel_file(["QD-01", "", 10, None, None, None, None]))
    assert job.status == JobStatus.FAILED and "没有修改该园区数据的权限" in job.error_message
    assert not Parcel.objects.exists()


def test_an_owner_given_its_code_in_one_row_is_found_by_name_in_the_next(zone, officer):
    namesake = EnterpriseFactory(zone=zone, name="启东港务有限公司", credit_code="")

    result = import_parcels(zone=zone, by=officer, data=parcel_file(
        ["QD-01", "", 10, None, credit_code(3), "启东港务有限公司", None],
        ["QD-02", "", 12, None, None, "启东港务有限公司", None]))

    assert (result["created"], result["enterprises_created"]) == (2, 0)
    namesake.refresh_from_db()
    assert namesake.credit_code == credit_code(3)
    assert set(Parcel.objects.values_list("owner", flat=True)) == {namesake.pk}
