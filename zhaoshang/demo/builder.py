"""The demo: the two zones of the seed articles with three years of projects, loaded once.

`manage.py load_demo` (run by `make run`) builds it when it is not there and otherwise changes nothing, so
what a user did in the demo survives a restart; `--reset` deletes the demo's zones and users and builds
them again. The build is reproducible: a fixed random seed per zone, and dates counted back from today.
"""

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhaoshang.accounts.access import zones_under_division
from zhaoshang.accounts.models import User
from zhaoshang.changelog.context import change_source
from zhaoshang.changelog.models import ChangeRecord, ChangeSource
from zhaoshang.demo import article_qidong, article_tinghu
from zhaoshang.demo.clock import DemoClock
from zhaoshang.demo.evaluation_demo import build_evaluation
from zhaoshang.demo.generator import Generator
from zhaoshang.demo.profiles import PROFILES
from zhaoshang.demo.roster import (
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
    USERNAMES,
    ZONE_CODES,
    ZONES,
    DemoZone,
    build_viewers,
    build_zone,
    demo_password_hash,
)
from zhaoshang.demo.seeds import ArticlePlanner, Reference, shift
from zhaoshang.demo.work_plans import build_province_scorecard, build_work, delete_province_scorecards
from zhaoshang.demo.writer import Writer
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.geo.models import Division
from zhaoshang.organisation.models import Zone
from zhaoshang.projects.models import Interaction, Project, StageEvent

RANDOM_SEED = "zhaoshang-demo"
ARTICLES = {article.zone: article for article in (article_qidong.ARTICLE, article_tinghu.ARTICLE)}
MSG_TAKEN = "演示数据要用的名称已被非演示数据占用：{names}。请改名后再载入演示数据。"
MSG_EXPOSED = ("本系统中已有江苏省内的真实园区({names})。演示账号的密码是公开的, 其中的市、省查看账号能看到这些园区, "
               "因此不能在这里载入演示数据; 请在单独的演示环境中载入。")
# The demo's city and province viewers read every zone under these divisions (江苏省 holds the others).
DEMO_DIVISION_ROOT = "320000"


class DemoConflict(Exception):
    pass


@dataclass(frozen=True)
class Login:
    username: str
    full_name: str
    role: str
    scope: str


def demo_zones():
    """The demo's zones: the demo codes, holding demo-sourced history (a real 启东 zone may use QDKFQ too)."""
    ids = ChangeRecord.objects.filter(zone__code__in=ZONE_CODES, source=ChangeSource.DEMO).values("zone_id")
    return Zone.objects.filter(code__in=ZONE_CODES, pk__in=ids)


def demo_users():
    """The demo's accounts: the demo usernames, marked with the demo e-mail domain."""
    return User.objects.filter(username__in=USERNAMES, email__endswith=DEMO_EMAIL_DOMAIN)


def demo_present() -> bool:
    return demo_zones().exists()


@transaction.atomic
def delete_demo() -> None:
    """Delete the demo's zones with everything in them, and its users; nothing else is touched."""
    zones = Zone.objects.filter(pk__in=list(demo_zones().values_list("pk", flat=True)))
    delete_province_scorecards()
    # A superuser who chose a demo zone as home keeps the account; everyone else in a demo zone goes.
    User.objects.filter(zone__in=zones, is_superuser=True).update(zone=None)
    # Projects before enterprises (an investor is protected while a project names it), and the change
    # log in one statement rather than row by row through the users' SET_NULL.
    Project.objects.filter(zone__in=zones).delete()
    ChangeRecord.objects.filter(zone__in=zones).delete()
    User.objects.filter(Q(zone__in=zones) | Q(pk__in=demo_users().values("pk"))).delete()
    zones.delete()


def _conflicts() -> list[str]:
    """What a new demo would collide with: zones and accounts that are not the demo's."""
    names = [spec.name for spec in ZONES]
    zones = Zone.objects.filter(Q(code__in=ZONE_CODES) | Q(name__in=names)).values_list("name", "code")
    taken = Q()
    for username in USERNAMES:
        taken |= Q(username__iexact=username)
    users = User.objects.filter(taken).values_list("username", flat=True)
    return [f"园区 {name}({code})" for name, code in zones] + [f"用户名 {username}" for username in users]


