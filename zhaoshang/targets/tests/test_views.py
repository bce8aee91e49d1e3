"""What a user sees and does on the target pages, and who may do it."""

import io
from datetime import date
from decimal import Decimal

import pytest
import python_calamine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import FdiArrival
from zhaoshang.targets import services
from zhaoshang.targets.choices import Metric
from zhaoshang.targets.models import Target, TargetPlan
from zhaoshang.testing.factories import UserFactory, ZoneFactory, division

D = Decimal
AS_OF = "?as_of=2024-12-31"


def sheet_rows(data: bytes, sheet: int = 0) -> list[list]:
    book = python_calamine.load_workbook(io.BytesIO(data))
    return book.get_sheet_by_name(book.sheet_names[sheet]).to_python()


@pytest.fixture
def tongzhou(db):
    """A second zone under 南通, so the city viewer has two."""
    return ZoneFactory(name="南通通州经济开发区", code="TZKFQ", division=division("320612"))


@pytest.fixture
def plans_of_three_zones(year_plan, tongzhou, other_zone, outsider):
    tongzhou_officer = UserFactory(username="tz_officer", zone=tongzhou)
    services.target_plan_create(zone=tongzhou, by=tongzhou_officer, year=2024, name="通州2024年目标")
    services.target_plan_create(zone=other_zone, by=outsider, year=2024, name="亭湖2024年目标")


# ------------------------------------------------------------------------------------------- reading


def test_an_officer_sees_only_the_zones_plans(client, officer, plans_of_three_zones):
    client.force_login(officer)
    page = client.get(reverse("targets:list")).content.decode()
    assert "2024年招商引资目标任务" in page and "通州2024年目标" not in page and "亭湖2024年目标" not in page


def test_a_city_viewer_sees_every_zone_of_the_city_read_only(client, city_viewer, plans_of_three_zones, year_plan):
    client.force_login(city_viewer)
    page = client.get(reverse("targets:list")).content.decode()
    assert "2024年招商引资目标任务" in page and "通州2024年目标" in page and "亭湖2024年目标" not in page
    assert "新建目标任务" not in page
    detail = client.get(reverse("targets:detail", args=[year_plan.pk]) + AS_OF).content.decode()
    assert "新签约亿元以上项目" in detail and "新增目标" not in detail


def test_the_plan_page_shows_progress_as_of_the_chosen_date(client, officer, year_plan, signings, arrivals):
    """Completion 6/30 = 20.0%, 1/10 = 10.0%, 3/4 = 75.0%, 4000/8000 = 50.0% (conftest)."""
    client.force_login(officer)
    response = client.get(reverse("targets:detail", args=[year_plan.pk]) + AS_OF)
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("20.0%", "10.0%", "75.0%", "50.0%", "4,000万美元", "其中:", "统计截至 2024-12-31", "一季度"):
        assert text in page, text
    q1 = reverse("targets:drill", args=[year_plan.pk, year_plan.targets.get(name="新签约亿元以上项目").pk, "Q1"])
    assert q1 in page


def test_the_plan_page_defaults_to_today_and_ignores_a_bad_date(client, officer, year_plan):
    client.force_login(officer)
    response = client.get(reverse("targets:detail", args=[year_plan.pk]) + "?as_of=2024-02-30")
    assert response.status_code == 200
    assert response.context["progress"].as_of == timezone.localdate()


def test_the_drill_down_lists_the_projects_counted(client, officer, year_plan, signings):
    """≥1亿 signings in Q1: A (03-31), C, J — three rows, the figure 3."""
    client.force_login(officer)
    target = year_plan.targets.get(name="新签约亿元以上项目")
    response = client.get(reverse("targets:drill", args=[year_plan.pk, target.pk, "Q1"]) + AS_OF)
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["table"].paginator.count == 3 == response.context["drill"].figure
    for name in ("A 5亿 3月31日签约", "C 3000万美元", "J 编辑过(更名)"):
        assert name in page
    assert "B 1.2亿 4月1日签约" not in page
    cumulative = client.get(reverse("targets:drill", args=[year_plan.pk, target.pk, "Q2"]) + AS_OF + "&view=cumulative")
    assert cumulative.context["table"].paginator.count == 6  # 1—6月
    assert client.get(reverse("targets:drill", args=[year_plan.pk, target.pk, "Q5"])).status_code == 404


def test_a_rate_drill_down_shows_the_plans_behind_it(client, officer, zone, construction):
    plan = services.target_plan_create(zone=zone, by=officer, year=2024, name="重大项目")
    target = services.target_create(plan=plan, by=officer, name="投资完成率", metric=Metric.MAJOR_COMPLETION_RATE,
                                    values={"Y": D(100)})
    client.force_login(officer)
    response = client.get(reverse("targets:drill", args=[plan.pk, target.pk, "Y"]) + AS_OF)
    assert response.context["drill"].figure == D("33.8")  # 27000 ÷ 80000
    assert "年度计划投资(完成率的分母)" in response.content.decode()


