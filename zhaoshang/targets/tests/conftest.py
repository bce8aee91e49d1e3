"""A hand-counted 2024 of 启东: projects signed and started around the quarter boundaries, FDI arrivals,
major-project investment and interactions, all made with the project services (construction rows directly).

The hand counts every test relies on (pairing 10:1 unless a test changes it; USD at 7 元):

    signed in 2024          amount (万元 equiv.)   team / officer       counts for
    A  2024-03-31 (Q1)      50000 CNY              一组 / officer       ≥1亿, ≥5亿, 3000万美元 (5亿 ≥ 3亿)
    B  2024-04-01 (Q2)      12000 CNY              一组 / colleague     ≥1亿
    C  2024-02-10 (Q1)      3000万美元 = 21000     二组 / colleague     ≥1亿 (3000 ≥ 1000万美元), 3000万美元
    D  2024-05-20 (Q2)      20000 CNY              二组 / officer       ≥1亿 (3000万美元 only at a pairing ≤ 6.67)
    E  2024-01-15 (Q1)       8000 CNY              一组 / officer       —
    F  2024-06-01 (Q2)      800万美元 = 5600       二组 / officer       — (800 < 1000万美元)
    H  2024-03-15 → corrected to 04-15 (Q2)  15000 一组 / colleague     ≥1亿
    J  2024-01-20 (Q1)      30000 → edited to 35000  二组 / colleague   ≥1亿, 3000万美元
    not counted: G signed 2023-12-31; I signed 2024-02-20 then corrected back to 在谈; 亭湖's project.

    started in 2024: S1 01-10 80000, S2 03-31 100000, S4 02-15 15000 (Q1); S3 04-01 60000 (Q2); S5 03-01 5000.
"""

from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.construction.models import AnnualPlan, InvestmentEntry
from zhaoshang.core.money import Currency
from zhaoshang.organisation.models import ExchangeRate
from zhaoshang.projects import services as project_services
from zhaoshang.projects.choices import InteractionKind, MajorLevel, Stage
from zhaoshang.projects.models import Project
from zhaoshang.targets import services
from zhaoshang.targets.choices import Granularity, Metric
from zhaoshang.testing.factories import EnterpriseFactory, TeamFactory

D = Decimal


@pytest.fixture(autouse=True)
def _targets_urls(settings):
    settings.ROOT_URLCONF = "zhaoshang.targets.tests.urls"


@pytest.fixture
def team2(zone):
    return TeamFactory(zone=zone, name="招商二组")


@pytest.fixture
def make_project(zone, officer):
    def make(name, amount, dates, *, currency=Currency.CNY, by=None, target_zone=None, **fields):
        where = target_zone or zone
        return project_services.project_create(
            zone=where, by=by or officer, name=name, investor=EnterpriseFactory(zone=where),
            total_investment=D(amount), currency=currency, stage_dates=dates, **fields)

    return make


@pytest.fixture
def usd_rate(zone):
    return ExchangeRate.objects.create(zone=zone, currency=Currency.USD, valid_from=date(2023, 1, 1), rate=D("7"))


