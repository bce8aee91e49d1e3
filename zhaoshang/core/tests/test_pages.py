"""Every page renders for every role, in Chinese, and read-only roles cannot reach the write pages."""

from datetime import date

import pytest
from django.urls import reverse

from zhaoshang.projects import services
from zhaoshang.projects.choices import Stage
from zhaoshang.testing.factories import EnterpriseFactory, UserFactory

READ_PAGES = [
    ("home", {}),
    ("projects:board", {}),
    ("projects:list", {}),
    ("projects:interactions", {}),
    ("enterprises:list", {}),
    ("jobs:list", {}),
    ("password_change", {}),
    ("organisation:home", {}),
]
WRITE_PAGES = ["projects:create", "projects:import", "enterprises:create", "enterprises:import"]
PROJECT_WRITE_PAGES = ["projects:edit", "projects:advance", "projects:status", "projects:correct",
                       "projects:interaction_create"]
ROLES = ["officer", "team_leader", "zone_admin", "zone_leader", "city_viewer", "province_viewer"]
WRITERS = {"officer", "team_leader", "zone_admin"}


@pytest.fixture
def project(zone, officer, team):
    investor = EnterpriseFactory(zone=zone, name="乾朔电子科技有限公司")
    project = services.project_create(
        zone=zone, by=officer, name="乾朔电子连接器项目", investor=investor, total_investment=50000,
        team=team, officer=officer,
        stage_dates={Stage.CONTACTED: date(2023, 10, 9), Stage.SIGNED: date(2023, 11, 20),
                     Stage.STARTED: date(2023, 12, 15)},
    )
    services.interaction_create(zone=zone, project=project, by=officer, kind="visit", date=date(2023, 12, 20),
                                people="何毅、陈佳伟", notes="现场打桩, 协调施工用电", next_step="一季度主体到一层")
    return project


def _persona(request, role):
    return request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
def test_every_read_page_renders_for_each_role(client, request, project, role):
    client.force_login(_persona(request, role))
    for name, kwargs in READ_PAGES:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
        assert "招商项目管理平台" in response.content.decode()
    for name in ("projects:detail",):
        response = client.get(reverse(name, args=[project.pk]))
        assert response.status_code == 200
        assert "乾朔电子连接器项目" in response.content.decode()
    response = client.get(reverse("enterprises:detail", args=[project.investor_id]))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_write_pages_open_for_writers_and_refuse_readers(client, request, project, role):
    client.force_login(_persona(request, role))
    expected = 200 if role in WRITERS else 403
    for name in WRITE_PAGES:
        assert client.get(reverse(name)).status_code == expected, name
    for name in PROJECT_WRITE_PAGES:
        assert client.get(reverse(name, args=[project.pk])).status_code == expected, name
    assert client.get(reverse("enterprises:edit", args=[project.investor_id])).status_code == expected


def test_anonymous_user_is_sent_to_the_login_page(client, project):
    for url in [reverse("home"), reverse("projects:list"), reverse("projects:detail", args=[project.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_the_login_page_speaks_chinese_and_says_what_went_wrong(client, officer):
    page = client.get(reverse("login")).content.decode()
    assert "用户名" in page and "密码" in page
    response = client.post(reverse("login"), {"username": "officer", "password": "wrong-password"})
    assert "用户名或密码不正确" in response.content.decode()
    response = client.post(reverse("login"), {"username": "officer", "password": "pass-1234"})
    assert response.status_code == 302


def test_a_superuser_sees_every_zone_on_the_home_page(client, project, other_zone):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True, zone=None, role="division_viewer")
    client.force_login(admin)
    page = client.get(reverse("home")).content.decode()
    assert "启东经济开发区" in page and "盐城亭湖经济开发区" in page
