"""Who may change a scorecard, and what a change must respect."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.assessment import services
from zhaoshang.assessment.models import (
    MSG_PERIOD_MONTH,
    MSG_PERIOD_QUARTER,
    MSG_PREVIOUS,
    MSG_STAGE_REQUIRED,
    MSG_TEAM_OTHER_ZONE,
    MSG_ZONE_OUTSIDE,
    ScoreTarget,
)
from zhaoshang.targets.choices import Metric, ScorecardScope
from zhaoshang.testing.factories import TeamFactory, division

pytestmark = pytest.mark.django_db


def test_the_zone_administrator_keeps_the_teams_card(team_card, zone_admin):
    assert team_card.zone.name == "启东经济开发区" and team_card.created_by == zone_admin


@pytest.mark.parametrize("persona", ["zone_leader", "officer", "team_leader", "outsider", "city_viewer"])
def test_nobody_else_changes_a_teams_card(request, team_card, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.scorecard_update(scorecard=team_card, by=user, name="改名")
    with pytest.raises(PermissionDenied):
        services.scorecard_create(by=user, scope=ScorecardScope.ZONE_TEAMS, zone=team_card.zone, name="另一方案",
                                  year=2024)


@pytest.mark.parametrize("persona", ["city_viewer", "province_viewer", "zone_admin"])
def test_only_a_superuser_keeps_a_division_card(request, zone_card, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied, match="系统管理员"):
        services.scorecard_update(scorecard=zone_card, by=user, cap=Decimal(2))
    with pytest.raises(PermissionDenied):
        services.scorecard_create(by=user, scope=ScorecardScope.DIVISION_ZONES, division=division("320600"),
                                  name="南通", year=2025)


def test_a_stage_metric_needs_its_stage(team_card, zone_admin):
    with pytest.raises(ValidationError) as error:
        services.indicator_save(scorecard=team_card, by=zone_admin, name="签约", weight=Decimal(40),
                                metric=Metric.STAGE_COUNT)
    assert error.value.message_dict == {"stage": [MSG_STAGE_REQUIRED]}


def test_indicator_names_are_unique_in_a_card(team_card, zone_admin, signing_count):
    with pytest.raises(ValidationError, match="本方案已有同名指标"):
        services.indicator_save(scorecard=team_card, by=zone_admin, name=signing_count.name, weight=Decimal(1),
                                metric=Metric.FDI)


def test_targets_are_set_changed_and_cleared_in_one_call(team, team_two, zone_admin, team_card, signing_count):
    key_one, key_two = (signing_count.pk, team.pk, "M01"), (signing_count.pk, team_two.pk, "M01")

    def set_targets(values):
        return services.targets_set(scorecard=team_card, by=zone_admin, values=values)

    assert set_targets({key_one: Decimal(2), key_two: Decimal(3)}) == 2
    # one changes, one is cleared with 0, an unchanged value is not a change
    assert set_targets({key_one: Decimal(4), key_two: Decimal(0)}) == 2
    assert set_targets({key_one: Decimal(4)}) == 0
    assert list(ScoreTarget.objects.values_list("team__name", "period", "value")) == [("招商一组", "M01", Decimal(4))]


def test_a_teams_card_takes_monthly_targets_of_its_own_teams(team, zone_admin, team_card, signing_count, other_zone):
    with pytest.raises(ValidationError) as error:
        services.targets_set(scorecard=team_card, by=zone_admin, values={(signing_count.pk, team.pk, "Q1"): Decimal(1)})
    assert error.value.message_dict == {"period": [MSG_PERIOD_MONTH]}
    stranger = TeamFactory(zone=other_zone, name="亭湖招商组")
    with pytest.raises(ValidationError) as error:
        services.targets_set(scorecard=team_card, by=zone_admin,
                             values={(signing_count.pk, stranger.pk, "M01"): Decimal(1)})
    assert error.value.message_dict == {"team": [MSG_TEAM_OTHER_ZONE]}
    assert not ScoreTarget.objects.exists()


def test_a_division_card_takes_quarterly_targets_of_zones_under_it(zone, other_zone, superuser, zone_card,
                                                                   zone_signings):
    with pytest.raises(ValidationError) as error:
        services.targets_set(scorecard=zone_card, by=superuser, values={(zone_signings.pk, zone.pk, "M03"): Decimal(1)})
    assert error.value.message_dict == {"period": [MSG_PERIOD_QUARTER]}
    with pytest.raises(ValidationError) as error:
        services.targets_set(scorecard=zone_card, by=superuser,
                             values={(zone_signings.pk, other_zone.pk, "Q1"): Decimal(1)})
    assert error.value.message_dict == {"zone": [MSG_ZONE_OUTSIDE]}
    with pytest.raises(ValidationError) as error:
        services.adjustment_create(scorecard=zone_card, by=superuser, subject=other_zone, period="Q1",
                                   points=Decimal(1), reason="外市园区")
    assert error.value.message_dict == {"zone": [MSG_ZONE_OUTSIDE]}


def test_an_adjustment_needs_points_and_a_reason(team, zone_admin, team_card):
    with pytest.raises(ValidationError) as error:
        services.adjustment_create(scorecard=team_card, by=zone_admin, subject=team, period="M02", points=Decimal(0),
                                   reason=" ")
    assert error.value.message_dict["reason"] == ["此字段不能为空。"]
    assert "加减分不能为0。" in error.value.messages


def test_the_previous_card_must_be_last_years_of_the_same_zone(zone, zone_admin, team_card, superuser, zone_card):
    older = services.scorecard_create(by=zone_admin, scope=ScorecardScope.ZONE_TEAMS, zone=zone, name="2022年考核",
                                      year=2022)
    for previous in (older, zone_card):
        with pytest.raises(ValidationError) as error:
            services.scorecard_update(scorecard=team_card, by=zone_admin, previous=previous)
        assert error.value.message_dict == {"previous": [MSG_PREVIOUS]}


def test_whom_a_card_ranks_cannot_be_changed(team_card, zone_admin, other_zone):
    with pytest.raises(TypeError):
        services.scorecard_update(scorecard=team_card, by=zone_admin, zone=other_zone)


def test_the_system_itself_may_write_without_a_user(team_card, team):
    adjustment = services.adjustment_create(scorecard=team_card, by=None, subject=team, period="M01",
                                            points=Decimal("-2"), reason="迁移旧台账")
    assert adjustment.recorded_by is None and adjustment.recorded_at.date() >= date(2024, 1, 1)
