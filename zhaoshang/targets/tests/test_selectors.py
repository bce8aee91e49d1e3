"""A plan's progress and drill-downs against the hand-counted 2024 of conftest.py."""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhaoshang.organisation.models import ZoneSettings
from zhaoshang.projects import services as project_services
from zhaoshang.projects.choices import Channel, MajorLevel, Stage
from zhaoshang.targets import metrics, selectors, services
from zhaoshang.targets.choices import Granularity, Metric, PlanScope
from zhaoshang.targets.periods import Period
from zhaoshang.targets.selectors import Status

D = Decimal
YEAR_END = date(2024, 12, 31)
MID_YEAR = date(2024, 6, 30)


def rows_by_name(progress):
    return {row.target.name: row for row in progress.rows}


def actuals(row):
    return [cell.actual for cell in row.cells]


def drilled(plan, name, code, as_of=YEAR_END, **kwargs):
    target = plan.targets.get(name=name)
    return selectors.drill_down(plan, target, selectors.parse_period(plan.year, code, **kwargs), as_of)


def project_names(drill):
    return sorted(row.project.name.split()[0] for row in drill.rows)


# ------------------------------------------------------------------------------- the issue's examples


def test_the_year_plan_of_the_issue_is_counted_project_by_project(year_plan, signings, arrivals):
    """As of 2024-12-31 (see conftest):
    ≥1亿(或1000万美元): A B C D H J = 6 of 30 → 20.0%;  其中 ≥5亿(或5000万美元): A = 1 of 10 → 10.0%;
    3000万美元以上 (CNY at 10:1 = 3亿): A C J = 3 of 4 → 75.0%;  FDI 2000 + 1500 + 500 = 4000 of 8000 → 50.0%."""
    rows = rows_by_name(selectors.plan_progress(year_plan, YEAR_END))
    figures = {name: (row.year.target, row.year.actual, row.year.completion) for name, row in rows.items()}
    assert figures == {
        "新签约亿元以上项目": (D(30), D(6), D("20.0")),
        "5亿元以上项目": (D(10), D(1), D("10.0")),
        "新签约总投资3000万美元以上项目": (D(4), D(3), D("75.0")),
        "实际利用外资": (D(8000), D(4000), D("50.0")),
    }
    assert rows["5亿元以上项目"].is_child and not rows["新签约亿元以上项目"].is_child
    assert all(row.year.time_progress == D("100.0") and row.year.status == Status.MISSED for row in rows.values())


def test_mid_year_progress_is_compared_with_time_progress(year_plan, signings, arrivals):
    """As of 2024-06-30 half the year is gone (50.0%). ≥1亿: all six signed by 06-01 → 20.0%, 30.0 points behind;
    FDI 4000 of 8000 = 50.0% → level with time progress, which counts as ahead."""
    rows = rows_by_name(selectors.plan_progress(year_plan, MID_YEAR))
    big, fdi = rows["新签约亿元以上项目"].year, rows["实际利用外资"].year
    assert (big.time_progress, big.completion, big.lead, big.status) == (D("50.0"), D("20.0"), D("-30.0"),
                                                                         Status.BEHIND)
    assert (fdi.completion, fdi.lead, fdi.status) == (D("50.0"), D("0.0"), Status.AHEAD)


def test_the_quarter_plan_of_the_issue(q1_plan, starts):
    """“一季度确保新开工5亿元以上项目4个、亿元以上项目4个”. Q1 starts: S1 (8亿, 01-10), S2 (10亿, 03-31), S4 (1.5亿,
    02-15); S3 (6亿) starts 04-01, S5 is 5000万. As of 03-31: ≥5亿 2 of 4 = 50.0%, ≥1亿 3 of 4 = 75.0%, Q1 over."""
    rows = rows_by_name(selectors.plan_progress(q1_plan, date(2024, 3, 31)))
    five, one = rows["新开工5亿元以上项目"], rows["新开工亿元以上项目"]
    q1 = five.cells[0]
    assert (q1.period, q1.target, q1.actual, q1.completion, q1.time_progress, q1.status) == (
        Period(2024, "Q1"), D(4), D(2), D("50.0"), D("100.0"), Status.MISSED)
    assert (one.cells[0].actual, one.cells[0].completion) == (D(3), D("75.0"))
    # Only Q1 was set, so the year has no target of its own; Q2 has none either.
    assert five.year.target is None and five.year.status == Status.NO_TARGET
    assert five.cells[1].target is None


