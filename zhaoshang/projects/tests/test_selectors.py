"""The home page's numbers, hand-counted: this year's signings and starts come from stage events."""

from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.core.money import Currency
from zhaoshang.organisation.models import ExchangeRate
from zhaoshang.projects import selectors, services
from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import Interaction, Project
from zhaoshang.testing.factories import EnterpriseFactory

TODAY = date(2024, 6, 30)


@pytest.fixture
def pipeline(zone, officer, other_zone, outsider):
    """启东: four projects; 亭湖: one. Hand count for 2024 up to 06-30 in the docstrings of the tests."""
    ExchangeRate.objects.create(zone=zone, currency=Currency.USD, valid_from=date(2024, 1, 1), rate=Decimal("7"))
    investor = EnterpriseFactory(zone=zone)
    make = lambda name, amount, dates, **kw: services.project_create(  # noqa: E731
        zone=zone, by=officer, name=name, investor=investor, total_investment=Decimal(amount), stage_dates=dates, **kw)
    a = make("A 今年签约并开工", "50000", {Stage.SIGNED: date(2024, 1, 10), Stage.STARTED: date(2024, 3, 31)})
    make("B 去年签约", "30000", {Stage.SIGNED: date(2023, 12, 31)})
    c = make("C 美元项目今年签约", "3000", {Stage.SIGNED: date(2024, 4, 1)}, currency=Currency.USD)
    d = make("D 签约后更正退回", "20000", {Stage.NEGOTIATING: date(2024, 1, 5), Stage.SIGNED: date(2024, 2, 1)})
    services.project_correct_stage(project=d, to_stage=Stage.NEGOTIATING, reason="签约误录", by=officer)
    services.project_change_status(project=Project.objects.get(pk=d.pk), event=Stage.DROPPED,
                                   when=date(2024, 5, 1), reason="落户其他地区", by=officer)
    services.interaction_create(zone=zone, project=a, by=officer, kind="visit", date=date(2024, 2, 2),
                                people="x", notes="y")
    services.interaction_create(zone=zone, project=a, by=officer, kind="call", date=date(2023, 11, 2),
                                people="x", notes="y")
    services.project_create(zone=other_zone, by=outsider, name="亭湖签约", investor=EnterpriseFactory(zone=other_zone),
                            total_investment=Decimal("1000000"), stage_dates={Stage.SIGNED: date(2024, 2, 2)})
    return a, c


def test_this_years_signings_starts_and_pipeline_are_counted_from_events(officer, pipeline):
    """Signed 2024: A (5亿) and C (3000万美元 × 7 = 21000万元) — not B (2023), not D (voided), not 亭湖.
    Started: A. Active: A, B, C (D dropped). Interactions in 2024: one."""
    projects = selectors.visible_projects(officer)
    figures = selectors.year_figures(projects, Interaction.objects.visible_to(officer), 2024, TODAY)
    assert (figures.signed_count, figures.signed_total) == (2, Decimal("71000.00"))
    assert (figures.started_count, figures.started_total) == (1, Decimal("50000.00"))
    assert (figures.active_count, figures.active_total) == (3, Decimal("101000.00"))
    assert figures.interactions == 1


def test_the_funnel_counts_each_project_once_per_stage_reached(officer, pipeline):
    funnel = dict(selectors.stage_funnel(selectors.visible_projects(officer)))
    assert funnel["签约"] == 3 and funnel["开工"] == 1 and funnel["在谈"] == 1  # D's voided 签约 not counted


def test_a_province_viewer_sees_each_zone_on_its_own_row(province_viewer, zone, other_zone, pipeline):
    from zhaoshang.accounts.access import visible_zones

    rows = {row["zone"].code: row for row in selectors.zones_overview(visible_zones(province_viewer), 2024, TODAY)}
    assert rows["QDKFQ"]["signed"]["n"] == 2 and rows["QDKFQ"]["signed"]["total"] == Decimal("71000.00")
    assert rows["THKFQ"]["signed"]["n"] == 1 and rows["THKFQ"]["active"]["n"] == 1


def test_a_project_at_full_production_has_left_the_pipeline(officer, zone, pipeline):
    a, _ = pipeline
    for stage, when in ((Stage.COMPLETED, date(2024, 5, 1)), (Stage.PRODUCING, date(2024, 5, 20)),
                        (Stage.FULL_PRODUCTION, date(2024, 6, 1))):
        services.project_advance_stage(project=a, stage=stage, when=when, by=officer)
    figures = selectors.year_figures(selectors.visible_projects(officer), Interaction.objects.none(), 2024, TODAY)
    assert figures.active_count == 2 and figures.active_total == Decimal("51000.00")  # B and C