def test_the_progress_table_exports_to_excel(client, officer, year_plan, signings, arrivals):
    client.force_login(officer)
    response = client.get(reverse("targets:export", args=[year_plan.pk]) + AS_OF)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(response.content)
    assert rows[0][:6] == ["目标名称", "要求", "单位", "全年目标", "全年累计完成", "完成率(%)"]
    assert rows[0][9:12] == ["2024年一季度目标", "2024年一季度完成", "2024年一季度完成率(%)"]
    assert rows[1][:6] == ["新签约亿元以上项目", "不少于", "个", 30, 6, 20]
    assert rows[2][0] == "其中: 5亿元以上项目"
    assert rows[4][:6] == ["实际利用外资", "不少于", "万美元", 8000, 4000, 50]


# ------------------------------------------------------------------------------------------ permissions


def _plan_urls(plan):
    target = plan.targets.first()
    return {
        "read": [reverse("targets:detail", args=[plan.pk]), reverse("targets:export", args=[plan.pk]),
                 reverse("targets:drill", args=[plan.pk, target.pk, "Y"])],
        "write": [reverse("targets:edit", args=[plan.pk]), reverse("targets:delete", args=[plan.pk]),
                  reverse("targets:fdi_create", args=[plan.pk]), reverse("targets:target_create", args=[plan.pk]),
                  reverse("targets:target_edit", args=[plan.pk, target.pk]),
                  reverse("targets:target_delete", args=[plan.pk, target.pk])],
    }


def test_an_officer_of_another_zone_gets_404_on_a_plan_and_its_drill_down(client, outsider, year_plan):
    client.force_login(outsider)
    urls = _plan_urls(year_plan)
    for url in urls["read"] + urls["write"]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("targets:delete", args=[year_plan.pk])).status_code == 404
    assert TargetPlan.objects.filter(pk=year_plan.pk).exists()


@pytest.mark.parametrize("persona", ["zone_leader", "city_viewer"])
def test_read_only_roles_read_but_get_403_on_writes(client, request, persona, year_plan):
    client.force_login(request.getfixturevalue(persona))
    urls = _plan_urls(year_plan)
    for url in urls["read"]:
        assert client.get(url).status_code == 200, url
    for url in urls["write"] + [reverse("targets:create"), reverse("targets:import")]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    assert TargetPlan.objects.filter(pk=year_plan.pk).exists() and year_plan.targets.count() == 4


# -------------------------------------------------------------------------------------------- writing


def test_an_officer_creates_a_plan_and_adds_a_target_with_the_usd_pairing(client, officer, zone):
    client.force_login(officer)
    response = client.post(reverse("targets:create"), {"year": "2024", "name": "2024年招商引资目标任务",
                                                       "scope": "zone"})
    plan = TargetPlan.objects.get(name="2024年招商引资目标任务")
    assert response.status_code == 302 and response.url == reverse("targets:detail", args=[plan.pk])
    response = client.post(reverse("targets:target_create", args=[plan.pk]), {
        "name": "新签约亿元以上项目", "comparator": "不少于", "metric": "stage_count", "stage": "signed",
        "min_investment": "10000", "pair_usd": "on", "granularity": "year", "value_Y": "30",
        "value_Q1": "99",  # a stale value of a hidden split is ignored
    })
    assert response.status_code == 302
    target = plan.targets.get()
    assert (target.min_investment_usd, dict(target.values.values_list("period", "value"))) == (D(1000), {"Y": 30})


def test_the_plan_form_names_a_missing_team_and_saves_an_edit(client, officer, year_plan, team):
    client.force_login(officer)
    url = reverse("targets:edit", args=[year_plan.pk])
    response = client.post(url, {"year": "2024", "name": "一组任务", "scope": "team"})
    assert services.MSG_PLAN_TEAM_REQUIRED in response.content.decode()
    response = client.post(url, {"year": "2024", "name": "一组任务", "scope": "team", "team": team.pk})
    year_plan.refresh_from_db()
    assert response.status_code == 302 and (year_plan.name, year_plan.team) == ("一组任务", team)


def test_the_target_form_says_in_chinese_what_to_fix(client, officer, year_plan):
    client.force_login(officer)
    response = client.post(reverse("targets:target_create", args=[year_plan.pk]), {
        "name": "新开工项目", "comparator": "确保", "metric": "stage_count", "stage": "",
        "granularity": "quarter", "value_Q1": "-4"})
    page = response.content.decode()
    assert response.status_code == 200
    assert services.MSG_STAGE_REQUIRED in page and services.MSG_VALUE_NEGATIVE in page
    assert not year_plan.targets.filter(name="新开工项目").exists()


