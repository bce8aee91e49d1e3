"""Writes to a zone's organisation: teams, members, quotas and user accounts. Zone administrators only."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhaoshang.accounts.access import can_manage_zone
from zhaoshang.accounts.models import ZONE_ROLES, User
from zhaoshang.organisation.models import Department, Team, TeamMembership, TeamQuota

MSG_NOT_ADMIN = "只有园区管理员可以管理小组和用户。"
MSG_MEMBER_OTHER_ZONE = "只能把本园区的用户加入小组。"
MSG_ROLE_NOT_ZONE = "园区管理员只能创建园区内角色的用户。"
MSG_USERNAME_TAKEN = "用户名“{username}”已被使用, 请换一个。"


def _ensure_admin(by, zone_id: int) -> None:
    if not can_manage_zone(by, zone_id):
        raise PermissionDenied(MSG_NOT_ADMIN)


def department_save(*, zone, by, department: Department | None = None, **fields: Any) -> Department:
    _ensure_admin(by, zone.pk)
    department = department or Department(zone=zone)
    for name, value in fields.items():
        setattr(department, name, value)
    department.full_clean()
    department.save()
    return department


def team_save(*, zone, by, team: Team | None = None, **fields: Any) -> Team:
    _ensure_admin(by, zone.pk)
    team = team or Team(zone=zone)
    for name, value in fields.items():
        setattr(team, name, value)
    team.full_clean()
    team.save()
    return team


def membership_add(*, team: Team, user: User, role: str, by, joined_on=None) -> TeamMembership:
    _ensure_admin(by, team.zone_id)
    if user.zone_id != team.zone_id:
        raise ValidationError({"user": MSG_MEMBER_OTHER_ZONE})
    membership, _ = TeamMembership.objects.update_or_create(
        team=team, user=user, defaults={"role": role, "joined_on": joined_on})
    return membership


def membership_remove(*, membership: TeamMembership, by) -> None:
    _ensure_admin(by, membership.team.zone_id)
    membership.delete()


def quota_set(*, team: Team, by, year: int, **fields: Any) -> TeamQuota:
    _ensure_admin(by, team.zone_id)
    quota = TeamQuota.objects.filter(team=team, year=year).first() or TeamQuota(team=team, year=year)
    for name, value in fields.items():
        setattr(quota, name, value)
    quota.full_clean()
    quota.save()
    return quota


@transaction.atomic
def user_create(*, zone, by, username: str, password: str, role: str, **fields: Any) -> User:
    _ensure_admin(by, zone.pk)
    if role not in ZONE_ROLES:
        raise ValidationError({"role": MSG_ROLE_NOT_ZONE})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": MSG_USERNAME_TAKEN.format(username=username)})
    user = User(zone=zone, username=username, role=role, **fields)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def user_set_active(*, user: User, by, active: bool) -> User:
    _ensure_admin(by, user.zone_id)
    if user == by and not active:
        raise ValidationError("不能停用自己的账号。")
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user