def test_the_quarter_plan_on_a_leap_day(q1_plan, starts):
    """As of 2024-02-29: two of Q1's three months gone (1 + 29/29 = 2 → 66.7%). ≥5亿: S1 only = 1 of 4 = 25.0%,
    41.7 points behind; ≥1亿: S1 and S4 = 2 of 4 = 50.0%."""
    rows = rows_by_name(selectors.plan_progress(q1_plan, date(2024, 2, 29)))
    five, one = rows["新开工5亿元以上项目"].cells[0], rows["新开工亿元以上项目"].cells[0]
    assert (five.actual, five.time_progress, five.completion, five.lead, five.status) == (
        D(1), D("66.7"), D("25.0"), D("-41.7"), Status.BEHIND)
    assert (one.actual, one.completion) == (D(2), D("50.0"))


# ------------------------------------------------------------------------------ periods and corrections


def test_a_signing_on_march_31_counts_in_q1_and_one_on_april_1_in_q2(year_plan, signings):
    """≥1亿 per quarter: Q1 A (03-31) C J = 3; Q2 B (04-01) D H = 3; Q3, Q4 none."""
    row = rows_by_name(selectors.plan_progress(year_plan, YEAR_END))["新签约亿元以上项目"]
    assert actuals(row) == [D(3), D(3), D(0), D(0)]
    assert project_names(drilled(year_plan, "新签约亿元以上项目", "Q1")) == ["A", "C", "J"]
    assert project_names(drilled(year_plan, "新签约亿元以上项目", "Q2")) == ["B", "D", "H"]


def test_a_corrected_date_moves_the_project_to_its_period(year_plan, signings, officer):
    """H was entered as signed 03-15 and corrected to 04-15 (Q2); correcting it again to 03-20 moves it to Q1."""
    assert "H" in project_names(drilled(year_plan, "新签约亿元以上项目", "Q2"))
    event = signings["H"].events.get(stage=Stage.SIGNED, voided_at__isnull=True)
    project_services.stage_event_change_date(event=event, when=date(2024, 3, 20), reason="按合同日期", by=officer)
    row = rows_by_name(selectors.plan_progress(year_plan, YEAR_END))["新签约亿元以上项目"]
    assert actuals(row) == [D(4), D(2), D(0), D(0)]
    assert project_names(drilled(year_plan, "新签约亿元以上项目", "Q1")) == ["A", "C", "H", "J"]


def test_a_signing_corrected_back_no_longer_counts(year_plan, signings, officer):
    """I (6亿, signed 02-20) was corrected back to 在谈: it is not among the ≥5亿 signings; signing it again in
    May counts it in Q2."""
    assert project_names(drilled(year_plan, "5亿元以上项目", "Y")) == ["A"]
    project_services.project_advance_stage(project=signings["I"], stage=Stage.SIGNED, when=date(2024, 5, 8),
                                           by=officer)
    assert project_names(drilled(year_plan, "5亿元以上项目", "Q2")) == ["I"]


def test_an_edited_project_counts_once_at_its_new_amount(zone, officer, signings):
    """J was renamed and raised from 3亿 to 3.5亿 after signing: one row, 35000 in the signed total.
    Signed total 2024: A 50000 + B 12000 + C 21000 + D 20000 + E 8000 + F 5600 + H 15000 + J 35000 = 166600;
    Q1 (A C E J) 114000, Q2 (B D F H) 52600."""
    plan = services.target_plan_create(zone=zone, by=officer, year=2024, name="签约额")
    services.target_create(plan=plan, by=officer, name="新签约项目总投资", metric=Metric.STAGE_INVESTMENT,
                           stage=Stage.SIGNED, values={"Y": D(300000)})
    row = selectors.plan_progress(plan, YEAR_END).rows[0]
    assert row.year.actual == D(166600) and actuals(row) == [D(114000), D(52600), D(0), D(0)]
    drill = drilled(plan, "新签约项目总投资", "Y")
    assert project_names(drill).count("J") == 1
    assert sum(row.project.total_investment_cny for row in drill.rows) == drill.figure == D(166600)