def test_editing_a_quarterly_target_keeps_the_year_as_the_sum(client, officer, q1_plan):
    client.force_login(officer)
    target = q1_plan.targets.get(name="新开工亿元以上项目")
    url = reverse("targets:target_edit", args=[q1_plan.pk, target.pk])
    form = client.get(url).context["form"]
    assert form["value_Q1"].value() == D(4)
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    data.update({"value_Q2": "4", "value_Q3": "4", "value_Q4": "4", "value_Y": "4"})  # Y is hidden and stale
    response = client.post(url, {key: str(value) for key, value in data.items()})
    assert response.status_code == 302, response.content.decode()
    assert dict(target.values.values_list("period", "value")) == {"Q1": 4, "Q2": 4, "Q3": 4, "Q4": 4, "Y": 16}


def test_an_officer_records_fdi_from_the_plan_and_it_counts(client, officer, year_plan, signings):
    client.force_login(officer)
    url = reverse("targets:fdi_create", args=[year_plan.pk])
    assert "登记到账外资" in client.get(reverse("targets:detail", args=[year_plan.pk])).content.decode()
    response = client.post(url, {"project": signings["C"].pk, "date": "2024-05-06", "amount_usd": "2500"})
    assert response.status_code == 302
    assert FdiArrival.objects.get().amount_usd == D(2500)
    detail = client.get(reverse("targets:detail", args=[year_plan.pk]) + AS_OF).content.decode()
    assert "2,500万美元" in detail


def test_the_fdi_form_offers_only_the_zones_projects(client, officer, year_plan, signings, other_zone, outsider,
                                                     make_project):
    theirs = make_project("亭湖外资项目", 1000, {Stage.SIGNED: date(2024, 1, 2)}, by=outsider,
                          target_zone=other_zone)
    client.force_login(officer)
    response = client.post(reverse("targets:fdi_create", args=[year_plan.pk]),
                           {"project": theirs.pk, "date": "2024-05-06", "amount_usd": "1"})
    assert response.status_code == 200 and not FdiArrival.objects.exists()


def test_deleting_a_plan_asks_first(client, officer, year_plan):
    client.force_login(officer)
    url = reverse("targets:delete", args=[year_plan.pk])
    assert "将同时删除其中的 4 项目标" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not TargetPlan.objects.exists() and not Target.objects.exists()


# ------------------------------------------------------------------------------------------------ import


def test_the_template_imports_as_the_issues_plan(client, officer, zone):
    """The template's example rows are the issue's targets: importing it as is makes that plan."""
    client.force_login(officer)
    template = client.get(reverse("targets:template"))
    assert sheet_rows(template.content)[0][:3] == ["序号", "目标名称", "其中(属于)"]
    response = client.post(reverse("targets:import"), {
        "year": "2024", "name": "导入的目标任务", "scope": "zone",
        "file": SimpleUploadedFile("目标.xlsx", template.content)})
    plan = TargetPlan.objects.get(name="导入的目标任务")
    assert response.status_code == 302 and response.url == reverse("targets:detail", args=[plan.pk])
    targets = {target.name: target for target in plan.targets.all()}
    assert len(targets) == 5
    assert targets["新签约5亿元以上项目"].parent == targets["新签约亿元以上项目"]
    assert (targets["新签约亿元以上项目"].min_investment_usd, targets["新签约5亿元以上项目"].min_investment_usd) == (
        D(1000), D(5000))
    assert targets["新签约总投资3000万美元以上项目"].min_investment is None
    assert dict(targets["新开工5亿元以上项目"].values.values_list("period", "value")) == {"Q1": 4}
    assert targets["新开工5亿元以上项目"].granularity == "quarter"


def test_every_kind_of_drill_down_page_renders_its_rows(client, officer, zone, signings, starts, arrivals,
                                                        construction, contacts):
    """One target per family of rows; each page lists as many rows as the hand count (conftest)."""
    plan = services.target_plan_create(zone=zone, by=officer, year=2024, name="明细")
    expected = {}
    for name, fields, count, text in (
            ("签约", {"metric": Metric.STAGE_COUNT, "stage": Stage.SIGNED}, 8, "3,000万美元"),
            ("线索", {"metric": Metric.LEADS}, 13, "S5 开工 5000万"),
            ("外资", {"metric": Metric.FDI}, 3, "C 3000万美元"),
            ("重大项目完成投资", {"metric": Metric.MAJOR_COMPLETED}, 6, "2024年5月"),
            ("走访", {"metric": Metric.INTERACTIONS}, 4, "双方")):
        target = services.target_create(plan=plan, by=officer, name=name, values={"Y": D(1)}, **fields)
        expected[target.pk] = (count, text)
    client.force_login(officer)
    for pk, (count, text) in expected.items():
        response = client.get(reverse("targets:drill", args=[plan.pk, pk, "Y"]) + AS_OF)
        assert response.status_code == 200
        assert response.context["table"].paginator.count == count, pk
        assert text in response.content.decode()
