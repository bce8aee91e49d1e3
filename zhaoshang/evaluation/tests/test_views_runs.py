"""The run pages as each persona meets them: another zone's runs are 404, readers get 403 on writes."""

from io import BytesIO

import pytest
from django.template.loader import render_to_string
from openpyxl import load_workbook

from zhaoshang.evaluation import selectors, services
from zhaoshang.evaluation.models import EvaluationRun, RunStatus
from zhaoshang.evaluation.tests.run_fixtures import huaian, qidong, result_of  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(zone, officer, huaian, qidong) -> EvaluationRun:
    return services.run_create(zone=zone, year=2024, scheme=huaian, by=officer)


def pages(run, qidong) -> list[str]:
    card = result_of(run, qidong["four"]).pk
    return [f"/evaluation/runs/{run.pk}/", f"/evaluation/runs/{run.pk}/results/", f"/evaluation/runs/{run.pk}/export/",
            f"/evaluation/runs/{run.pk}/compare/", f"/evaluation/runs/{run.pk}/idle/", f"/evaluation/results/{card}/"]


def test_an_officer_evaluates_a_year_from_the_list(client, officer, zone, huaian, qidong):
    client.force_login(officer)
    page = client.get("/evaluation/").content.decode()
    assert "新建评价" in page and '<option value="2024">2024年</option>' in page and "淮安 2024" in page

    response = client.post("/evaluation/runs/new/", {"year": "2024", "scheme": huaian.pk, "note": "初评"})

    run = EvaluationRun.objects.get()
    assert response.status_code == 302 and response.url == f"/evaluation/runs/{run.pk}/"
    page = client.get(response.url).content.decode()
    assert "已开始评价2024年" in page
    assert "2024年亩均效益评价 · 启东经济开发区" in page and "初评" in page
    assert "五号纺织" in page  # the D list
    assert 'id="evaluation-chart-data"' in page and "evaluation/run_charts.js" in page
    assert "发布" in page and "删除" in page


def test_a_year_without_data_is_refused_with_the_reason(client, officer, zone, huaian, qidong):
    client.force_login(officer)
    response = client.post("/evaluation/runs/new/", {"year": "2021", "scheme": huaian.pk}, follow=True)

    assert "2021年还没有企业数据, 请先导入。" in response.content.decode()
    assert not EvaluationRun.objects.exists()


def test_publish_and_the_refusal_to_delete_a_published_run(client, officer, run):
    client.force_login(officer)
    assert client.get(f"/evaluation/runs/{run.pk}/publish/").status_code == 405

    page = client.post(f"/evaluation/runs/{run.pk}/publish/", follow=True).content.decode()
    assert "2024年评价结果已发布。" in page
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED

    page = client.post(f"/evaluation/runs/{run.pk}/delete/", follow=True).content.decode()
    assert "已发布的评价结果不能删除" in page
    assert EvaluationRun.objects.filter(pk=run.pk).exists()


def test_a_draft_is_deleted_back_to_the_list(client, officer, zone, run):
    client.force_login(officer)
    response = client.post(f"/evaluation/runs/{run.pk}/delete/")

    assert response.status_code == 302 and response.url == f"/evaluation/?zone={zone.pk}"
    assert not EvaluationRun.objects.exists()


def test_it_hides_other_zones_runs(client, outsider, other_city_viewer, run, qidong):
    for user in (outsider, other_city_viewer):
        client.force_login(user)
        for url in pages(run, qidong):
            assert client.get(url).status_code == 404, url
        assert client.post(f"/evaluation/runs/{run.pk}/publish/").status_code == 404
        assert client.post(f"/evaluation/runs/{run.pk}/delete/").status_code == 404
        assert "淮安 2024" not in client.get("/evaluation/").content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT


