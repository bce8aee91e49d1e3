"""The cockpit shows a zone's numbers, or every zone's under a division, and each table exports."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from zhaoshang.cockpit import selectors
from zhaoshang.projects import services
from zhaoshang.projects.choices import Channel, Stage
from zhaoshang.testing.factories import EnterpriseFactory, industry

AS_OF = date(2024, 6, 30)


@pytest.fixture
def signed(zone, officer, other_zone, outsider):
    investor = EnterpriseFactory(zone=zone)
    services.project_create(zone=zone, by=officer, name="乾朔电子连接器项目", investor=investor,
                            total_investment=Decimal(50000), channel=Channel.RESIDENT, industry=industry("39"),
                            stage_dates={Stage.SIGNED: date(2024, 2, 10), Stage.STARTED: date(2024, 3, 5)})
    services.project_create(zone=zone, by=officer, name="神众智能项目", investor=investor,
                            total_investment=Decimal(14000), channel=Channel.DIRECT, industry=industry("39"),
                            stage_dates={Stage.SIGNED: date(2023, 12, 26)})
    services.project_create(zone=other_zone, by=outsider, name="景创锂钠动力储能项目",
                            investor=EnterpriseFactory(zone=other_zone), total_investment=Decimal(500000),
                            channel=Channel.CHAIN, stage_dates={Stage.SIGNED: date(2024, 4, 1)})


def test_the_tiles_count_this_years_signings_and_starts_per_zone(zone, other_zone, signed):
    figures = selectors.tile_figures([zone.pk, other_zone.pk], 2024, AS_OF)
    # 启东: 乾朔 signed 2024-02 (5亿, ≥1亿) and started 2024-03; 神众 signed 2023 does not count.
    assert figures["signed_count"][zone.pk] == 1 and figures["signed_amount"][zone.pk] == Decimal(50000)
    assert figures["signed_big"][zone.pk] == 1 and figures["started_count"][zone.pk] == 1
    assert figures["signed_count"][other_zone.pk] == 1 and figures["signed_amount"][other_zone.pk] == 500000


def test_the_trend_puts_each_signing_in_its_month_this_year_and_last(zone, signed):
    trend = selectors.monthly_trend([zone.pk], 2024, AS_OF)
    assert trend["signed_this"][1] == 1 and sum(trend["signed_this"]) == 1
    assert trend["signed_last"][11] == 1 and trend["started_this"][2] == 1


def test_signed_investment_by_industry_section_and_channel(zone, signed):
    signed_by = selectors.signed_by([zone.pk], 2024, AS_OF)
    assert signed_by["industry"] == [("制造业", Decimal("5.00"), 1)]
    assert signed_by["channel"] == [("驻点招商", Decimal("5.00"), 1)]


def test_an_officer_sees_the_zone_cockpit_and_not_another_zones(client, officer, other_zone, signed):
    client.force_login(officer)
    page = client.get(reverse("cockpit:home"), {"as_of": "2024-06-30"}).content.decode()
    assert "启东经济开发区" in page and "新签约项目" in page
    assert client.get(reverse("cockpit:zone", args=[other_zone.pk])).status_code == 404


def test_a_province_viewer_sees_every_zone_in_one_table(client, province_viewer, signed):
    client.force_login(province_viewer)
    page = client.get(reverse("cockpit:home"), {"as_of": "2024-06-30"}).content.decode()
    assert "启东经济开发区" in page and "盐城亭湖经济开发区" in page and "各园区指标" in page


def test_a_city_viewer_sees_only_the_zones_of_the_city(client, city_viewer, signed):
    client.force_login(city_viewer)
    page = client.get(reverse("cockpit:home"), {"as_of": "2024-06-30"}).content.decode()
    assert "启东经济开发区" in page and "盐城亭湖经济开发区" not in page


@pytest.mark.parametrize("table", ["tiles", "industry", "channel", "trend", "funnel", "zones"])
def test_every_table_exports_to_xlsx(client, province_viewer, signed, table):
    client.force_login(province_viewer)
    response = client.get(reverse("cockpit:home"), {"as_of": "2024-06-30", "export": table})
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert len(rows) >= 2


def test_open_supervision_items_are_listed_and_exported(client, officer, zone, signed):
    from zhaoshang.construction.models import Supervision
    from zhaoshang.projects.models import Project

    project = Project.objects.get(name="乾朔电子连接器项目")
    Supervision.objects.create(zone=zone, project=project, kind="idle", key="started", light="red",
                               reason="开工后 45 个工作日无进展", since=date(2024, 5, 1))
    client.force_login(officer)
    page = client.get(reverse("cockpit:home"), {"as_of": "2024-06-30"}).content.decode()
    assert "未办结 1 项" in page and "开工后 45 个工作日无进展" in page
    response = client.get(reverse("cockpit:home"), {"as_of": "2024-06-30", "export": "supervision"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[1][2] == "乾朔电子连接器项目" and rows[1][0] == "红灯"


def test_the_division_completion_rate_is_completed_over_planned_of_all_zones(zone, other_zone, officer, outsider,
                                                                              signed):
    from zhaoshang.construction.models import AnnualPlan, InvestmentEntry
    from zhaoshang.projects.models import Project

    # 启东 plans 10000, completes 8000 (80%); 亭湖 plans 30000, completes 6000 (20%).
    # Together: 14000 ÷ 40000 = 35.0% — not the 50% an average of the two rates would give.
    for project, planned, done in ((Project.objects.get(name="乾朔电子连接器项目"), 10000, 8000),
                                   (Project.objects.get(name="景创锂钠动力储能项目"), 30000, 6000)):
        plan = AnnualPlan.objects.create(zone_id=project.zone_id, project=project, year=2024, major_level="city",
                                         planned_investment=Decimal(planned))
        InvestmentEntry.objects.create(plan=plan, month=3, amount=Decimal(done))
    assert selectors.overall_major_rate([zone.pk, other_zone.pk], 2024, AS_OF) == Decimal("35.0")
    assert selectors.overall_major_rate([zone.pk], 2024, AS_OF) == Decimal("80.0")


def test_the_province_ranking_and_its_red_flag_are_on_the_cockpit(client, province_viewer, zone, other_zone, signed):
    from zhaoshang.assessment import services as assessment
    from zhaoshang.geo.models import Division
    from zhaoshang.targets.choices import Metric

    card = assessment.scorecard_create(by=None, scope="division_zones", division=Division.objects.get(code="320000"),
                                       year=2024, name="2024年全省开发区季度考核")
    signed_big = assessment.indicator_save(scorecard=card, by=None, name="新签约亿元以上项目", weight=Decimal(100),
                                           metric=Metric.STAGE_COUNT, stage=Stage.SIGNED, min_investment=Decimal(10000))
    assessment.targets_set(scorecard=card, by=None, values={(signed_big.pk, z.pk, quarter): Decimal(1)
                                                           for z in (zone, other_zone) for quarter in ("Q1", "Q2")})
    client.force_login(province_viewer)
    page = client.get(reverse("cockpit:home"), {"as_of": "2024-06-30"}).content.decode()
    # Q2 is the latest complete quarter on 06-30: 亭湖 signed 景创 (50亿) on 04-01 → 1 of 1 = 100 points;
    # 启东 signed nothing in Q2 → 0. 亭湖 holds the Q2 flag (启东 held Q1's, so no streak).
    section = page[page.index("2024年全省开发区季度考核"):]
    assert "2024年二季度排名" in section and "流动红旗(2024年二季度): 亭湖经开区" in " ".join(section.split())
    assert section.index("亭湖经开区") < section.index("启东经开区")
