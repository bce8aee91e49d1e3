"""A zone administrator runs the zone's teams and accounts; nobody else may."""

import pytest
from django.urls import reverse

from zhaoshang.accounts.models import User
from zhaoshang.organisation.models import Team, TeamMembership, TeamQuota


def test_a_zone_admin_builds_a_team_with_members_and_a_quota(client, zone_admin, officer, zone):
    client.force_login(zone_admin)
    client.post(reverse("organisation:team_create", args=[zone.pk]),
                {"name": "第三方代理(世邦)", "kind": "agent", "agency": "世邦魏理仕", "is_active": "on"})
    team = Team.objects.get(zone=zone, name="第三方代理(世邦)")
    client.post(reverse("organisation:member_add", args=[zone.pk, team.pk]), {"user": officer.pk, "role": "leader"})
    client.post(reverse("organisation:quota_edit", args=[zone.pk, team.pk]),
                {"year": 2024, "signed_amount": "400000", "signed_count": "5"})
    assert TeamMembership.objects.get(team=team, user=officer).role == "leader"
    assert TeamQuota.objects.get(team=team, year=2024).signed_amount == 400000
    page = client.get(reverse("organisation:zone", args=[zone.pk])).content.decode()
    assert "第三方代理(世邦)" in page and "40亿元" in page and "陈佳伟" in page


def test_a_zone_admin_creates_an_officer_who_can_log_in(client, zone_admin, zone):
    client.force_login(zone_admin)
    response = client.post(reverse("organisation:user_create", args=[zone.pk]), {
        "username": "qd_wangkai", "full_name": "王凯", "role": "officer", "password": "Qidong-2024!"})
    assert response.status_code == 302
    user = User.objects.get(username="qd_wangkai")
    assert user.zone == zone and user.role == "officer"
    client.logout()
    assert client.login(username="qd_wangkai", password="Qidong-2024!")


def test_a_weak_password_and_a_taken_username_are_refused_in_chinese(client, zone_admin, officer, zone):
    client.force_login(zone_admin)
    page = client.post(reverse("organisation:user_create", args=[zone.pk]), {
        "username": "officer", "full_name": "重名", "role": "officer", "password": "12345678"}).content.decode()
    assert "密码" in page and "数字" in page
    page = client.post(reverse("organisation:user_create", args=[zone.pk]), {
        "username": "officer", "full_name": "重名", "role": "officer", "password": "Qidong-2024!"}).content.decode()
    assert "已被使用" in page


@pytest.mark.parametrize("role", ["officer", "team_leader", "zone_leader", "city_viewer"])
def test_only_the_zone_admin_manages_the_organisation(client, request, zone, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("organisation:zone", args=[zone.pk])).status_code == 200
    assert client.get(reverse("organisation:team_create", args=[zone.pk])).status_code == 403
    assert client.get(reverse("organisation:user_create", args=[zone.pk])).status_code == 403


def test_another_zones_organisation_is_not_found(client, zone_admin, other_zone):
    client.force_login(zone_admin)
    assert client.get(reverse("organisation:zone", args=[other_zone.pk])).status_code == 404
    assert client.get(reverse("organisation:team_create", args=[other_zone.pk])).status_code == 404


def test_a_zone_admin_adds_a_department_and_puts_a_team_in_it(client, zone_admin, zone):
    client.force_login(zone_admin)
    client.post(reverse("organisation:department_create", args=[zone.pk]),
                {"name": "项目建设推进办公室", "kind": "construction"})
    department = zone.departments.get(name="项目建设推进办公室")
    client.post(reverse("organisation:team_create", args=[zone.pk]),
                {"name": "重大项目专班", "kind": "task_force", "department": department.pk, "is_active": "on"})
    assert Team.objects.get(zone=zone, name="重大项目专班").department == department
    assert "项目建设推进办公室" in client.get(reverse("organisation:zone", args=[zone.pk])).content.decode()
