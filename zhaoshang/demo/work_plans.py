"""The demo's year of work after its projects exist: construction plans with monthly investment and nodes,
FDI arrivals, the zones' target plans (启东's are the ones its article announces), a team scorecard, the
province's zone scorecard, and a 督办 scan — all through the services, dated as they would have been kept."""

import random
from pathlib import Path
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from zhaoshang.accounts.models import Role
from zhaoshang.assessment import services as assessment
from zhaoshang.assessment.models import Scorecard
from zhaoshang.construction import services as construction
from zhaoshang.demo.clock import DemoClock
from zhaoshang.geo.models import Division
from zhaoshang.intelligence.services import article_submit
from zhaoshang.organisation.models import Team, Zone
from zhaoshang.projects.choices import Channel, MajorLevel, ProjectStatus, Stage
from zhaoshang.projects.models import Project
from zhaoshang.targets import services as targets
from zhaoshang.targets.choices import Granularity, Metric, ScorecardScope

BUILDING = (Stage.LAND_SUPPLIED, Stage.STARTED, Stage.COMPLETED)
PROVINCE_CARD = "全省开发区招商引资季度考核(演示)"
NODE_NAMES = ("完成桩基施工", "主体结构封顶", "设备进场安装", "竣工验收")

# (name, metric, stage, min 万元, or 万美元, granularity, values): 启东's year as its article states it, and a
# 亭湖 plan of the same shape. Quarterly values are the article's Q1 figure and an even split of the rest.
ZONE_TARGETS = {
    "QDKFQ": [
        ("新签约亿元以上项目", Metric.STAGE_COUNT, Stage.SIGNED, 10000, None, Granularity.QUARTER, [6, 8, 8, 8]),
        ("其中: 5亿元以上项目", Metric.STAGE_COUNT, Stage.SIGNED, 50000, None, Granularity.YEAR, [10]),
        ("新签约总投资3000万美元以上项目", Metric.STAGE_COUNT, Stage.SIGNED, None, 3000, Granularity.YEAR, [4]),
        ("实际利用外资(万美元)", Metric.FDI, "", None, None, Granularity.QUARTER, [2000, 2000, 2000, 2000]),
        ("新开工项目", Metric.STAGE_COUNT, Stage.STARTED, None, None, Granularity.YEAR, [25]),
        ("新开工亿元以上项目", Metric.STAGE_COUNT, Stage.STARTED, 10000, None, Granularity.QUARTER, [4, 4, 3, 3]),
        ("其中: 5亿元以上项目", Metric.STAGE_COUNT, Stage.STARTED, 50000, None, Granularity.QUARTER, [4, 2, 1, 1]),
        ("重大项目投资完成率(%)", Metric.MAJOR_COMPLETION_RATE, "", None, None, Granularity.YEAR, [100]),
        ("新增项目信息", Metric.LEADS, "", None, None, Granularity.YEAR, [60]),
        ("走访对接(次)", Metric.INTERACTIONS, "", None, None, Granularity.YEAR, [300]),
    ],
    "THKFQ": [
        ("新签约亿元以上项目", Metric.STAGE_COUNT, Stage.SIGNED, 10000, 1000, Granularity.QUARTER, [8, 10, 10, 12]),
        ("新签约总投资(万元)", Metric.STAGE_INVESTMENT, Stage.SIGNED, None, None, Granularity.YEAR, [2000000]),
        ("新开工亿元以上项目", Metric.STAGE_COUNT, Stage.STARTED, 10000, None, Granularity.QUARTER, [10, 12, 12, 12]),
        ("链式招商签约项目", Metric.STAGE_COUNT, Stage.SIGNED, None, None, Granularity.YEAR, [10]),
        ("实际利用外资(万美元)", Metric.FDI, "", None, None, Granularity.YEAR, [5000]),
        ("重大项目完成投资(万元)", Metric.MAJOR_COMPLETED, "", None, None, Granularity.QUARTER,
         [100000, 150000, 150000, 100000]),
        ("招商推介活动(场)", Metric.PROMOTION_EVENTS, "", None, None, Granularity.YEAR, [12]),
    ],
}


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _values(granularity: str, numbers: list) -> dict[str, Decimal]:
    if granularity == Granularity.QUARTER:
        return {f"Q{index}": Decimal(number) for index, number in enumerate(numbers, start=1)}
    return {"Y": Decimal(numbers[0])}


