"""Scorecards of 启东 (its teams, monthly) and of 南通 (its zones, quarterly), and projects that score on them."""

from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.accounts.models import Role
from zhaoshang.assessment import services
from zhaoshang.projects.choices import Stage
from zhaoshang.targets.choices import Metric, ScorecardScope
from zhaoshang.testing.factories import ProjectFactory, TeamFactory, UserFactory, ZoneFactory, division


def signed(zone, team=None, on=date(2024, 3, 10), amount=Decimal("50000"), stage=Stage.SIGNED):
    """A project of the zone (and team) that reached a stage on a day; 5亿元 unless told."""
    return ProjectFactory(zone=zone, team=team, stage=stage, stage_date=on, total_investment=amount)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", full_name="系统管理员", is_superuser=True, is_staff=True, zone=None,
                       role=Role.OFFICER)


@pytest.fixture
def team_two(zone):
    return TeamFactory(zone=zone, name="招商二组")


@pytest.fixture
def team_three(zone):
    return TeamFactory(zone=zone, name="招商三组")


@pytest.fixture
def team_card(zone, zone_admin):
    """启东's monthly card of its teams, 2024: cap 120%."""
    return services.scorecard_create(by=zone_admin, scope=ScorecardScope.ZONE_TEAMS, zone=zone,
                                     name="2024年招商小组月度考核", year=2024, cap=Decimal("1.2"))


@pytest.fixture
def signing_count(team_card, zone_admin):
    return services.indicator_save(scorecard=team_card, by=zone_admin, name="新签约亿元以上项目", order=1,
                                   weight=Decimal(40), metric=Metric.STAGE_COUNT, stage=Stage.SIGNED,
                                   min_investment=Decimal(10000))


@pytest.fixture
def signing_amount(team_card, zone_admin):
    return services.indicator_save(scorecard=team_card, by=zone_admin, name="新签约项目总投资", order=2,
                                   weight=Decimal(30), metric=Metric.STAGE_INVESTMENT, stage=Stage.SIGNED)


@pytest.fixture
def starts(team_card, zone_admin):
    return services.indicator_save(scorecard=team_card, by=zone_admin, name="新开工项目", order=3,
                                   weight=Decimal(30), metric=Metric.STAGE_COUNT, stage=Stage.STARTED)


@pytest.fixture
def rugao_zone(db):
    return ZoneFactory(name="如皋经济技术开发区", short_name="如皋经开区", code="RGKFQ", division=division("320682"))


@pytest.fixture
def haimen_zone(db):
    return ZoneFactory(name="海门经济技术开发区", short_name="海门经开区", code="HMKFQ", division=division("320614"))


@pytest.fixture
def zone_card(superuser):
    """南通's quarterly card of the zones under it, 2024."""
    return services.scorecard_create(by=superuser, scope=ScorecardScope.DIVISION_ZONES, division=division("320600"),
                                     name="2024年南通市开发区季度考核", year=2024, cap=Decimal("1.2"))


@pytest.fixture
def zone_signings(zone_card, superuser):
    return services.indicator_save(scorecard=zone_card, by=superuser, name="新签约亿元以上项目", weight=Decimal(100),
                                   metric=Metric.STAGE_COUNT, stage=Stage.SIGNED, min_investment=Decimal(10000))
