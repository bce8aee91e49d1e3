"""`zhaoshang generate` at a small scale: enterprises spread exactly, five years of 亩均 figures, reproducible."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import F

from zhaoshang.demo import province
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.evaluation.models import EnterpriseYear, Parcel
from zhaoshang.projects.models import Project

TODAY = date(2026, 11, 22)


def _fingerprint():
    zones = province.generated_zones()
    return (
        list(Enterprise.objects.filter(zone__in=zones).order_by("zone__code", "name").values_list("zone__code", "name")),
        list(EnterpriseYear.objects.filter(zone__in=zones).order_by("zone__code", "enterprise__name", "year")
             .values_list("enterprise__name", "year", "revenue", "tax", "land_mu", "parcel__code")),
        list(Project.objects.filter(zone__in=zones).order_by("code").values_list("code", "stage", "total_investment")),
    )


@pytest.mark.django_db
def test_the_generator_spreads_enterprises_and_gives_them_five_years_of_figures():
    counts = province.ProvinceGenerator(zones=3, projects=300, seed=7, today=TODAY, enterprises=120).run(
        progress=lambda message: None)
    zones = province.generated_zones()
    assert counts.projects == Project.objects.filter(zone__in=zones).count() == 300
    assert counts.enterprises == Enterprise.objects.filter(zone__in=zones).count() == 120
    assert all(zone.enterprises.exists() for zone in zones)
    years = EnterpriseYear.objects.filter(zone__in=zones)
    assert counts.enterprise_years == years.count()
    assert set(years.values_list("year", flat=True)) == {2021, 2022, 2023, 2024, 2025}
    # Most firms report every year (some start late); every row sits on a parcel of its own zone.
    assert years.filter(year=2025).count() >= 110
    assert not years.exclude(parcel__zone_id=F("zone_id")).exists()
    assert counts.parcels == Parcel.objects.filter(zone__in=zones).count() > 0
    # Investors are the evaluated enterprises.
    assert set(Project.objects.filter(zone__in=zones).values_list("investor_id", flat=True)) <= set(
        years.values_list("enterprise_id", flat=True))


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_the_command_defaults_to_a_third_of_the_projects():
    call_command("generate", "--zones", "2", "--projects", "90", "--seed", "3", stdout=io.StringIO())
    first = _fingerprint()
    assert len(first[0]) == 30
    call_command("generate", "--zones", "2", "--projects", "90", "--seed", "3", "--reset", stdout=io.StringIO())
    assert _fingerprint() == first


def test_shares_are_proportional_and_exact():
    parts = province.ProvinceGenerator._proportional(100_000, [2000, 1, 997, 3000])
    assert sum(parts) == 100_000 and min(parts) >= 1
    assert parts[0] == pytest.approx(100_000 * 2000 / 5998, abs=1)