# ------------------------------------------------------------------------------------------- USD rule


def test_a_usd_project_counts_at_its_own_usd_amount(year_plan, signings):
    """C (3000万美元, 21000万元 at 7) counts for “亿元(或1000万美元)” and for “3000万美元以上”, but not for
    “5亿元(或5000万美元)”. F (800万美元) is below 1000万美元."""
    big = year_plan.targets.get(name="新签约亿元以上项目")
    assert (big.min_investment, big.min_investment_usd) == (D(10000), D(1000))  # paired 10 : 1
    assert "C" in project_names(drilled(year_plan, "新签约亿元以上项目", "Y"))
    assert "F" not in project_names(drilled(year_plan, "新签约亿元以上项目", "Y"))
    assert project_names(drilled(year_plan, "新签约总投资3000万美元以上项目", "Y")) == ["A", "C", "J"]


def test_a_cny_project_meets_a_usd_only_threshold_through_the_zones_pairing(year_plan, signings, zone):
    """“3000万美元以上”: D (2亿元) against 3000 × 10 = 3亿元 does not count. At a pairing of 5 the bar is
    1.5亿元: D (2亿) and H (1.5亿) count too → A C D H J = 5."""
    assert "D" not in project_names(drilled(year_plan, "新签约总投资3000万美元以上项目", "Y"))
    ZoneSettings.objects.update_or_create(zone=zone, defaults={"usd_pairing": D(5)})
    row = rows_by_name(selectors.plan_progress(year_plan, YEAR_END))["新签约总投资3000万美元以上项目"]
    assert row.year.actual == D(5)
    assert project_names(drilled(year_plan, "新签约总投资3000万美元以上项目", "Y")) == ["A", "C", "D", "H", "J"]


# ----------------------------------------------------------------------------------- each metric kind


@pytest.fixture
def every_metric(zone, officer):
    """One target of each kind, by quarter where the hand count has quarters."""
    plan = services.target_plan_create(zone=zone, by=officer, year=2024, name="各类指标")
    quarterly = {"granularity": Granularity.QUARTER, "values": {"Q1": D(1), "Q2": D(1), "Q3": D(1), "Q4": D(1)}}
    make = lambda name, metric, **fields: services.target_create(  # noqa: E731
        plan=plan, by=officer, name=name, metric=metric, **(quarterly | fields))
    make("外资", Metric.FDI)
    make("重大项目完成投资", Metric.MAJOR_COMPLETED)
    make("省重大完成投资", Metric.MAJOR_COMPLETED, major_level=MajorLevel.PROVINCE)
    make("市重大完成投资", Metric.MAJOR_COMPLETED, major_level=MajorLevel.CITY)
    make("投资完成率", Metric.MAJOR_COMPLETION_RATE, values={"Y": D(100)}, granularity=Granularity.YEAR)
    make("省重大投资完成率", Metric.MAJOR_COMPLETION_RATE, major_level=MajorLevel.PROVINCE, values={"Y": D(100)},
         granularity=Granularity.YEAR)
    make("线索", Metric.LEADS)
    make("走访对接", Metric.INTERACTIONS)
    make("推介活动", Metric.PROMOTION_EVENTS)
    make("开工项目数", Metric.STAGE_COUNT, stage=Stage.STARTED)
    return plan


