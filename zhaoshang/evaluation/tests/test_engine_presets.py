"""The three shipped presets on small hand-computed examples. Each test states its arithmetic; scores are
rounded half-up to 2 decimals and a total is the sum of its rounded scores (score.py's docstring)."""

from dataclasses import replace

import pytest

from zhaoshang.evaluation.engine.data import LEASED, DataRecord, Dataset
from zhaoshang.evaluation.engine.presets import HUAIAN_2024, HUANGYAN_2022, JINGDE_MINMAX
from zhaoshang.evaluation.engine.score import OUT, RATED, evaluate


def firm(code: str, year: int, *, above: bool = True, land: float = 10.0, revenue: float = 1000.0,
         tax: float = 100.0, **figures) -> DataRecord:
    return DataRecord(credit_code=code, name=f"企业{code}", year=year, above_scale=above, land_mu=land,
                      revenue=revenue, tax=tax, **figures)


def rows_by_code(outcome) -> dict[str, dict]:
    return {row["credit_code"]: row for row in outcome.rows()}


def scores(row: dict) -> dict[str, float]:
    return {key: cell["score"] for key, cell in row["indicators"].items()}


# --------------------------------------------------------------------------------------------- 黄岩 2022


def huangyan_2022_data() -> Dataset:
    return Dataset.from_records([
        firm("E1", 2022, land=20, revenue=8000, tax=600, value_added=2000, energy_tce=800, emissions=0.5,
             employees=100, rd=300),
        # No emissions figure (→ average score of the indicator) and energy 0 (→ missing, scores 0).
        firm("E2", 2022, land=8, revenue=5000, tax=96, value_added=1200, energy_tce=0, emissions=None,
             employees=60, rd=50),
        firm("E3", 2022, land=50, revenue=18000, tax=2000, value_added=9000, energy_tce=1500, emissions=1.5,
             employees=300, rd=540),
        firm("S1", 2022, above=False, land=5, revenue=400, tax=40, electricity=200),
        firm("S2", 2022, above=False, land=4, revenue=200, tax=10, electricity=50),
    ])


def test_huangyan_2022_above_scale_fixed_benchmarks():
    rows = rows_by_code(evaluate(huangyan_2022_data(), HUANGYAN_2022, 2022))
    # E1: tax/mu = 600/20 = 30.0 → 30 × 30.0/24.097 = 37.349 → 37.35
    #     VA/mu = 2000/20 = 100.0 → 20 × 100/136.16 = 14.689 → 14.69
    #     VA/energy = 2000/800 = 2.5 → 20 × 2.5/2.694 = 18.560 → 18.56
    #     VA/emission = 2000/0.5 = 4000 → 10 × 4000/4929.81 = 8.114 → 8.11
    #     productivity = 2000/100 = 20 → 10 × 20/18.14 = 11.025 → 11.03
    #     R&D = 300/8000 = 3.75 % → 10 × 3.75/3.02 = 12.417 → 12.42
    #     total = 37.35 + 14.69 + 18.56 + 8.11 + 11.03 + 12.42 = 102.16
    e1 = rows["E1"]
    assert e1["indicators"]["tax_per_mu"]["value"] == pytest.approx(30.0)
    assert e1["indicators"]["rd_intensity"]["value"] == pytest.approx(3.75)
    assert scores(e1) == {"tax_per_mu": 37.35, "value_added_per_mu": 14.69, "value_added_per_energy": 18.56,
                          "value_added_per_emission": 8.11, "labour_productivity": 11.03, "rd_intensity": 12.42}
    assert e1["total"] == pytest.approx(102.16)
    # E3: 40 → 30 × 40/24.097 = 49.80; 180 → 20 × 180/136.16 = 26.44; 6 → 20 × 6/2.694 = 44.54;
    #     6000 → 10 × 6000/4929.81 = 12.17; 30 → 10 × 30/18.14 = 16.54; 3 % → 10 × 3/3.02 = 9.93
    #     total = 159.42 (no cap in 黄岩: tax/mu alone scores more than its weight of 30)
    assert scores(rows["E3"])["tax_per_mu"] == 49.80
    assert rows["E3"]["total"] == pytest.approx(159.42)