@pytest.fixture
def signings(zone, officer, colleague, team, team2, usd_rate, make_project, other_zone, outsider):
    """The signings of the table above, by letter."""
    one = {"team": team}
    two = {"team": team2}
    projects = {
        "A": make_project("A 5亿 3月31日签约", 50000, {Stage.SIGNED: date(2024, 3, 31)}, officer=officer, **one),
        "B": make_project("B 1.2亿 4月1日签约", 12000, {Stage.SIGNED: date(2024, 4, 1)}, officer=colleague, **one),
        "C": make_project("C 3000万美元", 3000, {Stage.SIGNED: date(2024, 2, 10)}, currency=Currency.USD,
                          is_foreign=True, officer=colleague, **two),
        "D": make_project("D 2亿", 20000, {Stage.SIGNED: date(2024, 5, 20)}, officer=officer, **two),
        "E": make_project("E 8000万", 8000, {Stage.SIGNED: date(2024, 1, 15)}, officer=officer, **one),
        "F": make_project("F 800万美元", 800, {Stage.SIGNED: date(2024, 6, 1)}, currency=Currency.USD,
                          is_foreign=True, officer=officer, **two),
        "G": make_project("G 去年签约 10亿", 100000, {Stage.SIGNED: date(2023, 12, 31)}, **one),
        "H": make_project("H 签约日期更正", 15000, {Stage.SIGNED: date(2024, 3, 15)}, officer=colleague, **one),
        "I": make_project("I 签约后回退", 60000, {Stage.NEGOTIATING: date(2024, 1, 5), Stage.SIGNED: date(2024, 2, 20)},
                          **two),
        "J": make_project("J 编辑过", 30000, {Stage.SIGNED: date(2024, 1, 20)}, officer=colleague, **two),
    }
    project_services.stage_event_change_date(event=projects["H"].events.get(stage=Stage.SIGNED),
                                             when=date(2024, 4, 15), reason="签约日期录入错误", by=officer)
    project_services.project_correct_stage(project=projects["I"], to_stage=Stage.NEGOTIATING, reason="尚未签约",
                                           by=officer)
    j = Project.objects.get(pk=projects["J"].pk)
    j = project_services.project_update(project=j, by=officer, expected_version=j.version, name="J 编辑过(更名)")
    project_services.project_update(project=j, by=officer, expected_version=j.version, total_investment=D(35000))
    make_project("亭湖 20亿", 200000, {Stage.SIGNED: date(2024, 2, 2)}, by=outsider, target_zone=other_zone)
    return {letter: Project.objects.get(pk=project.pk) for letter, project in projects.items()}


@pytest.fixture
def starts(make_project, team):
    """New starts: S1, S2, S4 in Q1; S3 on 04-01 (Q2); S5 below 1亿."""
    return {
        "S1": make_project("S1 开工 8亿", 80000, {Stage.SIGNED: date(2023, 10, 1), Stage.STARTED: date(2024, 1, 10)},
                           team=team, major_level=MajorLevel.CITY),
        "S2": make_project("S2 开工 10亿", 100000, {Stage.STARTED: date(2024, 3, 31)}),
        "S3": make_project("S3 开工 6亿 4月1日", 60000, {Stage.STARTED: date(2024, 4, 1)}),
        "S4": make_project("S4 开工 1.5亿", 15000, {Stage.STARTED: date(2024, 2, 15)}),
        "S5": make_project("S5 开工 5000万", 5000, {Stage.STARTED: date(2024, 3, 1)}),
    }


@pytest.fixture
def arrivals(signings, officer, other_zone, outsider, make_project):
    """FDI: C 2000 on 03-31 (Q1) and 1500 on 04-01 (Q2), F 500 on 06-20 (Q2) → 2024: 4000万美元.
    Not counted: C's 999 on 2023-12-31 and 亭湖's 5000."""
    c, f = signings["C"], signings["F"]
    for project, when, amount in ((c, date(2024, 3, 31), 2000), (c, date(2024, 4, 1), 1500),
                                  (f, date(2024, 6, 20), 500), (c, date(2023, 12, 31), 999)):
        services.fdi_arrival_create(project=project, by=officer, when=when, amount_usd=D(amount))
    theirs = make_project("亭湖外资", 9000, {Stage.SIGNED: date(2024, 1, 2)}, by=outsider, target_zone=other_zone)
    services.fdi_arrival_create(project=theirs, by=outsider, when=date(2024, 3, 1), amount_usd=D(5000))