def test_each_metric_kind_against_a_hand_count(every_metric, signings, starts, arrivals, construction, contacts):
    """2024 by quarter, as of 12-31:
    FDI: Q1 2000 (C 03-31), Q2 1500 + 500 = 2000.
    Major completed: Q1 S1 2000+3000+4000 + S2 6000 = 15000; Q2 S1 5000 + S2 7000 = 12000 (S4 not on a list,
    S1's 2023 plan not this year). Province list (S1, though its project says 市重大): 9000, 5000.
    City list (S2): 6000, 7000.
    Completion rate: 27000 ÷ 80000 = 33.75 → 33.8%; province 14000 ÷ 30000 → 46.7%.
    Leads (first event in the period): Q1 A C E I J S2 S4 S5 = 8; Q2 B D F H S3 = 5 (not G, S1: 2023).
    Interactions: Q1 2, Q2 2; of them promotion events: 1 and 1.
    Starts: Q1 S1 S2 S4 S5 = 4; Q2 S3 = 1."""
    rows = rows_by_name(selectors.plan_progress(every_metric, YEAR_END))
    assert {name: (row.year.actual, actuals(row)) for name, row in rows.items()} == {
        "外资": (D(4000), [D(2000), D(2000), D(0), D(0)]),
        "重大项目完成投资": (D(27000), [D(15000), D(12000), D(0), D(0)]),
        "省重大完成投资": (D(14000), [D(9000), D(5000), D(0), D(0)]),
        "市重大完成投资": (D(13000), [D(6000), D(7000), D(0), D(0)]),
        "投资完成率": (D("33.8"), [D("18.8"), D("33.8"), D("33.8"), D("33.8")]),
        "省重大投资完成率": (D("46.7"), [D("30.0"), D("46.7"), D("46.7"), D("46.7")]),
        "线索": (D(13), [D(8), D(5), D(0), D(0)]),
        "走访对接": (D(4), [D(2), D(2), D(0), D(0)]),
        "推介活动": (D(2), [D(1), D(1), D(0), D(0)]),
        "开工项目数": (D(5), [D(4), D(1), D(0), D(0)]),
    }
    # The rate's year target is 100%: 33.8% done.
    assert rows["投资完成率"].year.completion == D("33.8")


def test_a_completion_rate_is_year_to_date_and_nothing_before_its_period(every_metric, construction):
    """As of 2024-03-15 Q1's rate counts January to March: (2000 + 3000 + 4000 + 6000) ÷ 80000 = 18.75 → 18.8%;
    Q2 has not begun, so it shows nothing rather than Q1's months. The year's rate is the year to date.
    As of 04-15 April's 5000 joins: 20000 ÷ 80000 = 25.0% for Q2 and for the year; Q3 and Q4 show nothing."""
    row = rows_by_name(selectors.plan_progress(every_metric, date(2024, 3, 15)))["投资完成率"]
    assert actuals(row) == [D("18.8"), D(0), D(0), D(0)] and row.year.actual == D("18.8")
    row = rows_by_name(selectors.plan_progress(every_metric, date(2024, 4, 15)))["投资完成率"]
    assert actuals(row) == [D("18.8"), D("25.0"), D(0), D(0)] and row.year.actual == D("25.0")


def test_a_rate_is_set_against_the_time_gone_since_january(every_metric, construction):
    """As of 2024-05-15, Q2 is (1 + 15/31) ÷ 3 = 49.5% gone, but January to June (4 + 15/31) ÷ 6 = 74.7%:
    a count's Q2 cell uses the first, a year-to-date rate's the second."""
    rows = rows_by_name(selectors.plan_progress(every_metric, date(2024, 5, 15)))
    assert rows["外资"].cells[1].time_progress == D("49.5")
    assert rows["投资完成率"].cells[1].time_progress == D("74.7")


def test_the_cumulative_view_adds_up_from_january(year_plan, q1_plan, signings, starts):
    """Cumulative ≥1亿 signings: 1–3月 3, 1–6月 6, 1–9月 6, 1–12月 6. The Q1-only start target: 4 through every
    quarter's end; 1–6月 ≥5亿 starts S1 S2 S3 = 3."""
    year_row = rows_by_name(selectors.plan_progress(year_plan, YEAR_END, view="cumulative"))["新签约亿元以上项目"]
    assert actuals(year_row) == [D(3), D(6), D(6), D(6)]
    assert year_row.cells[1].period.label == "2024年1—6月"
    start_row = rows_by_name(selectors.plan_progress(q1_plan, YEAR_END, view="cumulative"))["新开工5亿元以上项目"]
    assert [cell.target for cell in start_row.cells] == [D(4)] * 4
    assert start_row.cells[1].actual == D(3)