def test_huangyan_2022_missing_emissions_score_the_average_and_zero_energy_scores_zero():
    outcome = evaluate(huangyan_2022_data(), HUANGYAN_2022, 2022)
    e2 = rows_by_code(outcome)["E2"]
    # VA/emission: E2 has no figure; those who have it scored 8.114 (E1) and 12.171 (E3):
    # average = (8.114 + 12.171)/2 = 10.142 → 10.14, marked as imputed.
    assert e2["indicators"]["value_added_per_emission"] == {"value": None, "score": 10.14, "imputed": True}
    assert outcome.benchmarks["above"]["value_added_per_emission"].average_score == 10.14
    # VA/energy: energy 0 is a zero denominator → missing → the zero rule of that indicator → 0.
    assert e2["indicators"]["value_added_per_energy"] == {"value": None, "score": 0.0, "imputed": True}
    # tax/mu = 96/8 = 12 → 30 × 12/24.097 = 14.94; VA/mu = 150 → 20 × 150/136.16 = 22.03;
    # productivity = 1200/60 = 20 → 11.03; R&D = 50/5000 = 1 % → 10 × 1/3.02 = 3.31
    # total = 14.94 + 22.03 + 0 + 10.14 + 11.03 + 3.31 = 61.45
    assert e2["total"] == pytest.approx(61.45)


def test_huangyan_2022_ranks_and_classes_of_three_above_scale_units():
    rows = rows_by_code(evaluate(huangyan_2022_data(), HUANGYAN_2022, 2022))
    # 3 units, shares 20/40/35/5: A ≤ floor(0.6) = 0, A+B ≤ floor(1.8) = 1, A+B+C ≤ floor(2.85) = 2.
    # Order E3 159.42 > E1 102.16 > E2 61.45 → B, C, D.
    assert [(rows[c]["rank"], rows[c]["class"]) for c in ("E3", "E1", "E2")] == [(1, "B"), (2, "C"), (3, "D")]
    # Percentile = share scoring strictly lower: E3 2/3 = 66.7, E1 1/3 = 33.3, E2 0.
    assert [rows[c]["percentile"] for c in ("E3", "E1", "E2")] == [66.7, 33.3, 0.0]
    assert all(rows[c]["rank_of"] == 3 for c in ("E1", "E2", "E3"))


def test_huangyan_2022_below_scale_tax_per_mu_and_tax_per_kwh():
    rows = rows_by_code(evaluate(huangyan_2022_data(), HUANGYAN_2022, 2022))
    # S1: tax/mu = 40/5 = 8 → 50 × 8/11.5932 = 34.503 → 34.50
    #     tax per kWh = 40 万元 ÷ 200 万千瓦时 = 0.2 元/kWh → 50 × 0.2/0.2352 = 42.517 → 42.52
    #     total = 77.02
    s1 = rows["S1"]
    assert s1["group"] == "below"
    assert s1["indicators"]["tax_per_kwh"]["value"] == pytest.approx(0.2)
    assert scores(s1) == {"tax_per_mu": 34.50, "tax_per_kwh": 42.52}
    assert s1["total"] == pytest.approx(77.02)
    # S2: 10/4 = 2.5 → 50 × 2.5/11.5932 = 10.78; 10/50 = 0.2 元/kWh → 42.52; total 53.30.
    # 2 units: A ≤ 0, A+B ≤ floor(1.2) = 1, A+B+C ≤ floor(1.9) = 1 → S1 B, S2 D.
    assert rows["S2"]["total"] == pytest.approx(53.30)
    assert (s1["class"], rows["S2"]["class"]) == ("B", "D")
    assert s1["rank_of"] == 2  # 规下 units are ranked among themselves


# --------------------------------------------------------------------------------------------- 淮安 2024


def huaian_previous() -> Dataset:
    """2023: the zone's averages that set 2024's benchmarks."""
    return Dataset.from_records([
        firm("P1", 2023, land=10, tax=100, revenue=1000, energy_tce=50),
        firm("P2", 2023, land=30, tax=200, revenue=5000, energy_tce=150),
        firm("Q1", 2023, above=False, land=5, tax=10, revenue=200, energy_tce=10),
        firm("Q2", 2023, above=False, land=15, tax=30, revenue=600, energy_tce=20),
    ])


