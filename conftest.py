"""Personas shared by every test: an officer of 启东 and colleagues, and outsiders who must see nothing."""

import pytest

from zhaoshang.accounts.models import Role
from zhaoshang.testing.factories import (
    TeamFactory, TeamMembershipFactory, UserFactory, ZoneFactory, division,
)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.JOBS_EAGER = True
    settings.JOBS_RUN_IN_PROCESS = False
    # The production hasher costs ~0.3 s a password by design; tests make many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages are rendered without `collectstatic`; the manifest storage is for production.
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    # The test client speaks plain HTTP; production's redirect to HTTPS would answer every request with 301.
    settings.SECURE_SSL_REDIRECT = False
    # django-axes wants the request in authenticate(), which the test client's login() does not pass; the
    # lockout test (accounts/tests/test_lockout.py) turns it back on.
    settings.AXES_ENABLED = False


@pytest.fixture
def zone(db):
    return ZoneFactory(name="启东经济开发区", short_name="启东经开区", code="QDKFQ", division=division("320681"))


@pytest.fixture
def other_zone(db):
    return ZoneFactory(name="盐城亭湖经济开发区", short_name="亭湖经开区", code="THKFQ", division=division("320902"))


@pytest.fixture
def team(zone):
    return TeamFactory(zone=zone, name="招商一组")


@pytest.fixture
def officer(zone, team):
    user = UserFactory(username="officer", full_name="陈佳伟", role=Role.OFFICER, zone=zone)
    TeamMembershipFactory(team=team, user=user)
    return user


@pytest.fixture
def colleague(zone, team):
    user = UserFactory(username="colleague", full_name="何毅", role=Role.OFFICER, zone=zone)
    TeamMembershipFactory(team=team, user=user)
    return user


@pytest.fixture
def team_leader(zone, team):
    user = UserFactory(username="leader_of_team", full_name="岑岭", role=Role.TEAM_LEADER, zone=zone)
    TeamMembershipFactory(team=team, user=user, role="leader")
    return user


@pytest.fixture
def zone_admin(zone):
    return UserFactory(username="zone_admin", full_name="张杰", role=Role.ZONE_ADMIN, zone=zone)


@pytest.fixture
def zone_leader(zone):
    return UserFactory(username="zone_leader", full_name="宋海华", role=Role.ZONE_LEADER, zone=zone)


@pytest.fixture
def outsider(other_zone):
    return UserFactory(username="outsider", full_name="王浩", role=Role.OFFICER, zone=other_zone)


@pytest.fixture
def city_viewer(db):
    return UserFactory(username="nantong_viewer", full_name="南通市商务局", role=Role.DIVISION_VIEWER, zone=None,
                       division=division("320600"))


@pytest.fixture
def other_city_viewer(db):
    return UserFactory(username="yancheng_viewer", full_name="盐城市商务局", role=Role.DIVISION_VIEWER, zone=None,
                       division=division("320900"))


@pytest.fixture
def province_viewer(db):
    return UserFactory(username="jiangsu_viewer", full_name="江苏省商务厅", role=Role.DIVISION_VIEWER, zone=None,
                       division=division("320000"))