DEVSET = Path(__file__).resolve().parent.parent / "intelligence" / "devset" / "docs"
# Articles each demo zone has read into 招商情报: its own news and the neighbours' (market intelligence).
ARTICLES = {
    "QDKFQ": [("seed002_plan_qidong.txt", "启东经济开发区2021年工作要点", date(2021, 3, 1)),
              ("seed000_spun_qidong.txt", "启东经开区开年项目建设冲锋号吹响(转载)", date(2024, 1, 5)),
              ("seed001_traditional_tinghu.txt", "亭湖区重大项目建设持续升温", date(2023, 10, 15)),
              ("competitor_hefei.txt", "合肥经开区招商动态", None)],
    "THKFQ": [("seed001_traditional_tinghu.txt", "亭湖区重大项目建设持续升温", date(2023, 10, 15)),
              ("h1_report_rugao.txt", "如皋经开区上半年招商成绩单", None)],
}


def _articles(zone: Zone, officer, *, today: date, clock: DemoClock) -> None:
    for file_name, title, published in ARTICLES[zone.code]:
        path = DEVSET / file_name
        if not path.exists():
            continue
        with clock.on(today - timedelta(days=3)):
            article_submit(zone=zone, by=officer, text=path.read_text(encoding="utf-8"), title=title,
                           source="演示文章", published_on=published, file_name=file_name)


def build_work(zone: Zone, *, today: date, clock: DemoClock, rng: random.Random) -> None:
    admin = zone.users.filter(role=Role.ZONE_ADMIN).first()
    projects = list(Project.objects.filter(zone=zone, status=ProjectStatus.ACTIVE).select_related("officer")
                    .prefetch_related("events"))
    _construction(zone, projects, today=today, clock=clock, rng=rng)
    _fdi(projects, today=today, clock=clock, rng=rng)
    _targets(zone, admin, today=today, clock=clock)
    _team_scorecard(zone, admin, today=today, clock=clock, rng=rng)
    with clock.on(today):
        construction.supervision_scan(zone=zone, as_of=today, by=admin)
    _articles(zone, zone.users.filter(role=Role.OFFICER).order_by("username").first() or admin, today=today,
              clock=clock)


def _construction(zone, projects, *, today, clock, rng) -> None:
    year = today.year
    for project in projects:
        if project.stage not in BUILDING or not project.officer_id:
            continue
        started = next((event.date for event in project.events.all()
                        if event.stage == Stage.STARTED and event.voided_at is None), None)
        planned = _round(project.total_investment_cny * Decimal(rng.uniform(0.2, 0.45)))
        level = project.major_level or (rng.choice([MajorLevel.CITY, MajorLevel.DISTRICT])
                                        if project.total_investment_cny >= 50000 else "")
        planned_start = None
        if project.stage == Stage.LAND_SUPPLIED:
            planned_start = date(year, rng.randint(max(1, today.month - 4), 12), rng.randint(1, 28))
        with clock.on(date(year, 1, 10)):
            plan = construction.annual_plan_save(project=project, year=year, by=project.officer,
                                                 planned_investment=planned, major_level=level,
                                                 planned_start=planned_start)
        if project.stage == Stage.LAND_SUPPLIED:
            continue
        first = started.month if started and started.year == year else 1
        pace = Decimal(rng.uniform(0.6, 1.25))  # some projects run ahead of time, some behind
        for month in range(first, today.month):
            with clock.on(date(year, month, 28)):
                construction.investment_entry_set(plan=plan, month=month, by=project.officer,
                                                  amount=_round(planned / 12 * pace * Decimal(rng.uniform(0.8, 1.2))))
        base = started or date(year, 1, 15)
        for index, name in enumerate(NODE_NAMES[: 3 if project.stage == Stage.STARTED else 4]):
            planned_date = base + timedelta(days=70 * (index + 1))
            done = planned_date + timedelta(days=rng.randint(-10, 25))
            actual = done if done <= today and rng.random() < 0.8 else None
            with clock.on(min(today, base + timedelta(days=5))):
                node = construction.plan_node_save(project=project, by=project.officer, name=name,
                                                   planned_date=planned_date, responsible=project.officer)
            if actual is not None:  # reported done on the day it was done
                with clock.on(actual):
                    construction.plan_node_save(project=project, by=project.officer, node=node, actual_date=actual)


def _fdi(projects, *, today, clock, rng) -> None:
    for project in projects:
        if not project.is_foreign or not project.officer_id:
            continue
        registered = next((event.date for event in project.events.all()
                           if event.stage == Stage.REGISTERED and event.voided_at is None), None)
        if registered is None:
            continue
        for _ in range(rng.randint(1, 3)):
            when = min(today, registered + timedelta(days=rng.randint(20, 400)))
            with clock.on(when):
                targets.fdi_arrival_create(project=project, by=project.officer, when=when,
                                           amount_usd=_round(project.total_investment / rng.randint(3, 8)))