def huaian_2024_data() -> Dataset:
    return Dataset.from_records([
        firm("A1", 2024, land=10, tax=120, revenue=2400, energy_tce=40, tags=("高新技术企业",)),
        # No energy figure: electricity 100 万千瓦时 × 1.229 = 122.9 吨标煤 stands in for it.
        firm("A2", 2024, land=5, tax=200, revenue=1000, electricity=100,
             tags=("高新技术企业", "专精特新", "安全环保处罚")),
        firm("A3", 2024, land=20, tax=60, revenue=3000, energy_tce=60, parcel_code="G1"),
        # A tenant on A3's parcel: its own (much better) figures and its tag do not count.
        firm("T1", 2024, land=2, tax=500, revenue=5000, energy_tce=10, parcel_code="G1", tenure=LEASED,
             tags=("高新技术企业",)),
        firm("A4", 2024, land=10, tax=20, revenue=1000, energy_tce=20, electricity=100),
        # A tenant on a parcel whose owner is not in the data: rated alone.
        firm("T2", 2024, land=4, tax=40, revenue=800, energy_tce=20, parcel_code="G2", tenure=LEASED),
        firm("B1", 2024, above=False, land=10, tax=20, revenue=400, energy_tce=10),
    ])


def test_huaian_2024_benchmarks_are_twice_last_years_zone_average():
    outcome = evaluate(huaian_2024_data(), HUAIAN_2024, 2024, previous=huaian_previous())
    above, below = outcome.benchmarks["above"], outcome.benchmarks["below"]
    # The zone average is total over total (全区合计): 2023 规上 tax/mu = (100 + 200)/(10 + 30) = 7.5 → × 2 = 15;
    # sales/mu = 6000/40 = 150 → 300; tax/energy = 300/(50 + 150) = 1.5 → 3.
    assert above["tax_per_mu"].value == pytest.approx(15.0)
    assert above["sales_per_mu"].value == pytest.approx(300.0)
    assert above["tax_per_energy_or_electricity"].value == pytest.approx(3.0)
    assert above["tax_per_mu"].basis == "上年(2023)全区平均值 7.5 × 2"
    # 规下: tax/mu = 40/20 = 2 → 4; sales/mu = 800/20 = 40 → 80; tax/energy = 40/30 = 1.333 → 2.667.
    assert below["tax_per_mu"].value == pytest.approx(4.0)
    assert below["sales_per_mu"].value == pytest.approx(80.0)
    assert below["tax_per_energy_or_electricity"].value == pytest.approx(80 / 30)
    assert outcome.warnings == []


def test_huaian_2024_scores_cap_and_bonus():
    rows = rows_by_code(evaluate(huaian_2024_data(), HUAIAN_2024, 2024, previous=huaian_previous()))
    # A1: tax/mu 12 → 45 × 12/15 = 36.00; sales/mu 240 → 35 × 240/300 = 28.00; tax/energy 120/40 = 3
    #     → 20 × 3/3 = 20.00; 84.00 + 3 (高新技术企业) = 87.00
    a1 = rows["A1"]
    assert scores(a1) == {"tax_per_mu": 36.0, "sales_per_mu": 28.0, "tax_per_energy_or_electricity": 20.0}
    assert (a1["bonus"], a1["total"]) == (3.0, 87.0)
    assert a1["bonuses"] == [{"label": "高新技术企业", "points": 3.0}]
    # A2: tax/mu 200/5 = 40 → 45 × 40/15 = 120, capped at 2 × 45 = 90.00;
    #     sales/mu 200 → 35 × 200/300 = 23.33; tax/energy = 200/122.9 = 1.627 → 20 × 1.627/3 = 10.85
    #     bonus: +3 +2 = 5 (the cap is 5), penalty −5 → 0; total = 90 + 23.33 + 10.85 + 0 = 124.18
    a2 = rows["A2"]
    assert a2["indicators"]["tax_per_mu"]["value"] == pytest.approx(40.0)
    assert scores(a2) == {"tax_per_mu": 90.0, "sales_per_mu": 23.33, "tax_per_energy_or_electricity": 10.85}
    assert a2["indicators"]["tax_per_energy_or_electricity"]["value"] == pytest.approx(200 / 122.9)
    assert (a2["bonus"], a2["total"]) == (0.0, 124.18)
    # B1 (规下, its own benchmarks): 2 → 45 × 2/4 = 22.50; 40 → 35 × 40/80 = 17.50; 2 → 20 × 2/2.667 = 15.00
    assert rows["B1"]["total"] == pytest.approx(55.0)


def test_huaian_2024_bonus_cap_limits_bonuses_but_not_penalties():
    spec = replace(HUAIAN_2024, bonus_cap=4.0)
    a2 = rows_by_code(evaluate(huaian_2024_data(), spec, 2024, previous=huaian_previous()))["A2"]
    # +3 +2 = 5 capped at 4, then −5 in full: bonus = −1; total = 124.18 − 1 = 123.18
    assert (a2["bonus"], a2["total"]) == (-1.0, 123.18)


