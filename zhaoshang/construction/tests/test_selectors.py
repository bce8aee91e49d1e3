"""The construction figures and each traffic-light rule, against hand-counted fixtures."""

from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.construction import selectors
from zhaoshang.construction.choices import Light, SupervisionKind
from zhaoshang.construction.tests.conftest import node, plan
from zhaoshang.organisation.models import ZoneSettings
from zhaoshang.projects.choices import ProjectStatus, Stage
from zhaoshang.projects.models import Interaction, StageEvent
from zhaoshang.testing.factories import ProjectFactory

pytestmark = pytest.mark.django_db
JUNE_END = date(2024, 6, 30)


def test_completion_rate_against_time_progress(zone, year_2024):
    figures = selectors.completion(selectors.year_plans([zone.pk], 2024), 2024, JUNE_END)
    assert (figures.planned, figures.completed) == (Decimal("51000"), Decimal("20000"))
    assert figures.rate == Decimal("39.2")
    assert figures.time_progress == Decimal("50.0")
    assert figures.versus_progress == "落后时间进度10.8个百分点"


def test_start_rate(zone, year_2024):
    starts = selectors.starts(selectors.year_plans([zone.pk], 2024), 2024, JUNE_END)
    assert (starts.planned, starts.due, starts.started) == (4, 3, 2)
    assert starts.rate == Decimal("50.0")


def test_a_start_after_the_date_looked_from_does_not_count(zone, year_2024):
    starts = selectors.starts(selectors.year_plans([zone.pk], 2024), 2024, date(2024, 5, 11))
    assert starts.started == 1  # P2 started on 05-12


def test_major_lists_per_level(zone, year_2024):
    levels = {row.level: row for row in selectors.level_summary(selectors.year_plans([zone.pk], 2024), 2024,
                                                                JUNE_END)}
    assert (levels["province"].count, levels["province"].planned, levels["province"].completed) == (
        1, Decimal("10000"), Decimal("5000"))
    assert levels["province"].rate == Decimal("50.0")
    assert (levels["city"].planned, levels["city"].completed, levels["city"].rate) == (
        Decimal("20000"), Decimal("6000"), Decimal("30.0"))
    assert (levels["district"].planned, levels["district"].completed) == (Decimal("15000"), Decimal("9000"))


def test_the_overview_lists_the_years_plans_with_completed_investment(zone, year_2024):
    overview = selectors.construction_overview(zone, 2024, JUNE_END)
    rows = {row.project.name: row for row in overview.rows}
    assert set(rows) == {"一号", "二号", "三号", "四号", "五号"}
    assert [row.major_level for row in overview.rows][:3] == ["province", "city", "district"]
    assert rows["一号"].completed == Decimal("5000") and rows["一号"].started_on == date(2024, 3, 15)
    only_city = selectors.construction_overview(zone, 2024, JUNE_END, level="city")
    assert [row.project.name for row in only_city.rows] == ["二号"]


def test_the_figures_take_a_few_queries_however_many_plans(zone, year_2024, django_assert_max_num_queries):
    for _ in range(20):
        plan(ProjectFactory(zone=zone), planned="100", level="district", months={1: "10"})
    plans = selectors.year_plans([zone.pk], 2024)
    with django_assert_max_num_queries(5):  # completion 2, starts 1, levels 2
        selectors.completion(plans, 2024, JUNE_END)
        selectors.starts(plans, 2024, JUNE_END)
        selectors.level_summary(plans, 2024, JUNE_END)


# --------------------------------------------------------------------------------------- traffic lights


def conditions(zone, as_of, kind):
    return [item for item in selectors.supervision_conditions(zone, as_of).items if item.kind == kind]


def test_an_overdue_node_is_yellow_then_red_after_ten_working_days_across_national_day(zone):
    project = ProjectFactory(zone=zone, stage=Stage.STARTED, stage_date=date(2024, 9, 1))
    item = node(project, date(2024, 9, 27))
    assert conditions(zone, date(2024, 9, 27), SupervisionKind.NODE_OVERDUE) == []  # due today: not late yet
    # (9-27, 10-14]: 8 working days although 11 weekdays passed: still yellow.
    (found,) = conditions(zone, date(2024, 10, 14), SupervisionKind.NODE_OVERDUE)
    assert (found.light, found.key, found.since) == (Light.YELLOW, str(item.pk), date(2024, 9, 28))
    assert "已逾期 8 个工作日" in found.reason
    (found,) = conditions(zone, date(2024, 10, 16), SupervisionKind.NODE_OVERDUE)
    assert (found.light, "已逾期 10 个工作日" in found.reason) == (Light.YELLOW, True)  # 10 is not more than 10
    (found,) = conditions(zone, date(2024, 10, 17), SupervisionKind.NODE_OVERDUE)
    assert (found.light, "已逾期 11 个工作日" in found.reason) == (Light.RED, True)


def test_a_done_node_is_not_overdue(zone):
    project = ProjectFactory(zone=zone, stage=Stage.STARTED, stage_date=date(2024, 9, 1))
    node(project, date(2024, 9, 27), actual=date(2024, 10, 10))
    assert conditions(zone, date(2024, 10, 17), SupervisionKind.NODE_OVERDUE) == []