def _exposed() -> list[str]:
    """Real zones the demo's viewers (whose password is published) would be able to read."""
    province = Division.objects.get(code=DEMO_DIVISION_ROOT)
    real = Zone.objects.filter(zones_under_division(province)).exclude(pk__in=demo_zones().values("pk"))
    return list(real.values_list("name", flat=True)[:5])


def build_demo(*, today: date | None = None) -> None:
    today = today or timezone.localdate()
    conflicts = _conflicts()
    if conflicts:
        raise DemoConflict(MSG_TAKEN.format(names="、".join(conflicts)))
    exposed = _exposed()
    if exposed:
        raise DemoConflict(MSG_EXPOSED.format(names="、".join(exposed)))
    # The library "opens" a little over three years ago: the zones, teams and enterprises already there.
    opened = shift(today, -3) - timedelta(days=60)
    clock, ref, password = DemoClock(), Reference(), demo_password_hash()
    with transaction.atomic(), change_source(ChangeSource.DEMO, ref="load_demo"):
        with clock.on(opened):
            built = [build_zone(spec, password_hash=password, joined=opened, year=today.year,
                                rng=random.Random(f"{RANDOM_SEED}:{spec.code}:people")) for spec in ZONES]
            build_viewers(password_hash=password, rng=random.Random(f"{RANDOM_SEED}:viewers"))
        for zone in built:
            _write_zone(zone, today=today, opened=opened, clock=clock, ref=ref)
        for zone in built:
            build_work(zone.zone, today=today, clock=clock, rng=random.Random(f"{RANDOM_SEED}:{zone.zone.code}:work"))
        build_province_scorecard([zone.zone for zone in built], today=today, clock=clock)
        for zone in built:
            build_evaluation(zone.zone, today=today, clock=clock,
                             rng=random.Random(f"{RANDOM_SEED}:{zone.zone.code}:evaluation"))


def _write_zone(built: DemoZone, *, today: date, opened: date, clock: DemoClock, ref: Reference) -> None:
    code = built.zone.code
    rng = random.Random(f"{RANDOM_SEED}:{code}")
    planner = ArticlePlanner(ARTICLES[code], built, today=today, opened=opened, ref=ref, rng=rng)
    seed_projects, seed_firms, visits = planner.plans()
    generated, in_zone = Generator(built, PROFILES[code], today=today, opened=opened, ref=ref, rng=rng).plans()
    writer = Writer(built.zone, clock)
    for firm in sorted(seed_firms + in_zone, key=attrgetter("since")):
        writer.firm(firm)
    # In the order they were entered, so project numbers run with the dates (QDKFQ-2025-0001 first).
    for plan in sorted(seed_projects + generated, key=attrgetter("entered")):
        writer.project(plan)
    for firm, step in visits:
        writer.firm_talk(firm, step)


@transaction.atomic
def reset_demo(*, today: date | None = None) -> None:
    delete_demo()
    build_demo(today=today)


def counts() -> dict[str, int]:
    zones = demo_zones()
    return {
        "园区": zones.count(),
        "用户": demo_users().count(),
        "企业": Enterprise.objects.filter(zone__in=zones).count(),
        "项目": Project.objects.filter(zone__in=zones).count(),
        "阶段事件": StageEvent.objects.filter(project__zone__in=zones).count(),
        "对接记录": Interaction.objects.filter(zone__in=zones).count(),
        "变更记录": ChangeRecord.objects.filter(zone__in=zones).count(),
    }


def logins() -> list[Login]:
    order = {username: index for index, username in enumerate(USERNAMES)}
    users = demo_users().select_related("zone", "division")
    return [
        Login(user.username, user.full_name, str(user.get_role_display()),
              user.zone.name if user.zone else user.division.full_name if user.division else "")
        for user in sorted(users, key=lambda user: order[user.username])
    ]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def format_logins(rows: list[Login], *, url: str) -> str:
    """The table printed after loading: Chinese characters take two columns in a terminal."""
    table = [("用户名", "姓名", "角色", "园区/范围")] + [(r.username, r.full_name, r.role, r.scope) for r in rows]
    widths = [max(_width(row[column]) for row in table) for column in range(4)]
    lines = ["  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(row, widths)).rstrip()
             for row in table]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join([*lines, "", f"以上账号的密码均为：{DEMO_PASSWORD}", f"打开 {url} 登录。"])