def test_huaian_2024_owner_rule_and_classes():
    rows = rows_by_code(evaluate(huaian_2024_data(), HUAIAN_2024, 2024, previous=huaian_previous()))
    # A3 (owner of G1): 3 → 45 × 3/15 = 9.00; 150 → 35 × 150/300 = 17.50; 1 → 20 × 1/3 = 6.67; total 33.17
    # T1 (tenant on G1) takes A3's scores, total and class; T1's 高新 tag gives A3 nothing.
    assert rows["A3"]["total"] == pytest.approx(33.17)
    t1 = rows["T1"]
    assert (t1["total"], t1["class"], t1["follows"], t1["bonus"]) == (33.17, rows["A3"]["class"], "A3", 0.0)
    assert t1["reason"] == "承租企业, 随宗地主企业A3评价"
    # T2 (no owner on G2): alone. 10 → 30.00; 200 → 23.33; 40/20 = 2 → 20 × 2/3 = 13.33; total 66.66
    assert rows["T2"]["total"] == pytest.approx(66.66) and rows["T2"]["follows"] == ""
    # A4: 2 → 6.00; 100 → 11.67; 1 → 6.67; total 24.34
    assert rows["A4"]["total"] == pytest.approx(24.34)
    # 5 规上 units (T1 shares A3's): A ≤ floor(1.0) = 1, A+B ≤ 3, A+B+C ≤ floor(4.75) = 4.
    # A2 124.18 A; A1 87.00 B; T2 66.66 B; A3 33.17 C (and T1); A4 24.34 D.
    assert {c: rows[c]["class"] for c in ("A2", "A1", "T2", "A3", "T1", "A4")} == {
        "A2": "A", "A1": "B", "T2": "B", "A3": "C", "T1": "C", "A4": "D"}
    assert rows["A1"]["rank_of"] == 5


def test_huaian_2024_shandong_surcharge_for_d_by_years_in_a_row():
    # A4 is D in 2024 and uses 100 万千瓦时; the highest rule reached applies, no stacking:
    # 1 year 0.05 × 100 = 5 万元; 2 years 0.10 × 100 = 10 万元; 3 years 0.15 × 100 = 15 万元.
    cases = [({}, 0.05, 5.0), ({2023: "D"}, 0.10, 10.0), ({2023: "D", 2022: "D"}, 0.15, 15.0),
             ({2023: "D", 2022: "D", 2021: "D"}, 0.15, 15.0)]
    for past, rate, amount in cases:
        outcome = evaluate(huaian_2024_data(), HUAIAN_2024, 2024, previous=huaian_previous(),
                           history={"A4": past})
        a4 = rows_by_code(outcome)["A4"]
        surcharge = [p for p in a4["policies"] if p["name"] == "差别化电价"]
        assert [(p["rate"], p["amount"]) for p in surcharge] == [(rate, amount)], past
        assert a4["streak"] == len(past) + 1
        assert "用地与评优" in [p["name"] for p in a4["policies"]]


# ---------------------------------------------------------------------------------------------- 旌德 极值法


def jingde_data() -> Dataset:
    return Dataset.from_records([
        firm("J1", 2024, land=10, tax=50, revenue=1000, value_added=300, energy_tce=100, rd=30, employees=30),
        firm("J2", 2024, land=20, tax=300, revenue=6000, value_added=1200, energy_tce=200, rd=300, employees=60),
        firm("J3", 2024, land=10, tax=100, revenue=3000, value_added=600, energy_tce=300, rd=60, employees=40),
        firm("K1", 2024, above=False, land=6, tax=12),
        firm("K2", 2024, above=False, land=5, tax=25),
        # Two enterprises on one parcel, 3 亩 each: pooled into one 6 亩 unit (in scope at 5 亩).
        firm("K3", 2024, above=False, land=3, tax=15, parcel_code="G9"),
        firm("K4", 2024, above=False, land=3, tax=21, parcel_code="G9"),
        firm("K5", 2024, above=False, land=4.99, tax=50),
    ])