def test_the_red_threshold_is_the_zones_setting(zone):
    ZoneSettings.objects.create(zone=zone, node_red_after_workdays=5)
    project = ProjectFactory(zone=zone, stage=Stage.STARTED, stage_date=date(2024, 9, 1))
    node(project, date(2024, 9, 27))
    (found,) = conditions(zone, date(2024, 10, 9), SupervisionKind.NODE_OVERDUE)  # 9-29, 9-30, 10-08, 10-09
    assert found.light == Light.YELLOW
    (found,) = conditions(zone, date(2024, 10, 10), SupervisionKind.NODE_OVERDUE)  # 5: not more than 5
    assert found.light == Light.YELLOW
    (found,) = conditions(zone, date(2024, 10, 11), SupervisionKind.NODE_OVERDUE)
    assert found.light == Light.RED


def test_lagging_by_points(zone):
    """Time progress 50.0% on 06-30; yellow beyond 5 points behind, red beyond 15."""
    lights = {}
    for name, done in (("46.0", "4600"), ("45.0", "4500"), ("44.0", "4400"), ("35.0", "3500"), ("34.0", "3400")):
        project = ProjectFactory(zone=zone, name=name, stage=Stage.STARTED, stage_date=JUNE_END)
        plan(project, planned="10000", months={3: done})
        lights[project.pk] = name
    found = {lights[item.project_id]: item for item in conditions(zone, JUNE_END, SupervisionKind.LAGGING)}
    assert {name: item.light for name, item in found.items()} == {"44.0": Light.YELLOW, "35.0": Light.YELLOW,
                                                                 "34.0": Light.RED}
    assert found["34.0"].reason == "2024年投资完成率 34.0%, 落后时间进度(50.0%) 16.0 个百分点"
    assert found["34.0"].key == "2024"


def test_a_plan_not_yet_due_to_start_does_not_lag(zone):
    project = ProjectFactory(zone=zone, stage=Stage.LAND_SUPPLIED, stage_date=JUNE_END)
    plan(project, planned="10000", start=date(2024, 9, 1))
    assert conditions(zone, JUNE_END, SupervisionKind.LAGGING) == []
    assert len(conditions(zone, date(2024, 9, 2), SupervisionKind.LAGGING)) == 1


def test_lagging_follows_the_zones_points(zone):
    ZoneSettings.objects.create(zone=zone, lag_yellow_points=Decimal("2"), lag_red_points=Decimal("5.5"))
    project = ProjectFactory(zone=zone, stage=Stage.STARTED, stage_date=JUNE_END)
    plan(project, planned="10000", months={3: "4400"})
    (found,) = conditions(zone, JUNE_END, SupervisionKind.LAGGING)
    assert found.light == Light.RED


def test_idle_per_stage(zone):
    """As of 2024-10-14: 20 working days back reach 9-11 (中秋 and 国庆 skipped, their make-up days counted)."""
    as_of = date(2024, 10, 14)
    make = lambda name, stage, last: ProjectFactory(zone=zone, name=name, stage=stage, stage_date=last)
    yellow = make("在谈20天", Stage.NEGOTIATING, date(2024, 9, 10))
    make("在谈19天", Stage.NEGOTIATING, date(2024, 9, 11))
    red = make("在谈48天", Stage.NEGOTIATING, date(2024, 8, 1))
    make("线索20天", Stage.LEAD, date(2024, 9, 10))  # 线索 waits 40 working days
    contacted = make("有对接", Stage.NEGOTIATING, date(2024, 8, 1))
    Interaction.objects.create(zone=zone, project=contacted, kind="visit", date=date(2024, 10, 1), people="甲",
                               notes="走访")
    held = make("暂缓", Stage.NEGOTIATING, date(2024, 1, 5))
    held.status = ProjectStatus.ON_HOLD
    held.save()
    found = {item.project_id: item for item in conditions(zone, as_of, SupervisionKind.IDLE)}
    assert set(found) == {yellow.pk, red.pk}
    assert (found[yellow.pk].light, found[red.pk].light) == (Light.YELLOW, Light.RED)
    assert found[yellow.pk].reason == "在谈阶段自 2024-09-10 起 20 个工作日无阶段进展或对接记录"
    assert (found[yellow.pk].key, found[yellow.pk].since) == (Stage.NEGOTIATING, date(2024, 9, 10))


def test_a_later_stage_event_resets_the_idle_clock(zone):
    project = ProjectFactory(zone=zone, stage=Stage.NEGOTIATING, stage_date=date(2024, 8, 1))
    StageEvent.objects.create(project=project, stage=Stage.ON_HOLD, date=date(2024, 10, 8))
    assert conditions(zone, date(2024, 10, 14), SupervisionKind.IDLE) == []


def test_a_project_shows_its_worst_light(zone):
    project = ProjectFactory(zone=zone, stage=Stage.STARTED, stage_date=date(2024, 10, 10))
    node(project, date(2024, 9, 2), name="桩基")  # long overdue: red
    node(project, date(2024, 10, 11), name="封顶")  # yellow
    found = selectors.supervision_conditions(zone, date(2024, 10, 14))
    assert found.light_of(project.pk) == Light.RED
    assert found.counts() == {Light.RED: 1, Light.YELLOW: 0}


def test_counting_into_a_year_nobody_entered_warns(zone):
    project = ProjectFactory(zone=zone, stage=Stage.STARTED, stage_date=date(2026, 12, 1))
    node(project, date(2026, 12, 20))
    found = selectors.supervision_conditions(zone, date(2027, 1, 20))
    assert any("2027年" in warning for warning in found.warnings)
    assert "估算" in found.items[0].reason
