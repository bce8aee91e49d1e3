"""Scorecard arithmetic, ranks, red flags and streaks, counted by hand (the sums are in the comments)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhaoshang.assessment import selectors, services
from zhaoshang.assessment.tests.conftest import signed
from zhaoshang.projects.choices import Stage
from zhaoshang.targets.choices import Metric, ScorecardScope
from zhaoshang.testing.factories import ProjectFactory, TeamFactory, division

pytestmark = pytest.mark.django_db
AFTER_YEAR = date(2025, 1, 15)


def _targets(card, by, period, table):
    """table: {(indicator, subject): value} for one period."""
    services.targets_set(scorecard=card, by=by, values={
        (indicator.pk, subject.pk, period): Decimal(value) for (indicator, subject), value in table.items()})


def _nantong_card(by, year, previous=None):
    """An earlier year's card of 南通's zones with one indicator, 100 points for the signings target."""
    card = services.scorecard_create(by=by, scope=ScorecardScope.DIVISION_ZONES, division=division("320600"),
                                     name=f"{year}年南通市开发区季度考核", year=year, previous=previous)
    return card, services.indicator_save(scorecard=card, by=by, name="新签约项目", weight=Decimal(100),
                                         metric=Metric.STAGE_COUNT, stage=Stage.SIGNED)


def _row(rows, subject):
    return next(row for row in rows if row.subject == subject)


def test_points_are_capped_weighted_and_summed_with_adjustments(
        zone, team, zone_admin, team_card, signing_count, signing_amount, starts):
    # March 2024, 招商一组: three signings of 5亿元 and one start.
    for day in (5, 12, 20):
        signed(zone, team, date(2024, 3, day))
    signed(zone, team, date(2024, 3, 25), stage=Stage.STARTED)
    signed(zone, team, date(2024, 4, 1))  # April: not in March
    _targets(team_card, zone_admin, "M03", {
        (signing_count, team): 2, (signing_amount, team): 200000, (starts, team): 2})
    services.adjustment_create(scorecard=team_card, by=zone_admin, subject=team, period="M03", points=Decimal(2),
                               reason="引进世界500强项目")
    services.adjustment_create(scorecard=team_card, by=zone_admin, subject=team, period="M03",
                               points=Decimal("-1.5"), reason="信息报送迟报")

    row = _row(selectors.ranking(team_card, "M03", AFTER_YEAR), team)

    count, amount, start = row.cells
    # signings: 3 ÷ 2 = 150%, capped at 120%: 40 × 1.2 = 48
    assert (count.actual, count.target, count.rate_percent, count.capped, count.points) == (
        3, 2, Decimal("150.0"), True, Decimal("48.00"))
    # amount: 150000 ÷ 200000 = 75%: 30 × 0.75 = 22.5
    assert (amount.actual, amount.rate_percent, amount.points) == (150000, Decimal("75.0"), Decimal("22.50"))
    # starts: 1 ÷ 2 = 50%: 30 × 0.5 = 15
    assert start.points == Decimal("15.00")
    # 48 + 22.5 + 15 = 85.5; + 2 − 1.5 = 86
    assert row.adjustment_total == Decimal("0.5")
    assert row.score == Decimal("86.00")
    assert [item.reason for item in row.adjustments] == ["引进世界500强项目", "信息报送迟报"]


def test_a_subject_without_a_target_scores_zero_on_that_indicator(
        zone, team, team_two, zone_admin, team_card, signing_count, starts):
    signed(zone, team_two, date(2024, 3, 5))
    signed(zone, team_two, date(2024, 3, 6), stage=Stage.STARTED)
    _targets(team_card, zone_admin, "M03", {(signing_count, team_two): 1})  # no target for starts

    row = _row(selectors.ranking(team_card, "M03", AFTER_YEAR), team_two)

    # signings 1 ÷ 1 = 100%: 40; starts: one start, no target: 0
    assert [cell.points for cell in row.cells] == [Decimal("40.00"), Decimal(0)]
    assert row.cells[1].actual == 1 and row.cells[1].target is None and row.cells[1].rate is None
    assert row.missing_targets == [starts] and row.score == Decimal("40.00")


def test_level_scores_share_a_rank_and_the_next_one_skips(
        zone, team, team_two, team_three, zone_admin, team_card, signing_count):
    signed(zone, team, date(2024, 5, 3))
    signed(zone, team_two, date(2024, 5, 4))
    _targets(team_card, zone_admin, "M05", {(signing_count, team): 1, (signing_count, team_two): 1,
                                             (signing_count, team_three): 1})

    rows = selectors.ranking(team_card, "M05", AFTER_YEAR)

    # 一组 and 二组 40 each, 三组 0: ranks 1, 1, 3
    assert [(row.rank, row.subject.name, row.score) for row in rows] == [
        (1, "招商一组", Decimal("40.00")), (1, "招商二组", Decimal("40.00")), (3, "招商三组", Decimal(0))]


def test_the_red_flag_goes_to_the_top_score_each_month_with_its_streak(
        zone, team, team_two, zone_admin, team_card, signing_count):
    # Targets 1 a month each. 一组 signs in Jan, Feb, Mar; 二组 in Mar and twice in Apr.
    for month in ("M01", "M02", "M03", "M04"):
        _targets(team_card, zone_admin, month, {(signing_count, team): 1, (signing_count, team_two): 1})
    for month in (1, 2, 3):
        signed(zone, team, date(2024, month, 8))
    signed(zone, team_two, date(2024, 3, 9))
    signed(zone, team_two, date(2024, 4, 9))
    signed(zone, team_two, date(2024, 4, 19))

    history = selectors.red_flag_holders(team_card, date(2024, 4, 30))

    held = [(flag.period.code, [(holder.subject.name, holder.streak) for holder in flag.holders])
            for flag in history]
    assert held == [
        ("M01", [("招商一组", 1)]),
        ("M02", [("招商一组", 2)]),
        ("M03", [("招商一组", 3), ("招商二组", 1)]),  # 40 each: both hold it
        ("M04", [("招商二组", 2)]),  # 2 ÷ 1 capped at 1.2: 48, a second month in a row
    ]


def test_only_complete_periods_award_the_flag_and_nobody_holds_it_for_nothing(
        zone, team, zone_admin, team_card, signing_count):
    _targets(team_card, zone_admin, "M01", {(signing_count, team): 1})
    _targets(team_card, zone_admin, "M02", {(signing_count, team): 1})
    signed(zone, team, date(2024, 2, 3))

    history = selectors.red_flag_holders(team_card, date(2024, 2, 28))

    # January: every score is 0, no holder; February is not over on the 28th.
    assert [(flag.period.code, flag.holders) for flag in history] == [("M01", ())]
    assert selectors.red_flag_holders(team_card, date(2024, 2, 29))[-1].holders[0].subject == team


def test_a_cumulative_card_counts_from_january(zone, team, zone_admin, signing_count, team_card):
    # Targets 1 a month; two signings in January, none in February.
    for month in ("M01", "M02"):
        _targets(team_card, zone_admin, month, {(signing_count, team): 1})
    signed(zone, team, date(2024, 1, 10))
    signed(zone, team, date(2024, 1, 20))

    per_month = _row(selectors.ranking(team_card, "M02", AFTER_YEAR), team).cells[0]
    services.scorecard_update(scorecard=team_card, by=zone_admin, cumulative=True)
    team_card.refresh_from_db()
    to_date = _row(selectors.ranking(team_card, "M02", AFTER_YEAR), team).cells[0]

    # February alone: 0 ÷ 1 → 0 points. January–February: 2 ÷ (1 + 1) = 100% → 40.
    assert (per_month.actual, per_month.target, per_month.points) == (0, 1, Decimal(0))
    assert (to_date.actual, to_date.target, to_date.points) == (2, 2, Decimal("40.00"))


def test_adjustments_on_a_cumulative_card_count_from_january(zone, team, zone_admin, team_card, signing_count):
    services.scorecard_update(scorecard=team_card, by=zone_admin, cumulative=True)
    services.adjustment_create(scorecard=team_card, by=zone_admin, subject=team, period="M01", points=Decimal(3),
                               reason="承办省级推介会")
    services.adjustment_create(scorecard=team_card, by=zone_admin, subject=team, period="M03", points=Decimal(-1),
                               reason="台账不全")
    team_card.refresh_from_db()

    # Jan–Feb: +3; Jan–Mar: 3 − 1 = 2
    assert _row(selectors.ranking(team_card, "M02", AFTER_YEAR), team).score == Decimal(3)
    assert _row(selectors.ranking(team_card, "M03", AFTER_YEAR), team).score == Decimal(2)


def test_zones_of_the_division_are_ranked_each_quarter_and_others_are_not(
        zone, rugao_zone, haimen_zone, other_zone, superuser, zone_card, zone_signings):
    # Targets 2 a quarter for each Nantong zone. Q1: 启东 3 (capped 1.2 → 120), 如皋 2 (100), 海门 1 (50).
    # Q2: 如皋 2 (100), 启东 1 (50). 亭湖 (Yancheng) signs plenty and is not on Nantong's card.
    for quarter in ("Q1", "Q2"):
        _targets(zone_card, superuser, quarter,
                 {(zone_signings, subject): 2 for subject in (zone, rugao_zone, haimen_zone)})
    for day in (1, 2, 3):
        signed(zone, on=date(2024, 2, day))
    signed(rugao_zone, on=date(2024, 3, 1))
    signed(rugao_zone, on=date(2024, 3, 31))
    signed(haimen_zone, on=date(2024, 1, 9))
    signed(rugao_zone, on=date(2024, 4, 1))
    signed(rugao_zone, on=date(2024, 6, 30))
    signed(zone, on=date(2024, 5, 5))
    for day in range(1, 6):
        signed(other_zone, on=date(2024, 2, day))

    q1 = selectors.ranking(zone_card, "Q1", AFTER_YEAR)
    flags = selectors.red_flag_holders(zone_card, date(2024, 7, 1))

    assert [(row.rank, str(row.subject), row.score) for row in q1] == [
        (1, "启东经开区", Decimal("120.00")), (2, "如皋经开区", Decimal("100.00")), (3, "海门经开区", Decimal("50.00"))]
    assert [(flag.period.code, [str(holder.subject) for holder in flag.holders]) for flag in flags] == [
        ("Q1", ["启东经开区"]), ("Q2", ["如皋经开区"])]


def test_a_streak_runs_on_through_last_years_card(zone, rugao_zone, superuser, zone_card, zone_signings):
    # 2023: 启东 holds Q3 and Q4 (如皋 held Q1 and Q2); 2024: 启东 holds Q1 and Q2 → "连续4次".
    last_year, old_signings = _nantong_card(superuser, 2023)
    for quarter in ("Q1", "Q2", "Q3", "Q4"):
        _targets(last_year, superuser, quarter, {(old_signings, zone): 1, (old_signings, rugao_zone): 1})
    for quarter in ("Q1", "Q2"):
        _targets(zone_card, superuser, quarter, {(zone_signings, zone): 1, (zone_signings, rugao_zone): 1})
    signed(rugao_zone, on=date(2023, 2, 1))
    signed(rugao_zone, on=date(2023, 5, 1))
    signed(zone, on=date(2023, 8, 1))
    signed(zone, on=date(2023, 11, 1))
    signed(zone, on=date(2024, 2, 1))
    signed(zone, on=date(2024, 5, 1))

    before_linking = selectors.red_flag_holders(zone_card, date(2024, 7, 1))
    services.scorecard_update(scorecard=zone_card, by=superuser, previous=last_year)
    zone_card.refresh_from_db()
    linked = selectors.red_flag_holders(zone_card, date(2024, 7, 1))

    assert [flag.holders[0].streak for flag in before_linking] == [1, 2]
    assert [(str(flag.holders[0].subject), flag.holders[0].streak) for flag in linked] == [
        ("启东经开区", 3), ("启东经开区", 4)]


def test_a_streak_follows_a_subject_who_held_the_flag_all_year_two_years_back(
        zone, superuser, zone_card, zone_signings):
    # 启东 holds every quarter of 2022 and 2023 and Q1 2024: 4 + 4 + 1 = 9.
    earlier = None
    for year in (2022, 2023):
        card, indicator = _nantong_card(superuser, year, previous=earlier)
        for quarter in (1, 2, 3, 4):
            _targets(card, superuser, f"Q{quarter}", {(indicator, zone): 1})
            signed(zone, on=date(year, 3 * quarter, 1))
        earlier = card
    services.scorecard_update(scorecard=zone_card, by=superuser, previous=earlier)
    _targets(zone_card, superuser, "Q1", {(zone_signings, zone): 1})
    signed(zone, on=date(2024, 1, 31))
    zone_card.refresh_from_db()

    assert selectors.red_flag_holders(zone_card, date(2024, 4, 1))[-1].holders[0].streak == 9


def test_the_number_of_queries_does_not_grow_with_teams_or_periods(
        zone, zone_admin, team_card, signing_count, signing_amount, starts):
    def queries_with_more_teams(n_teams):
        for index in range(n_teams):
            team = TeamFactory(zone=zone)
            ProjectFactory(zone=zone, team=team, stage=Stage.SIGNED, stage_date=date(2024, 2, 2 + index))
            _targets(team_card, zone_admin, "M02", {(signing_count, team): 1, (starts, team): 1})
        with CaptureQueriesContext(connection) as captured:
            selectors.red_flag_holders(team_card, AFTER_YEAR)  # twelve months, three indicators
        return len(captured)

    assert queries_with_more_teams(2) == queries_with_more_teams(8) <= 10


def test_the_default_period_is_the_latest_complete_one(team_card, zone_card):
    assert selectors.default_period(team_card, date(2024, 5, 31)).code == "M05"
    assert selectors.default_period(team_card, date(2024, 5, 30)).code == "M04"
    assert selectors.default_period(team_card, date(2024, 1, 15)).code == "M01"  # none over yet: the month under way
    assert selectors.default_period(team_card, date(2023, 12, 1)).code == "M01"
    assert selectors.default_period(zone_card, date(2025, 3, 1)).code == "Q4"


def test_the_page_overview_scores_once_for_the_table_and_the_flags(
        zone, team, zone_admin, team_card, signing_count):
    _targets(team_card, zone_admin, "M01", {(signing_count, team): 1})
    signed(zone, team, date(2024, 1, 9))

    overview = selectors.scorecard_overview(team_card, "M02", date(2024, 2, 10))

    # February is under way: its table as of the 10th, no flag yet; January's flag is in the history.
    assert overview.period.code == "M02" and not overview.complete and overview.flag is None
    assert [(flag.period.code, flag.holders[0].subject) for flag in overview.history] == [("M01", team)]