def test_monthly_columns_and_a_monthly_target(zone, officer, signings):
    """By month, ≥1亿 signings: Jan J, Feb C, Mar A, Apr B H, May D → 1, 1, 1, 2, 1, 0…; a quarter column of a
    monthly target is the sum of its months (1 + 1 + 1 = 3)."""
    plan = services.target_plan_create(zone=zone, by=officer, year=2024, name="分月")
    services.target_create(plan=plan, by=officer, name="月度签约", metric=Metric.STAGE_COUNT, stage=Stage.SIGNED,
                           min_investment=D(10000), pair_usd=True, granularity=Granularity.MONTH,
                           values={f"M{month:02d}": D(1) for month in range(1, 13)})
    progress = selectors.plan_progress(plan, YEAR_END, columns=Granularity.MONTH)
    row = progress.rows[0]
    assert actuals(row)[:6] == [D(1), D(1), D(1), D(2), D(1), D(0)]
    assert row.year.target == D(12)
    by_quarter = selectors.plan_progress(plan, YEAR_END)  # quarters unless months are asked for
    assert by_quarter.column_granularity == Granularity.QUARTER
    assert [cell.target for cell in by_quarter.rows[0].cells] == [D(3)] * 4
    assert actuals(by_quarter.rows[0]) == [D(3), D(3), D(0), D(0)]


# --------------------------------------------------------------------------------------- drill-downs


def test_every_drill_down_lists_exactly_what_the_figure_counts(every_metric, year_plan, signings, starts, arrivals,
                                                               construction, contacts):
    """For every target and column, at the year's end and mid-April: the drill-down's own figure is the table's,
    a count equals the number of rows listed, a sum equals their total."""
    amount = {"fdi": lambda row: row.amount_usd, "entries": lambda row: row.amount,
              "events": lambda row: row.project.total_investment_cny}
    checked = 0
    for plan, as_of in itertools.product((every_metric, year_plan), (YEAR_END, date(2024, 4, 15))):
        for row in selectors.plan_progress(plan, as_of).rows:
            for cell in [row.year, *row.cells]:
                drill = selectors.drill_down(plan, row.target, cell.period, as_of)
                assert drill.figure == cell.actual
                rows = list(drill.rows)
                metric = row.target.metric
                if metric in (Metric.STAGE_COUNT, Metric.LEADS, Metric.INTERACTIONS, Metric.PROMOTION_EVENTS):
                    assert len(rows) == cell.actual, (row.target.name, cell.period)
                elif metric == Metric.MAJOR_COMPLETION_RATE:
                    planned = sum(plan_row.planned_investment for plan_row in drill.planned)
                    completed = sum((entry.amount for entry in rows), D(0))
                    assert metrics.percent(completed, planned) == cell.actual
                else:
                    assert sum((amount[drill.family](item) for item in rows), D(0)) == cell.actual
                checked += 1
    assert checked == 2 * (10 * 5 + 4 * 5)


# ---------------------------------------------------------------------------------- team and officer


def test_a_team_plan_counts_only_the_teams_projects(zone, officer, team, signings, contacts):
    """一组's 2024 signings: A (5亿), B (1.2亿), E (8000万), H (1.5亿) → ≥1亿: A B H = 3. Its interactions are
    those on its projects: A's visit and event = 2."""
    plan = services.target_plan_create(zone=zone, by=officer, year=2024, name="一组任务", scope=PlanScope.TEAM,
                                       team=team)
    services.target_create(plan=plan, by=officer, name="签约亿元以上", metric=Metric.STAGE_COUNT, stage=Stage.SIGNED,
                           min_investment=D(10000), pair_usd=True, values={"Y": D(8)})
    services.target_create(plan=plan, by=officer, name="走访", metric=Metric.INTERACTIONS, values={"Y": D(20)})
    rows = rows_by_name(selectors.plan_progress(plan, YEAR_END))
    assert (rows["签约亿元以上"].year.actual, rows["走访"].year.actual) == (D(3), D(2))
    assert project_names(drilled(plan, "签约亿元以上", "Y")) == ["A", "B", "H"]