@pytest.fixture
def construction(zone, starts):
    """Major projects' 2024 plans and monthly completed investment.

    S1 on the 2024 province list (its project field says 市重大: the year's list decides), plan 30000,
    months 1–4: 2000, 3000, 4000, 5000. S2 on the city list (no level on the project), plan 50000,
    months 2 and 5: 6000, 7000. S4 not on a list: 9999 in January. S1's 2023 plan: 1111 in December.
    2024: completed 27000 of 80000 planned; Q1 15000, Q2 12000.
    """
    s1 = AnnualPlan.objects.create(zone=zone, project=starts["S1"], year=2024, planned_investment=D(30000),
                                   major_level=MajorLevel.PROVINCE)
    s2 = AnnualPlan.objects.create(zone=zone, project=starts["S2"], year=2024, planned_investment=D(50000),
                                   major_level=MajorLevel.CITY)
    s4 = AnnualPlan.objects.create(zone=zone, project=starts["S4"], year=2024, planned_investment=D(10000))
    old = AnnualPlan.objects.create(zone=zone, project=starts["S1"], year=2023, planned_investment=D(10000),
                                    major_level=MajorLevel.PROVINCE)
    for plan, month, amount in ((s1, 1, 2000), (s1, 2, 3000), (s1, 3, 4000), (s1, 4, 5000), (s2, 2, 6000),
                                (s2, 5, 7000), (s4, 1, 9999), (old, 12, 1111)):
        InvestmentEntry.objects.create(plan=plan, month=month, amount=D(amount))
    return {"S1": s1, "S2": s2}


@pytest.fixture
def contacts(zone, officer, colleague, signings, other_zone, outsider):
    """2024: a visit on A (01-05) and a promotion event on A (03-31) by the officer; an event on C (04-01) by
    the colleague; a call with an enterprise (06-30) by the officer → 4 interactions, 2 of them events.
    Not counted: a visit on 2023-12-31, 亭湖's visit."""
    a, c = signings["A"], signings["C"]
    rows = [(a, None, InteractionKind.VISIT, date(2024, 1, 5), officer),
            (a, None, InteractionKind.EVENT, date(2024, 3, 31), officer),
            (c, None, InteractionKind.EVENT, date(2024, 4, 1), colleague),
            (None, EnterpriseFactory(zone=zone), InteractionKind.CALL, date(2024, 6, 30), officer),
            (a, None, InteractionKind.VISIT, date(2023, 12, 31), officer)]
    for project, enterprise, kind, when, by in rows:
        project_services.interaction_create(zone=zone, project=project, enterprise=enterprise, by=by, kind=kind,
                                            date=when, people="双方", notes="洽谈")
    project_services.interaction_create(zone=other_zone, enterprise=EnterpriseFactory(zone=other_zone), by=outsider,
                                        kind=InteractionKind.VISIT, date=date(2024, 2, 1), people="x", notes="y")


@pytest.fixture
def year_plan(zone, officer):
    """The issue's year example: “全年新签约亿元以上项目不少于30个, 其中5亿元以上项目不少于10个, 新签约总投资
    3000万美元以上项目不少于4个, 实际利用外资不少于8000万美元”."""
    plan = services.target_plan_create(zone=zone, by=officer, year=2024, name="2024年招商引资目标任务")
    signed = {"metric": Metric.STAGE_COUNT, "stage": Stage.SIGNED}
    big = services.target_create(plan=plan, by=officer, name="新签约亿元以上项目", min_investment=D(10000),
                                 pair_usd=True, values={"Y": D(30)}, **signed)
    services.target_create(plan=plan, by=officer, name="5亿元以上项目", parent=big, min_investment=D(50000),
                           pair_usd=True, values={"Y": D(10)}, **signed)
    services.target_create(plan=plan, by=officer, name="新签约总投资3000万美元以上项目", min_investment_usd=D(3000),
                           values={"Y": D(4)}, **signed)
    services.target_create(plan=plan, by=officer, name="实际利用外资", metric=Metric.FDI, values={"Y": D(8000)})
    return plan


@pytest.fixture
def q1_plan(zone, officer):
    """The issue's quarter example: “一季度确保新开工5亿元以上项目4个、亿元以上项目4个”."""
    plan = services.target_plan_create(zone=zone, by=officer, year=2024, name="2024年一季度项目建设任务")
    for name, amount in (("新开工5亿元以上项目", 50000), ("新开工亿元以上项目", 10000)):
        services.target_create(plan=plan, by=officer, name=name, comparator="确保", metric=Metric.STAGE_COUNT,
                               stage=Stage.STARTED, min_investment=D(amount), granularity=Granularity.QUARTER,
                               values={"Q1": D(4)})
    return plan
