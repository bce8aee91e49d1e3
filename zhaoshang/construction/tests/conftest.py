"""A hand-counted construction year for 启东 (2024), and helpers to build plans, entries and nodes."""

from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.construction.models import AnnualPlan, InvestmentEntry, PlanNode
from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import StageEvent
from zhaoshang.testing.factories import ProjectFactory


def plan(project, year=2024, planned="0", level="", start=None, months=None) -> AnnualPlan:
    record = AnnualPlan.objects.create(zone=project.zone, project=project, year=year,
                                       planned_investment=Decimal(planned), major_level=level, planned_start=start)
    for month, amount in (months or {}).items():
        InvestmentEntry.objects.create(plan=record, month=month, amount=Decimal(amount))
    return record


def started(project, on: date, voided: bool = False) -> StageEvent:
    from django.utils import timezone

    return StageEvent.objects.create(project=project, stage=Stage.STARTED, date=on,
                                     voided_at=timezone.now() if voided else None)


def node(project, planned: date, name="主体封顶", actual=None, **fields) -> PlanNode:
    fields.setdefault("responsible_name", "企业项目经理")
    return PlanNode.objects.create(zone=project.zone, project=project, name=name, planned_date=planned,
                                   actual_date=actual, **fields)


@pytest.fixture
def year_2024(zone, other_zone, officer, team):
    """Plans of 2024 as of 2024-06-30 (time progress 50.0%).

    planned: 10000 + 20000 + 5000 + 15000 + 1000 = 51000 万元
    completed to June: 5000 (July's 500 not yet) + 6000 + 0 + 9000 + 0 = 20000 → 39.2%
    planned to start in 2024: P1, P2, P3, P5 = 4; due by 06-30: P1, P2, P5 = 3; started: P1, P2 = 2 → 50.0%
    """
    make = lambda name, **kw: ProjectFactory(zone=zone, name=name, stage=Stage.SIGNED, stage_date=date(2023, 12, 1),
                                             team=team, officer=officer, **kw)
    p1, p2, p3, p4, p5 = (make(name) for name in ("一号", "二号", "三号", "四号", "五号"))
    plan(p1, planned="10000", level="province", start=date(2024, 3, 1),
         months={1: "1000", 2: "1000", 3: "2000", 6: "1000", 7: "500"})
    started(p1, date(2024, 3, 15))
    plan(p2, planned="20000", level="city", start=date(2024, 5, 10), months={4: "3000", 5: "3000"})
    started(p2, date(2024, 5, 12))
    plan(p3, planned="5000", start=date(2024, 9, 1))
    plan(p4, planned="15000", level="district", months={month: "1500" for month in range(1, 7)})
    started(p4, date(2023, 11, 1))  # started before the year: building on, not a new start
    plan(p5, planned="1000", start=date(2024, 4, 1))
    started(p5, date(2024, 4, 2), voided=True)  # corrected away: not started
    plan(p1, year=2023, planned="8000", months={12: "8000"})  # another year
    outsider_project = ProjectFactory(zone=other_zone)
    plan(outsider_project, planned="99999", level="province", start=date(2024, 2, 1), months={1: "99999"})
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5}
