"""The demo's zones, departments, teams and people, taken from the seed articles where they name them."""

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from zhaoshang.accounts.models import Role, User
from zhaoshang.geo.models import Division
from zhaoshang.organisation.choices import DepartmentKind, MemberRole, TeamKind, ZoneKind
from zhaoshang.organisation.models import Department, Team, Zone
from zhaoshang.organisation.services import membership_add, quota_set, team_save

DEMO_PASSWORD = "zhaoshang-demo"
# Marks the demo's accounts, so that `--reset` never deletes a real account that happens to share a name.
DEMO_EMAIL_DOMAIN = "@demo.invalid"

PROMOTION, CONSTRUCTION, SCITECH = "投资促进局", "项目建设推进办公室", "科创办"
DEPARTMENTS = ((PROMOTION, DepartmentKind.PROMOTION), (CONSTRUCTION, DepartmentKind.CONSTRUCTION),
               (SCITECH, DepartmentKind.SCITECH))


@dataclass(frozen=True)
class Person:
    username: str
    full_name: str
    role: str


@dataclass(frozen=True)
class TeamSpec:
    name: str
    kind: str
    department: str
    leader: str
    members: tuple[str, ...] = ()
    base: str = ""
    agency: str = ""
    quota: int | None = None  # this year's signed-amount quota in 万元 (a third-party agent's contract)


@dataclass(frozen=True)
class ZoneSpec:
    code: str
    name: str
    short_name: str
    division: str
    people: tuple[Person, ...]
    teams: tuple[TeamSpec, ...]


QIDONG = ZoneSpec(
    code="QDKFQ", name="启东经济开发区", short_name="启东经开区", division="320681",
    people=(
        Person("qd_admin", "张杰", Role.ZONE_ADMIN), Person("qd_leader", "宋海华", Role.ZONE_LEADER),
        Person("qd_cenling", "岑岭", Role.TEAM_LEADER), Person("qd_huanghy", "皇海燕", Role.TEAM_LEADER),
        Person("qd_semi", "陆振华", Role.TEAM_LEADER), Person("qd_bio", "施雯", Role.TEAM_LEADER),
        Person("qd_shanghai", "黄启明", Role.TEAM_LEADER), Person("qd_sunan", "沈建国", Role.TEAM_LEADER),
        Person("qd_shenzhen", "顾海涛", Role.TEAM_LEADER), Person("qd_agent", "倪晓东", Role.TEAM_LEADER),
        Person("qd_officer", "王凯", Role.OFFICER), Person("qd_officer2", "陈思远", Role.OFFICER),
        Person("qd_officer3", "朱丽娟", Role.OFFICER), Person("qd_officer4", "钱磊", Role.OFFICER),
        Person("qd_officer5", "葛宇", Role.OFFICER), Person("qd_officer6", "袁婷", Role.OFFICER),
    ),
    teams=(
        TeamSpec("上海招商联络办公室", TeamKind.LIAISON, PROMOTION, "qd_shanghai", ("qd_officer4", "qd_officer3"),
                 base="上海"),
        TeamSpec("苏南招商联络办公室", TeamKind.LIAISON, PROMOTION, "qd_sunan", ("qd_officer2",), base="苏州"),
        TeamSpec("深圳招商联络办公室", TeamKind.LIAISON, PROMOTION, "qd_shenzhen", ("qd_officer5",), base="深圳"),
        TeamSpec("科技招商团队", TeamKind.GROUP, SCITECH, "qd_huanghy", ("qd_officer",)),
        TeamSpec("半导体产业招商组", TeamKind.GROUP, PROMOTION, "qd_semi", ("qd_officer", "qd_officer4")),
        TeamSpec("新能源产业招商组", TeamKind.GROUP, PROMOTION, "qd_cenling", ("qd_officer2", "qd_officer5")),
        TeamSpec("生物医药产业招商组", TeamKind.GROUP, PROMOTION, "qd_bio", ("qd_officer3", "qd_officer6")),
        TeamSpec("第三方代理(臻远咨询)", TeamKind.AGENT, PROMOTION, "qd_agent", ("qd_officer6",), base="上海",
                 agency="上海臻远企业管理咨询有限公司", quota=400_000),
    ),
)