def test_an_officer_plan_counts_only_the_officers_projects(zone, officer, signings, contacts):
    """The officer's signings: A (5亿), D (2亿), E (8000万), F (800万美元) → ≥1亿(或1000万美元): A D = 2.
    Interactions recorded by the officer in 2024: 01-05, 03-31, 06-30 = 3."""
    plan = services.target_plan_create(zone=zone, by=officer, year=2024, name="陈佳伟任务",
                                       scope=PlanScope.OFFICER, officer=officer)
    services.target_create(plan=plan, by=officer, name="签约亿元以上", metric=Metric.STAGE_COUNT, stage=Stage.SIGNED,
                           min_investment=D(10000), pair_usd=True, values={"Y": D(4)})
    services.target_create(plan=plan, by=officer, name="走访", metric=Metric.INTERACTIONS, values={"Y": D(20)})
    rows = rows_by_name(selectors.plan_progress(plan, YEAR_END))
    assert (rows["签约亿元以上"].year.actual, rows["走访"].year.actual) == (D(2), D(3))
    assert project_names(drilled(plan, "签约亿元以上", "Y")) == ["A", "D"]


# ------------------------------------------------------------------------------------------ queries


def _twenty_targets(zone, officer):
    plan = services.target_plan_create(zone=zone, by=officer, year=2024, name="二十项指标")
    kinds = [
        {"metric": Metric.STAGE_COUNT, "stage": Stage.SIGNED, "min_investment": D(10000)},
        {"metric": Metric.STAGE_COUNT, "stage": Stage.SIGNED, "min_investment": D(50000)},
        {"metric": Metric.STAGE_COUNT, "stage": Stage.SIGNED, "min_investment_usd": D(3000)},
        {"metric": Metric.STAGE_COUNT, "stage": Stage.STARTED, "min_investment": D(50000)},
        {"metric": Metric.STAGE_COUNT, "stage": Stage.STARTED, "channel": Channel.FUND},
        {"metric": Metric.STAGE_INVESTMENT, "stage": Stage.SIGNED},
        {"metric": Metric.STAGE_INVESTMENT, "stage": Stage.STARTED, "foreign_only": True},
        {"metric": Metric.STAGE_COUNT, "stage": Stage.REGISTERED},
        {"metric": Metric.STAGE_COUNT, "stage": Stage.COMPLETED, "top500_only": True},
        {"metric": Metric.STAGE_COUNT, "stage": Stage.PRODUCING, "sci_tech_only": True},
        {"metric": Metric.FDI},
        {"metric": Metric.MAJOR_COMPLETED},
        {"metric": Metric.MAJOR_COMPLETED, "major_level": MajorLevel.PROVINCE},
        {"metric": Metric.MAJOR_COMPLETION_RATE},
        {"metric": Metric.LEADS},
        {"metric": Metric.LEADS, "min_investment": D(10000)},
        {"metric": Metric.INTERACTIONS},
        {"metric": Metric.PROMOTION_EVENTS},
        {"metric": Metric.STAGE_COUNT, "stage": Stage.LAND_SUPPLIED},
        {"metric": Metric.STAGE_INVESTMENT, "stage": Stage.COMPLETED, "major_level": MajorLevel.CITY},
    ]
    for number, spec in enumerate(kinds, start=1):
        services.target_create(plan=plan, by=officer, name=f"指标{number}", granularity=Granularity.QUARTER,
                               values={f"Q{quarter}": D(10) for quarter in range(1, 5)}, **spec)
    return plan


def test_a_zone_plan_of_twenty_targets_takes_a_bounded_number_of_queries(zone, officer, make_project, starts,
                                                                         construction, django_assert_max_num_queries):
    """Targets and values (2), the zone's pairing (1), one query per family of rows (5) and the rates'
    plans (1): 9, however many projects there are."""
    plan = _twenty_targets(zone, officer)
    with CaptureQueriesContext(connection) as few:
        selectors.plan_progress(plan, YEAR_END)
    for number in range(30):
        make_project(f"加量项目{number}", 10000 + number, {Stage.SIGNED: date(2024, 1 + number % 12, 1)})
    with django_assert_max_num_queries(9), CaptureQueriesContext(connection) as many:
        progress = selectors.plan_progress(plan, YEAR_END)
    assert len(few.captured_queries) == len(many.captured_queries)
    assert len(progress.rows) == 20
    assert progress.rows[0].year.actual == D(30)  # the 30 new signings of ≥1亿 (S1 signed in 2023)
