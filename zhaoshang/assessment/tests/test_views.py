"""What users see and do on the scorecard pages, and what they are refused."""

import io
from datetime import date
from decimal import Decimal

import pytest
import python_calamine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from zhaoshang.assessment import services
from zhaoshang.assessment.models import ScoreAdjustment, Scorecard, ScoreTarget
from zhaoshang.assessment.tests.conftest import signed

pytestmark = [pytest.mark.django_db, pytest.mark.urls("zhaoshang.assessment.tests.urls")]


def _page(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def _sheet(data: bytes) -> list[list]:
    book = python_calamine.load_workbook(io.BytesIO(data))
    return book.get_sheet_by_name(book.sheet_names[0]).to_python()


@pytest.fixture
def march(zone, team, team_two, zone_admin, team_card, signing_count):
    """Targets 1 a month for both teams; 一组 signs in February and March, 二组 in March only."""
    for month in ("M02", "M03"):
        services.targets_set(scorecard=team_card, by=zone_admin, values={
            (signing_count.pk, team.pk, month): Decimal(1), (signing_count.pk, team_two.pk, month): Decimal(2)})
    signed(zone, team, date(2024, 2, 10))
    signed(zone, team, date(2024, 3, 10))
    signed(zone, team_two, date(2024, 3, 11))
    return team_card


@pytest.fixture
def nantong_q1(zone, rugao_zone, other_zone, superuser, zone_card, zone_signings):
    services.targets_set(scorecard=zone_card, by=superuser, values={
        (zone_signings.pk, zone.pk, "Q1"): Decimal(2), (zone_signings.pk, rugao_zone.pk, "Q1"): Decimal(2)})
    signed(zone, on=date(2024, 2, 1))
    signed(rugao_zone, on=date(2024, 2, 2))
    signed(rugao_zone, on=date(2024, 2, 3))
    return zone_card


def test_the_ranking_shows_scores_the_red_flag_and_its_streak(client, officer, march, team_card):
    page = _page(client, officer, team_card.get_absolute_url(), period="M03").content.decode()

    # 一组: 1 ÷ 1 → 40.00, holder in February and March; 二组: 1 ÷ 2 → 20.00
    assert "2024年3月流动红旗" in page and "连续2次拿下流动红旗" in page
    assert page.index("招商一组") < page.index("招商二组")
    assert "40.00" in page and "20.00" in page and "50.0% → 20.00" in page


def test_the_page_says_a_subject_without_a_target_scores_zero(client, officer, team, zone_admin, team_card,
                                                               signing_count):
    signed(team.zone, team, date(2024, 6, 3))
    page = _page(client, officer, team_card.get_absolute_url(), period="M06").content.decode()
    assert "1 / 无目标" in page and "未设目标值的指标该项得0分" in page


def test_an_officer_of_another_zone_gets_404(client, outsider, team_card, zone_card):
    client.force_login(outsider)
    assert client.get(team_card.get_absolute_url()).status_code == 404
    assert client.get(reverse("assessment:export", args=[team_card.pk])).status_code == 404
    assert client.get(zone_card.get_absolute_url()).status_code == 404  # 亭湖 is under 盐城, not 南通
    assert client.post(reverse("assessment:targets", args=[team_card.pk])).status_code == 404
    assert "2024年招商小组月度考核" not in client.get(reverse("assessment:list")).content.decode()


@pytest.mark.parametrize("persona", ["zone_leader", "officer"])
def test_zone_roles_other_than_the_administrator_read_but_may_not_edit(client, request, persona, team_card, team,
                                                                       signing_count):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(team_card.get_absolute_url()).status_code == 200
    for name in ("edit", "targets", "adjustment_create", "targets_import", "indicator_create"):
        assert client.get(reverse(f"assessment:{name}", args=[team_card.pk])).status_code == 403
    response = client.post(reverse("assessment:adjustment_create", args=[team_card.pk]),
                           {"subject": team.pk, "period": "M01", "points": "5", "reason": "自己加分"})
    assert response.status_code == 403 and not ScoreAdjustment.objects.exists()
    assert client.post(reverse("assessment:delete", args=[team_card.pk])).status_code == 403
    assert Scorecard.objects.filter(pk=team_card.pk).exists()


def test_a_city_viewer_reads_the_division_ranking_without_zones_of_other_cities(client, city_viewer, nantong_q1):
    page = _page(client, city_viewer, nantong_q1.get_absolute_url(), period="Q1").content.decode()
    # 如皋 2 ÷ 2 → 100, 启东 1 ÷ 2 → 50; 亭湖 is in 盐城
    assert page.index("如皋经开区") < page.index("启东经开区")
    assert "亭湖" not in page and "100.00" in page
    client.force_login(city_viewer)
    assert client.post(reverse("assessment:edit", args=[nantong_q1.pk]), {"name": "x"}).status_code == 403


def test_a_zone_sees_the_whole_ranking_of_its_division(client, officer, nantong_q1):
    page = _page(client, officer, nantong_q1.get_absolute_url(), period="Q1").content.decode()
    assert "如皋经开区" in page and "启东经开区" in page
    assert "填写目标值" not in page


def test_viewers_of_another_city_do_not_see_the_division_card(client, other_city_viewer, nantong_q1):
    client.force_login(other_city_viewer)
    assert client.get(nantong_q1.get_absolute_url()).status_code == 404


def test_the_province_viewer_sees_the_city_card(client, province_viewer, nantong_q1):
    assert _page(client, province_viewer, nantong_q1.get_absolute_url()).status_code == 200


def test_the_administrator_sets_up_a_card_from_the_forms(client, zone, zone_admin, team, team_two):
    client.force_login(zone_admin)
    response = client.post(reverse("assessment:create") + "?scope=zone_teams", {
        "zone": zone.pk, "name": "2024年招商小组月度考核", "year": "2024", "cap": "1.2"})
    card = Scorecard.objects.get()
    assert response.status_code == 302 and card.zone == zone and card.scope == "zone_teams"
    response = client.post(reverse("assessment:indicator_create", args=[card.pk]), {
        "name": "新签约项目", "order": "1", "weight": "40", "metric": "stage_count", "stage": "signed"})
    indicator = card.indicators.get()
    assert response.status_code == 302
    response = client.post(reverse("assessment:targets", args=[card.pk]) + "?period=M04", {
        f"t_{team.pk}_{indicator.pk}": "2", f"t_{team_two.pk}_{indicator.pk}": "", "fill_year": "on"})
    assert response.status_code == 302
    assert ScoreTarget.objects.filter(team=team, value=2).count() == 12 and not ScoreTarget.objects.filter(
        team=team_two).exists()
    response = client.post(reverse("assessment:adjustment_create", args=[card.pk]), {
        "subject": team_two.pk, "period": "M04", "points": "-3", "reason": "未按时报送台账"})
    assert response.status_code == 302 and response.url.endswith("?period=M04")
    page = client.get(response.url).content.decode()
    assert "未按时报送台账" in page and "-3.00" in page


def test_the_forms_say_in_chinese_what_to_fix(client, zone_admin, team_card, team, signing_count):
    client.force_login(zone_admin)
    page = client.post(reverse("assessment:indicator_create", args=[team_card.pk]), {
        "name": "开工", "order": "2", "weight": "30", "metric": "stage_count"}).content.decode()
    assert "按阶段计数或计投资的指标须选择阶段" in page
    page = client.post(reverse("assessment:targets", args=[team_card.pk]) + "?period=M01", {
        f"t_{team.pk}_{signing_count.pk}": "-1"}).content.decode()
    assert "确保该值大于或等于0" in page and not ScoreTarget.objects.exists()


def test_only_a_superuser_may_create_a_division_card(client, city_viewer, superuser):
    client.force_login(city_viewer)
    assert client.get(reverse("assessment:create") + "?scope=division_zones").status_code == 403
    client.force_login(superuser)
    response = client.post(reverse("assessment:create") + "?scope=division_zones", {
        "division": Scorecard._meta.get_field("division").related_model.objects.get(code="320600").pk,
        "name": "南通市开发区季度考核", "year": "2024", "cap": "1.5", "cumulative": "on"})
    assert response.status_code == 302 and Scorecard.objects.get().cumulative


def test_the_ranking_exports_to_excel(client, officer, team_two, zone_admin, march, team_card):
    services.adjustment_create(scorecard=team_card, by=zone_admin, subject=team_two, period="M03",
                               points=Decimal("-1.5"), reason="迟报")
    response = _page(client, officer, reverse("assessment:export", args=[team_card.pk]), period="M03")
    rows = _sheet(response.content)
    assert rows[0][:6] == ["名次", "小组", "新签约亿元以上项目·实际", "新签约亿元以上项目·目标",
                           "新签约亿元以上项目·完成率(%)", "新签约亿元以上项目·得分(权重40)"]
    assert rows[1][:6] == [1, "招商一组", 1, 1, 100, 40]
    assert rows[1][6:] == [0, "", 40]
    # 二组: 1 ÷ 2 → 20, − 1.5 → 18.5
    assert rows[2] == [2, "招商二组", 1, 2, 50, 20, -1.5, "迟报(-1.50)", 18.5]


def _upload(rows: list[list]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("目标值.xlsx", buffer.getvalue())


def test_targets_go_out_to_a_template_and_come_back(client, zone_admin, team, team_two, team_card, signing_count,
                                                      starts):
    services.targets_set(scorecard=team_card, by=zone_admin, values={(signing_count.pk, team.pk, "M01"): Decimal(3)})
    client.force_login(zone_admin)
    template = _sheet(client.get(reverse("assessment:targets_template", args=[team_card.pk])).content)
    assert template[0] == ["小组", "期间", "新签约亿元以上项目", "新开工项目"]
    assert template[1] == ["招商一组", "1月", 3, ""] and len(template) == 1 + 2 * 12

    response = client.post(reverse("assessment:targets_import", args=[team_card.pk]), {"file": _upload([
        ["小组", "期间", "新签约亿元以上项目", "新开工项目"],
        ["招商一组", "1月", None, 1],
        ["招商二组", "M02", "2", None],
        ["招商二组", "2024年3月", 4, 2],
    ])})

    assert response.status_code == 302
    assert sorted(ScoreTarget.objects.values_list("team__name", "indicator__name", "period", "value")) == [
        ("招商一组", "新开工项目", "M01", 1),
        ("招商二组", "新开工项目", "M03", 2),
        ("招商二组", "新签约亿元以上项目", "M02", 2),
        ("招商二组", "新签约亿元以上项目", "M03", 4),
    ]  # 一组's January signing target was cleared by its blank cell


def test_a_bad_target_sheet_lists_every_error_and_writes_nothing(client, zone_admin, team, team_card, signing_count):
    client.force_login(zone_admin)
    response = client.post(reverse("assessment:targets_import", args=[team_card.pk]), {"file": _upload([
        ["小组", "期间", "新签约亿元以上项目"],
        ["招商一组", "1月", 2],
        ["招商九组", "2月", 1],
        ["招商一组", "一季度", 1],
        ["招商一组", "3月", "三个"],
        ["招商一组", "1月", 5],
    ])})
    page = response.content.decode()
    assert response.status_code == 200 and not ScoreTarget.objects.exists()
    assert "共有4行有误" in page
    assert "“招商九组”不是本方案的考核对象" in page and "“一季度”不是本方案的考核期间" in page
    assert "“三个”不是数字" in page and "与第2行是同一对象、同一期间" in page


def test_the_superuser_keeps_the_division_card_from_its_pages(client, superuser, zone, rugao_zone, zone_card,
                                                              zone_signings):
    client.force_login(superuser)
    for name in ("edit", "targets", "adjustment_create", "targets_import"):
        assert client.get(reverse(f"assessment:{name}", args=[zone_card.pk])).status_code == 200
    page = client.get(reverse("assessment:targets", args=[zone_card.pk]), {"period": "Q2"}).content.decode()
    assert "2024年二季度目标值" in page and "如皋经开区" in page
    response = client.post(reverse("assessment:adjustment_create", args=[zone_card.pk]), {
        "subject": rugao_zone.pk, "period": "Q2", "points": "5", "reason": "获评省级特色园区"})
    assert response.status_code == 302
    adjustment = ScoreAdjustment.objects.get()
    assert (adjustment.zone, adjustment.recorded_by) == (rugao_zone, superuser)
    response = client.post(reverse("assessment:adjustment_delete", args=[zone_card.pk, adjustment.pk]))
    assert response.status_code == 302 and not ScoreAdjustment.objects.exists()


def test_the_list_shows_each_user_the_cards_they_may_read(client, zone_admin, city_viewer, other_city_viewer,
                                                           team_card, zone_card):
    assert "新建小组考核" in _page(client, zone_admin, reverse("assessment:list")).content.decode()
    for user, expected in ((zone_admin, {team_card.name, zone_card.name}),
                           (city_viewer, {team_card.name, zone_card.name}),
                           (other_city_viewer, set())):
        page = _page(client, user, reverse("assessment:list")).content.decode()
        assert {name for name in (team_card.name, zone_card.name) if name in page} == expected
    assert "新建" not in _page(client, city_viewer, reverse("assessment:list")).content.decode()


def test_the_administrator_links_last_years_card_and_deletes_a_card(client, zone, zone_admin, team_card):
    last_year = services.scorecard_create(by=zone_admin, scope="zone_teams", zone=zone, name="2023年小组考核",
                                          year=2023)
    client.force_login(zone_admin)
    response = client.post(reverse("assessment:edit", args=[team_card.pk]), {
        "name": team_card.name, "year": "2024", "cap": "1.5", "cumulative": "on", "previous": last_year.pk})
    team_card.refresh_from_db()
    assert response.status_code == 302
    assert (team_card.previous, team_card.cap, team_card.cumulative) == (last_year, Decimal("1.5"), True)
    assert "2024年1月(1—" not in client.get(team_card.get_absolute_url(), {"period": "M01"}).content.decode()
    assert "2024年5月(1—5月累计)" in client.get(team_card.get_absolute_url(), {"period": "M05"}).content.decode()
    response = client.post(reverse("assessment:delete", args=[last_year.pk]))
    assert response.status_code == 302 and not Scorecard.objects.filter(pk=last_year.pk).exists()