def _targets(zone, admin, *, today, clock) -> None:
    with clock.on(date(today.year, 1, 8)):
        plan = targets.target_plan_create(zone=zone, by=admin, year=today.year,
                                          name=f"{today.year}年招商引资和项目建设目标任务")
        parents: dict[tuple, object] = {}
        for order, (name, metric, stage, cny, usd, granularity, numbers) in enumerate(ZONE_TARGETS[zone.code], 1):
            parent = parents.get((metric, stage)) if name.startswith("其中") else None
            target = targets.target_create(
                plan=plan, by=admin, values=_values(granularity, numbers), order=order,
                name=name.removeprefix("其中: "), metric=metric,
                stage=stage, granularity=granularity, parent=parent,
                min_investment=Decimal(cny) if cny is not None else None,
                min_investment_usd=Decimal(usd) if usd is not None else None,
                channel=Channel.CHAIN if name.startswith("链式") else "")
            parents.setdefault((metric, stage), target)


def _team_scorecard(zone, admin, *, today, clock, rng) -> None:
    teams = list(Team.objects.filter(zone=zone, is_active=True).order_by("name"))
    with clock.on(date(today.year, 1, 8)):
        card = assessment.scorecard_create(by=admin, scope=ScorecardScope.ZONE_TEAMS, zone=zone, year=today.year,
                                           name=f"{today.year}年招商小组月度考核")
        indicators = [
            assessment.indicator_save(scorecard=card, by=admin, name="新签约项目", weight=Decimal(40), order=1,
                                      metric=Metric.STAGE_COUNT, stage=Stage.SIGNED),
            assessment.indicator_save(scorecard=card, by=admin, name="走访对接", weight=Decimal(30), order=2,
                                      metric=Metric.INTERACTIONS),
            assessment.indicator_save(scorecard=card, by=admin, name="新增项目信息", weight=Decimal(30), order=3,
                                      metric=Metric.LEADS),
        ]
        monthly = {indicators[0].pk: 1, indicators[1].pk: 4, indicators[2].pk: 1}
        assessment.targets_set(scorecard=card, by=admin, values={
            (indicator_id, team.pk, f"M{month:02d}"): Decimal(value)
            for indicator_id, value in monthly.items() for team in teams for month in range(1, 13)})
        if teams:
            assessment.adjustment_create(scorecard=card, by=admin, subject=teams[0], period="M01", points=Decimal(2),
                                         reason="春节期间赴上海拜访重点企业")


def build_province_scorecard(zones: list[Zone], *, today: date, clock: DemoClock) -> None:
    """The province ranks its zones quarterly (a superuser's card: written as the system)."""
    with clock.on(date(today.year, 1, 5)):
        card = assessment.scorecard_create(by=None, scope=ScorecardScope.DIVISION_ZONES,
                                           division=Division.objects.get(code="320000"), year=today.year,
                                           name=f"{today.year}年{PROVINCE_CARD}")
        signed = assessment.indicator_save(scorecard=card, by=None, name="新签约亿元以上项目", weight=Decimal(40),
                                           order=1, metric=Metric.STAGE_COUNT, stage=Stage.SIGNED,
                                           min_investment=Decimal(10000), min_investment_usd=Decimal(1000))
        started = assessment.indicator_save(scorecard=card, by=None, name="新开工亿元以上项目", weight=Decimal(40),
                                            order=2, metric=Metric.STAGE_COUNT, stage=Stage.STARTED,
                                            min_investment=Decimal(10000))
        fdi = assessment.indicator_save(scorecard=card, by=None, name="实际利用外资", weight=Decimal(20), order=3,
                                        metric=Metric.FDI)
        quarterly = {signed.pk: 5, started.pk: 4, fdi.pk: 1000}
        assessment.targets_set(scorecard=card, by=None, values={
            (indicator_id, zone.pk, f"Q{quarter}"): Decimal(value)
            for indicator_id, value in quarterly.items() for zone in zones for quarter in range(1, 5)})


def delete_province_scorecards() -> None:
    """The demo's province card has no zone to go with; it is recognised by its name and its system author."""
    Scorecard.objects.filter(division__code="320000", name__endswith=PROVINCE_CARD, created_by__isnull=True).delete()
