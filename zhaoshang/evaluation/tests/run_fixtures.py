"""A hand-computed zone for the run tests: 启东 in 2023 and 2024 under the 淮安 2024 preset.

淮安 2024: 亩均税收 45, 亩均销售收入 35, 单位能耗税收 20, each benchmark 2 × last year's zone average, each score
capped at 2 × its weight; bonus 高新技术企业 +3; A/B/C/D = 20/40/35/5 % of each group's rated units.

2023 (规上: five enterprises on 20 亩 each; 2022 has no data, so 2023's own averages are its benchmarks):
  tax 200 + 150 + 40 + 100 + 10 = 500 万元 on 100 亩 → 5 万元/亩;  revenue 5000 → 50 万元/亩;
  energy 5 × 50 = 250 吨标煤 → 500 / 250 = 2 万元/吨标煤.
2024 benchmarks (规上) are therefore 10 万元/亩, 100 万元/亩 and 4 万元/吨标煤; 规下 (one enterprise, 5 亩,
tax 10, revenue 100, energy 10): 2 × 2 = 4, 2 × 20 = 40, 2 × 1 = 2.

2024 scores (规上, 10 亩 each):
  一号 tax 250 rev 1500 energy 50: 45 × 25/10 = 112.5 → capped 90; 35 × 150/100 = 52.5; 20 × 5/4 = 25 → 167.5  A
  二号 tax 100 rev 1000 energy 50: 45; 35; 20 × 2/4 = 10                                                 → 90     B
  三号 tax  80 rev  900 energy 40: 36; 31.5; 20 × 2/4 = 10; +3 高新技术企业                              → 80.5   B
  四号 tax  50 rev  600 energy 50: 22.5; 21; 20 × 1/4 = 5                                                 → 48.5   C
  五号 tax  10 rev  200 energy 20: 4.5; 7; 20 × 0.5/4 = 2.5                                               → 14     D
  five rated units: A holds floor(5 × 20%) = 1 place, A+B floor(5 × 60%) = 3, A+B+C floor(5 × 95%) = 4.
  规下 小微 tax 10 rev 100 energy 10 on 5 亩: 45 × 2/4 = 22.5; 35 × 20/40 = 17.5; 20 × 1/2 = 10 → 50, and alone in
  its group it is D: floor(1 × 95%) = 0 places above D.
  新投产 (production began 2024, fewer than 2 years) is T; 小作坊 (规下 on 2 亩, under 3) is out of scope.
2023 classes: 一号 100 A; 二号 75 B; 四号 50 B; 三号 20 + 3 = 23 C; 五号 5 D — so 三号 rises and 四号 falls in 2024.
"""

from decimal import Decimal

import pytest

from zhaoshang.enterprises.models import EnterpriseTag
from zhaoshang.evaluation.engine.data import OWN
from zhaoshang.evaluation.engine.presets import PRESETS
from zhaoshang.evaluation.models import EnterpriseYear, Scheme
from zhaoshang.testing.factories import EnterpriseFactory


def year_row(enterprise, year: int, *, land, tax, revenue, energy=None, electricity=None, above: bool = True,
             production_year: int | None = 2015, parcel=None, tenure: str = OWN, **fields) -> EnterpriseYear:
    return EnterpriseYear.objects.create(
        zone=enterprise.zone, enterprise=enterprise, year=year, above_scale=above, land_mu=Decimal(str(land)),
        tax=Decimal(str(tax)), revenue=Decimal(str(revenue)),
        energy_tce=None if energy is None else Decimal(str(energy)),
        electricity=None if electricity is None else Decimal(str(electricity)),
        production_year=production_year, parcel=parcel, tenure=tenure, **fields)


@pytest.fixture
def huaian(zone) -> Scheme:
    return Scheme.objects.create(zone=zone, name="淮安 2024", preset="huaian-2024",
                                 spec=PRESETS["huaian-2024"].to_dict())


@pytest.fixture
def qidong(zone) -> dict:
    """The enterprises of 启东 with their 2023 and 2024 figures (see the module docstring)."""
    make = lambda name: EnterpriseFactory(zone=zone, name=name, location="in_zone")  # noqa: E731
    e = {key: make(name) for key, name in (
        ("one", "一号精密"), ("two", "二号材料"), ("three", "三号电子"), ("four", "四号机械"), ("five", "五号纺织"),
        ("small", "小微包装"), ("new", "新投产科技"), ("tiny", "小作坊"))}
    for key, tax, revenue in (("one", 200, 2000), ("two", 150, 1500), ("three", 40, 400), ("four", 100, 1000),
                              ("five", 10, 100)):
        year_row(e[key], 2023, land=20, tax=tax, revenue=revenue, energy=50)
    year_row(e["small"], 2023, land=5, tax=10, revenue=100, energy=10, above=False)
    for key, tax, revenue, energy in (("one", 250, 1500, 50), ("two", 100, 1000, 50), ("three", 80, 900, 40),
                                      ("four", 50, 600, 50), ("five", 10, 200, 20)):
        year_row(e[key], 2024, land=10, tax=tax, revenue=revenue, energy=energy,
                 electricity=100 if key == "five" else None)
    year_row(e["small"], 2024, land=5, tax=10, revenue=100, energy=10, above=False)
    year_row(e["new"], 2024, land=30, tax=5, revenue=50, energy=10, production_year=2024)
    year_row(e["tiny"], 2024, land=2, tax=1, revenue=20, energy=1, above=False)
    EnterpriseTag.objects.create(enterprise=e["three"], kind="high_tech", year=2020)
    # Obtained after the evaluated year: no bonus in 2024.
    EnterpriseTag.objects.create(enterprise=e["two"], kind="high_tech", year=2025)
    return e


def result_of(run, enterprise):
    return run.results.get(credit_code=enterprise.credit_code)