def test_readers_get_403_on_every_write(client, zone_leader, city_viewer, run, huaian):
    for user in (zone_leader, city_viewer):
        client.force_login(user)
        assert client.post(f"/evaluation/runs/{run.pk}/publish/").status_code == 403
        assert client.post(f"/evaluation/runs/{run.pk}/delete/").status_code == 403
        assert client.post("/evaluation/runs/new/", {"year": "2024", "scheme": huaian.pk}).status_code == 403
        page = client.get(f"/evaluation/runs/{run.pk}/").content.decode()
        assert "run_publish" not in page and f"/evaluation/runs/{run.pk}/publish/" not in page
    assert EvaluationRun.objects.get().status == RunStatus.DRAFT


def test_a_city_viewer_reads_every_page(client, city_viewer, run, qidong):
    client.force_login(city_viewer)
    for url in pages(run, qidong):
        assert client.get(url).status_code == 200, url
    listing = client.get("/evaluation/").content.decode()
    assert "启东经开区" in listing and "新建评价" not in listing


def test_the_results_filter_by_class_and_search(client, officer, run, qidong):
    client.force_login(officer)
    page = client.get(f"/evaluation/runs/{run.pk}/results/").content.decode()
    assert all(enterprise.name in page for enterprise in qidong.values()) and "共 8 条" in page

    page = client.get(f"/evaluation/runs/{run.pk}/results/?klass=D").content.decode()
    assert "五号纺织" in page and "小微包装" in page and "一号精密" not in page

    page = client.get(f"/evaluation/runs/{run.pk}/results/?q=三号").content.decode()
    assert "三号电子" in page and "五号纺织" not in page


def test_the_report_card_shows_scores_and_what_it_takes(client, officer, run, qidong):
    client.force_login(officer)
    page = client.get(f"/evaluation/results/{result_of(run, qidong['four']).pk}/").content.decode()

    assert "四号机械 · 2024年亩均效益评价报告" in page
    assert "税收再增加 58.19 万元, 或用地减少 4.24 亩" in page
    assert "亩均税收" in page and "上年(2023)全区平均值 5 × 2" in page and "48.50" in page
    assert "data-print" in page and "(非正式结果)" in page


def test_the_export_is_a_workbook_of_the_results(client, officer, run):
    client.force_login(officer)
    response = client.get(f"/evaluation/runs/{run.pk}/export/")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].values)
    assert rows[0][0] == "统一社会信用代码"
    assert len([row for row in rows[1:] if row[0]]) == 8


def test_compare_and_idle_land_pages(client, officer, zone, huaian, run):
    client.force_login(officer)
    page = client.get(f"/evaluation/runs/{run.pk}/compare/").content.decode()
    assert "2024年还没有其他可对比的评价结果" in page

    services.run_publish(run=run, by=officer)
    draft = services.run_create(zone=zone, year=2024, scheme=huaian, by=officer)
    page = client.get(f"/evaluation/runs/{draft.pk}/compare/").content.decode()
    assert "两次评价中每家企业的类别都相同。" in page

    page = client.get(f"/evaluation/runs/{run.pk}/idle/").content.decode()
    assert "用而不足" in page and "五号纺织" in page


def test_a_failed_run_shows_the_reason_and_can_be_deleted(client, officer, run):
    run.job.status, run.job.error_message = "failed", "规下企业“亩均税收”的基准值为0"
    run.job.save()
    client.force_login(officer)

    page = client.get(f"/evaluation/runs/{run.pk}/").content.decode()

    assert "评价未完成: 规下企业“亩均税收”的基准值为0" in page
    assert f"/evaluation/runs/{run.pk}/delete/" in page


def test_the_enterprise_page_fragment_lists_published_grades(officer, run, qidong):
    services.run_publish(run=run, by=officer)
    html = render_to_string("evaluation/_enterprise_history.html",
                            {"evaluation_history": selectors.enterprise_evaluation_history(qidong["three"])})

    assert "2024年" in html and ">B<" in html and "80.50" in html
    assert f"/evaluation/results/{result_of(run, qidong['three']).pk}/" in html
