"""The data and parcel pages: what each persona sees, totals, filters, downloads and imports."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhaoshang.evaluation import excel
from zhaoshang.evaluation.imports import import_data
from zhaoshang.evaluation.models import EnterpriseYear, Parcel
from zhaoshang.evaluation.tests.test_excel import data_file, good
from zhaoshang.jobs.models import Job, JobStatus
from zhaoshang.testing.factories import credit_code

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def data(zone, officer):
    """Two years of 启东 data: 2023 has a large above-scale enterprise and a small below-scale tenant."""
    import_data(zone=zone, by=officer, data=data_file(
        good(1, 年度=2022, 企业名称="启东大华机械有限公司"),
        good(1, 企业名称="启东大华机械有限公司", 宗地编号="QD-01", **{"用地面积(亩)": 40, "税收(万元)": 800}),
        good(2, 企业名称="启东小微电子有限公司", 规上="否", 宗地编号="QD-01", 用地方式="租赁",
             **{"用地面积(亩)": 5, "营业收入(万元)": 900, "税收(万元)": 25})))


@pytest.fixture
def their_data(other_zone, outsider):
    import_data(zone=other_zone, by=outsider, data=data_file(good(7, 企业名称="盐城别处科技有限公司", 宗地编号="YC-09")))


def page(client, user, name, **params) -> str:
    client.force_login(user)
    response = client.get(reverse(f"evaluation:{name}"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_data_list_shows_the_latest_year_with_its_totals(client, officer, data):
    html = page(client, officer, "data")

    assert "企业年度数据 · 2023年" in html
    assert "启东大华机械有限公司" in html and "启东小微电子有限公司" in html
    # 2023: land 40 + 5 = 45 亩, tax 800 + 25 = 825 万元, 825 ÷ 45 = 18.33 万元/亩.
    assert "45.00 亩" in html and "825.00 万元" in html and "亩均 18.33 万元/亩" in html
    assert "其中规上 1 家" in html
    assert 'href="/evaluation/data/import/"' in html


def test_the_data_list_filters_by_year_scale_and_search(client, officer, data):
    html = page(client, officer, "data", year=2022)
    assert "启东大华机械有限公司" in html and "启东小微电子有限公司" not in html and "20.00 亩" in html

    html = page(client, officer, "data", scale="below")
    assert "启东小微电子有限公司" in html and "启东大华机械有限公司" not in html

    assert "启东大华机械有限公司" not in page(client, officer, "data", q=credit_code(2).lower())


def test_a_year_not_in_the_data_shows_nothing_rather_than_everything(client, officer, data):
    html = page(client, officer, "data", year=1999)
    assert "启东大华机械有限公司" not in html and "没有符合条件的企业年度数据" in html


def test_readers_see_the_data_but_cannot_import(client, zone_leader, city_viewer, data):
    for reader in (zone_leader, city_viewer):
        html = page(client, reader, "data")
        assert "启东大华机械有限公司" in html and "导入亩均数据</a>" not in html
        client.force_login(reader)
        assert client.get(reverse("evaluation:data_import")).status_code == 403
        assert client.get(reverse("evaluation:parcel_import")).status_code == 403


def test_another_zones_data_and_parcels_are_never_shown_or_exported(client, outsider, data, their_data):
    html = page(client, outsider, "data")
    assert "盐城别处科技有限公司" in html and "启东大华机械有限公司" not in html
    html = page(client, outsider, "parcels")
    assert "YC-09" in html and "QD-01" not in html

    client.force_login(outsider)
    exported = client.get(reverse("evaluation:data_export"), {"year": 2023}).content
    assert [record.name for record in excel.parse_data(exported).records] == ["盐城别处科技有限公司"]


def test_the_city_viewer_sees_every_zone_under_the_city_only(client, city_viewer, data, their_data):
    html = page(client, city_viewer, "data")
    assert "启东大华机械有限公司" in html and "盐城别处科技有限公司" not in html  # 盐城 is not under 南通


def test_the_export_is_the_filtered_list_in_the_import_layout(client, officer, data):
    client.force_login(officer)
    response = client.get(reverse("evaluation:data_export"), {"scale": "above"})

    assert response["Content-Type"] == XLSX and "2023" in response["Content-Disposition"]
    (record,) = excel.parse_data(response.content).records
    assert (record.credit_code, record.year, record.land_mu, record.parcel_code) == (
        credit_code(1), 2023, Decimal(40), "QD-01")


@pytest.mark.parametrize("name", ["data_template", "parcel_template"])
def test_templates_download_for_any_signed_in_user(client, zone_leader, name):
    client.force_login(zone_leader)
    response = client.get(reverse(f"evaluation:{name}"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "说明" in openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).sheetnames


def test_an_officer_uploads_data_and_lands_on_the_finished_job(client, officer, zone):
    client.force_login(officer)
    upload = SimpleUploadedFile("2023.xlsx", data_file(good(1), good(2)), content_type=XLSX)

    response = client.post(reverse("evaluation:data_import"), {"file": upload})

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED and job.result["created"] == 2
    assert EnterpriseYear.objects.filter(zone=zone).count() == 2


def test_an_officer_uploads_the_parcel_register(client, officer, zone):
    client.force_login(officer)
    headers = [column.header for column in excel.PARCEL_COLUMNS]
    from zhaoshang.core.tests.test_xlsx import workbook
    upload = SimpleUploadedFile("p.xlsx", workbook(headers, ["QD-05", "北区", 30, "2020-01-02", None, None, None],
                                                   title=excel.PARCEL_SHEET_TITLE), content_type=XLSX)
    client.post(reverse("evaluation:parcel_import"), {"file": upload})
    assert Parcel.objects.get(zone=zone).code == "QD-05"


def test_the_parcel_register_lists_who_uses_each_parcel_in_a_year(client, officer, data):
    html = page(client, officer, "parcels")

    assert "QD-01" in html and "由亩均数据导入新建" in html
    # Created by the import with the owner's (自有) land: 40 亩; the tenant's 5 亩 are inside it.
    assert "40.00" in html and "启东小微电子有限公司</a> 5.00 亩(租赁)" in html
    assert "45.00" in html  # declared on it this year: 40 + 5

    html = page(client, officer, "parcels", year=2022)
    assert "无申报" in html  # in 2022 nobody declared QD-01


def test_a_year_with_no_data_on_the_parcel_page_is_not_found(client, officer, data):
    client.force_login(officer)
    assert client.get(reverse("evaluation:parcels"), {"year": "1990"}).status_code == 404