TINGHU = ZoneSpec(
    code="THKFQ", name="盐城市亭湖经济开发区", short_name="亭湖经开区", division="320902",
    people=(
        Person("th_admin", "周敏", Role.ZONE_ADMIN), Person("th_leader", "孙立新", Role.ZONE_LEADER),
        Person("th_chenjw", "陈佳伟", Role.TEAM_LEADER), Person("th_wanghao", "王浩", Role.TEAM_LEADER),
        Person("th_power", "刘洋", Role.TEAM_LEADER), Person("th_green", "马骏", Role.TEAM_LEADER),
        Person("th_robot", "吴晨", Role.TEAM_LEADER), Person("th_transport", "丁磊", Role.TEAM_LEADER),
        Person("th_shanghai", "徐凯", Role.TEAM_LEADER),
        Person("th_officer", "李雪", Role.OFFICER), Person("th_officer2", "赵一鸣", Role.OFFICER),
        Person("th_officer3", "蒋婷婷", Role.OFFICER), Person("th_officer4", "杨帆", Role.OFFICER),
        Person("th_officer5", "顾晨阳", Role.OFFICER),
    ),
    teams=(
        TeamSpec("基础电子元器件产业链招商二组", TeamKind.GROUP, PROMOTION, "th_chenjw", ("th_officer", "th_officer4")),
        TeamSpec("节能环保产业链专班", TeamKind.TASK_FORCE, PROMOTION, "th_green", ("th_officer3",)),
        TeamSpec("动力及储能电池产业链专班", TeamKind.TASK_FORCE, PROMOTION, "th_power", ("th_officer2", "th_wanghao")),
        TeamSpec("万帮储能项目专班", TeamKind.TASK_FORCE, CONSTRUCTION, "th_wanghao", ("th_officer2",)),
        TeamSpec("机器人产业招商组", TeamKind.GROUP, PROMOTION, "th_robot", ("th_officer", "th_officer5")),
        TeamSpec("新型交通产业招商组", TeamKind.GROUP, PROMOTION, "th_transport", ("th_officer4",)),
        TeamSpec("上海招商大本营", TeamKind.RESIDENT, PROMOTION, "th_shanghai", ("th_officer3",), base="上海"),
        TeamSpec("深圳招商大本营", TeamKind.RESIDENT, PROMOTION, "th_shanghai", ("th_officer5",), base="深圳"),
    ),
)

ZONES = (QIDONG, TINGHU)
VIEWERS = (
    (Person("nantong", "南通市商务局", Role.DIVISION_VIEWER), "320600"),
    (Person("yancheng", "盐城市商务局", Role.DIVISION_VIEWER), "320900"),
    (Person("jiangsu", "江苏省商务厅", Role.DIVISION_VIEWER), "320000"),
)
ZONE_CODES = tuple(spec.code for spec in ZONES)
USERNAMES = tuple(person.username for spec in ZONES for person in spec.people) + tuple(p.username for p, _ in VIEWERS)


@dataclass
class DemoZone:
    """A built zone with its people, as the project writers need them."""

    spec: ZoneSpec
    zone: Zone
    users: dict[str, User]
    teams: dict[str, Team]
    members: dict[str, list[User]] = field(default_factory=dict)  # team name → leader first, then members

    def user(self, username: str) -> User:
        return self.users[username]

    @property
    def admin(self) -> User:
        return next(user for user in self.users.values() if user.role == Role.ZONE_ADMIN)

    @property
    def leader(self) -> User:
        return next(user for user in self.users.values() if user.role == Role.ZONE_LEADER)


def phone_number(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randrange(10)}{rng.randrange(10**8):08d}"


def _user(person: Person, *, password_hash: str, rng: random.Random, **fields) -> User:
    # Not organisation.services.user_create: that hashes each password (a third of a second by design),
    # and the demo users share one password, so they share its hash.
    user = User(username=person.username, full_name=person.full_name, role=person.role, password=password_hash,
                email=f"{person.username}{DEMO_EMAIL_DOMAIN}", phone=phone_number(rng), **fields)
    user.full_clean()
    user.save()
    return user


def build_zone(spec: ZoneSpec, *, password_hash: str, joined: date, year: int, rng: random.Random) -> DemoZone:
    zone = Zone(name=spec.name, short_name=spec.short_name, code=spec.code, kind=ZoneKind.PROVINCIAL_EDZ,
                division=Division.objects.get(code=spec.division))
    zone.full_clean()
    zone.save()
    departments = {name: Department.objects.create(zone=zone, name=name, kind=kind) for name, kind in DEPARTMENTS}
    users = {person.username: _user(person, password_hash=password_hash, rng=rng, zone=zone) for person in spec.people}
    built = DemoZone(spec=spec, zone=zone, users=users, teams={})
    admin = built.admin
    for team_spec in spec.teams:
        team = team_save(zone=zone, by=admin, name=team_spec.name, kind=team_spec.kind, base=team_spec.base,
                         agency=team_spec.agency, department=departments[team_spec.department])
        built.teams[team.name] = team
        roster = [(team_spec.leader, MemberRole.LEADER)] + [(name, MemberRole.MEMBER) for name in team_spec.members]
        for username, role in roster:
            membership_add(team=team, user=users[username], role=role, by=admin, joined_on=joined)
        built.members[team.name] = [users[username] for username, _ in roster]
        if team_spec.quota:
            quota_set(team=team, by=admin, year=year, signed_amount=Decimal(team_spec.quota),
                      note="委托招商协议：全年引进签约项目总投资不少于40亿元，按季度考核。")
    return built


def build_viewers(*, password_hash: str, rng: random.Random) -> list[User]:
    return [_user(person, password_hash=password_hash, rng=rng, division=Division.objects.get(code=code))
            for person, code in VIEWERS]


def demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)