def test_jingde_minmax_formula():
    rows = rows_by_code(evaluate(jingde_data(), JINGDE_MINMAX, 2024))
    # score = weight × (20 + 80 × (x − min)/(max − min))/100, over this year's rated 规上 units:
    # tax/mu 5, 15, 10 (min 5, max 15): J1 45 × 20/100 = 9; J2 45; J3 45 × (20 + 80 × 5/10)/100 = 27
    # sales/mu 100, 300, 300: J1 20 × 0.2 = 4; J2 20; J3 20
    # VA/energy 3, 6, 2: J1 15 × (20 + 80 × 1/4)/100 = 6; J2 15; J3 15 × 0.2 = 3
    # R&D 3 %, 5 %, 2 %: J1 15 × (20 + 80 × 1/3)/100 = 7.00; J2 15; J3 3
    # productivity 10, 20, 15: J1 5 × 0.2 = 1; J2 5; J3 5 × (20 + 80 × 0.5)/100 = 3
    assert scores(rows["J1"]) == {"tax_per_mu": 9.0, "sales_per_mu": 4.0, "value_added_per_energy": 6.0,
                                  "rd_intensity": 7.0, "labour_productivity": 1.0}
    assert scores(rows["J3"]) == {"tax_per_mu": 27.0, "sales_per_mu": 20.0, "value_added_per_energy": 3.0,
                                  "rd_intensity": 3.0, "labour_productivity": 3.0}
    # totals: J1 27.00, J2 100.00, J3 56.00. Shares 25/45/25/5 on 3 units: A ≤ floor(0.75) = 0,
    # A+B ≤ floor(2.1) = 2, A+B+C ≤ floor(2.85) = 2 → J2 B, J3 B, J1 D.
    assert [(rows[c]["total"], rows[c]["class"]) for c in ("J1", "J2", "J3")] == [
        (27.0, "D"), (100.0, "B"), (56.0, "B")]


def test_jingde_pooled_parcel_and_five_mu_scope():
    outcome = evaluate(jingde_data(), JINGDE_MINMAX, 2024)
    rows = rows_by_code(outcome)
    # K5: 规下 on 4.99 亩 < 5 亩 → out of scope.
    assert (rows["K5"]["status"], rows["K5"]["class"]) == (OUT, "")
    # K3 + K4 pooled: land 3 + 3 = 6 亩 (≥ 5), tax 15 + 21 = 36 → 6 万元/亩.
    # 规下 tax/mu: K1 12/6 = 2, K2 25/5 = 5, pool 6 (min 2, max 6), weight 100:
    # K1 100 × 20/100 = 20; K2 100 × (20 + 80 × 3/4)/100 = 80; pool 100.
    assert [rows[c]["total"] for c in ("K1", "K2", "K3", "K4")] == [20.0, 80.0, 100.0, 100.0]
    assert rows["K3"]["indicators"]["tax_per_mu"]["value"] == pytest.approx(6.0)
    assert rows["K3"]["unit"] == rows["K4"]["unit"] and rows["K3"]["status"] == RATED
    # The pool counts once: 3 规下 units; A ≤ 0, A+B ≤ 2 → pool B (both members), K2 B, K1 D.
    assert [rows[c]["class"] for c in ("K1", "K2", "K3", "K4")] == ["D", "B", "B", "B"]
    assert rows["K3"]["rank_of"] == 3 and rows["K3"]["rank"] == 1
    assert outcome.counts()["below"] == {"B": 3, "D": 1, "out": 1}


def test_jingde_minmax_when_everyone_has_the_same_value():
    # R&D is 2 % for both: max == min, no spread to grade on, so both take the full weight 15
    # (nobody is behind anybody). tax/mu 10 and 20: 45 × 20/100 = 9 and 45.
    data = Dataset.from_records([
        firm("M1", 2024, land=10, tax=100, revenue=1000, value_added=100, energy_tce=10, rd=20, employees=10),
        firm("M2", 2024, land=10, tax=200, revenue=1000, value_added=100, energy_tce=10, rd=20, employees=10),
    ])
    outcome = evaluate(data, JINGDE_MINMAX, 2024)
    rows = rows_by_code(outcome)
    assert [rows[c]["indicators"]["rd_intensity"]["score"] for c in ("M1", "M2")] == [15.0, 15.0]
    assert [rows[c]["indicators"]["tax_per_mu"]["score"] for c in ("M1", "M2")] == [9.0, 45.0]
    bench = outcome.benchmarks["above"]["rd_intensity"]
    assert (bench.minimum, bench.maximum, bench.value) == (2.0, 2.0, None)
