"""Scope (N 亩, T), parcel rules, classes at share boundaries and by thresholds, forced D, missing values
and caps — each on a small hand-computed example."""

from dataclasses import replace

import pytest

from zhaoshang.evaluation.engine.data import LEASED, DataRecord, Dataset
from zhaoshang.evaluation.engine.presets import HUANGYAN_2022, JINGDE_MINMAX
from zhaoshang.evaluation.engine.scheme import (
    ABOVE, BELOW, OWNER, POOLED, SEPARATE, THRESHOLDS, BonusSpec, ForcedRule, IndicatorSpec, SchemeSpec,
)
from zhaoshang.evaluation.engine.score import NOT_RATED, OUT, RATED, evaluate, round_half_up


def firm(code: str, *, above: bool = True, land: float = 10.0, revenue: float = 1000.0, tax: float = 100.0,
         year: int = 2022, **figures) -> DataRecord:
    return DataRecord(credit_code=code, name=f"企业{code}", year=year, above_scale=above, land_mu=land,
                      revenue=revenue, tax=tax, **figures)


def rows_by_code(outcome) -> dict[str, dict]:
    return {row["credit_code"]: row for row in outcome.rows()}


# One indicator, tax per mu, weight 100, benchmark 10 万元/亩: score = 100 × (tax/land)/10, so on 10 亩
# an enterprise's total equals its tax — class tests can read their totals straight off the data.
TAX_ONLY = SchemeSpec(
    name="测试: 只看亩均税收",
    indicators=(IndicatorSpec("tax_per_mu", ABOVE, 100, value=10.0),
                IndicatorSpec("tax_per_mu", BELOW, 100, value=10.0)),
)


def classes_for(taxes: list[float], spec: SchemeSpec = TAX_ONLY) -> list[str]:
    data = Dataset.from_records([firm(f"C{i:02d}", tax=tax) for i, tax in enumerate(taxes)])
    outcome = evaluate(data, spec, 2022)
    return list(outcome.klass)


# -------------------------------------------------------------------------------------------- scope


def test_below_scale_needs_three_mu_and_above_scale_is_always_in():
    data = Dataset.from_records([
        firm("S299", above=False, land=2.99), firm("S300", above=False, land=3.00),
        firm("BIG", above=True, land=0.5),
    ])
    rows = rows_by_code(evaluate(data, HUANGYAN_2022, 2022))
    # 2.99 < 3 → out; 3.00 ≥ 3 → in; 规上 on 0.5 亩 → in (规上 are all evaluated).
    assert (rows["S299"]["status"], rows["S299"]["class"], rows["S299"]["reason"]) == (
        OUT, "", "规下企业用地2.99亩, 不足3亩")
    assert rows["S300"]["status"] == RATED and rows["BIG"]["status"] == RATED
    assert rows["S299"]["total"] is None and rows["S299"]["indicators"] == {}


def test_a_scheme_with_five_mu():
    spec = replace(HUANGYAN_2022, below_scale_min_mu=5.0)
    data = Dataset.from_records([firm("S499", above=False, land=4.99), firm("S500", above=False, land=5.0)])
    rows = rows_by_code(evaluate(data, spec, 2022))
    assert rows["S499"]["status"] == OUT and rows["S499"]["reason"] == "规下企业用地4.99亩, 不足5亩"
    assert rows["S500"]["status"] == RATED


def test_a_scheme_for_above_scale_only():
    spec = replace(TAX_ONLY, include_below_scale=False, indicators=TAX_ONLY.indicators_of(ABOVE))
    rows = rows_by_code(evaluate(Dataset.from_records([firm("S", above=False, land=50), firm("A")]), spec, 2022))
    assert (rows["S"]["status"], rows["S"]["reason"]) == (OUT, "方案只评价规上企业")
    assert rows["A"]["status"] == RATED


def test_t_enterprises_are_shown_as_t_and_not_counted():
    # 黄岩 2022: not rated when fewer than 2 years in production, i.e. production began after 2022 − 2 = 2020.
    data = Dataset.from_records([
        firm("POWER", industry_code="4411", tax=900),  # 电力生产: a utility
        firm("WATER", industry_code="4610"),  # 自来水生产和供应
        firm("GAS", industry_code="D4511"),  # 燃气生产和供应, given with its 门类 letter
        firm("Y2021", production_year=2021, tax=900),  # 2021 → T (only 2022 behind it)
        firm("Y2020", production_year=2020, tax=100),  # 2020 → rated (boundary year)
        firm("BUILD", under_construction=True, tax=900),
        firm("PLAIN", industry_code="2612", tax=50),  # 化工: rated
    ])
    outcome = evaluate(data, TAX_ONLY, 2022)
    rows = rows_by_code(outcome)
    assert {code: (rows[code]["status"], rows[code]["class"], rows[code]["reason"])
            for code in ("POWER", "WATER", "GAS", "Y2021", "BUILD")} == {
        "POWER": (NOT_RATED, "T", "公用事业企业(电力、热力、燃气及水)"),
        "WATER": (NOT_RATED, "T", "公用事业企业(电力、热力、燃气及水)"),
        "GAS": (NOT_RATED, "T", "公用事业企业(电力、热力、燃气及水)"),
        "Y2021": (NOT_RATED, "T", "2021年投产, 不满2年"),
        "BUILD": (NOT_RATED, "T", "主体项目在建"),
    }
    assert rows["POWER"]["total"] is None and rows["POWER"]["rank"] is None
    # Only Y2020 (100) and PLAIN (50) are ranked: T enterprises take no place in the shares.
    assert (rows["Y2020"]["rank"], rows["Y2020"]["rank_of"], rows["PLAIN"]["rank"]) == (1, 2, 2)
    assert outcome.counts()["above"] == {"T": 5, "B": 1, "D": 1}


# -------------------------------------------------------------------------------------- parcel rules


def parcel_data() -> Dataset:
    return Dataset.from_records([
        firm("OWN", land=10, tax=100, parcel_code="G1"),
        firm("TEN", land=30, tax=100, parcel_code="G1", tenure=LEASED, tags=("x",)),
        firm("Q", land=10, tax=80),
        firm("R", land=10, tax=30),
    ])


def test_separate_rule_rates_everyone_on_a_parcel_alone():
    rows = rows_by_code(evaluate(parcel_data(), replace(TAX_ONLY, parcel_rule=SEPARATE), 2022))
    # OWN 100/10 = 10 → 100.00; TEN 100/30 = 3.333 → 100 × 3.333/10 = 33.33; 4 units.
    assert (rows["OWN"]["total"], rows["TEN"]["total"], rows["OWN"]["rank_of"]) == (100.0, 33.33, 4)


def test_pooled_rule_sums_the_parcel_and_gives_it_one_class():
    rows = rows_by_code(evaluate(parcel_data(), replace(TAX_ONLY, parcel_rule=POOLED), 2022))
    # G1: land 10 + 30 = 40, tax 100 + 100 = 200 → 5 万元/亩 → 100 × 5/10 = 50.00, for both members.
    own, ten = rows["OWN"], rows["TEN"]
    assert own["indicators"]["tax_per_mu"]["value"] == pytest.approx(5.0)
    assert (own["total"], ten["total"], own["unit"] == ten["unit"]) == (50.0, 50.0, True)
    # Units: Q 80, G1 50, R 30 → the pool counts once (3 units, not 4).
    # A ≤ floor(0.6) = 0, A+B ≤ 1, A+B+C ≤ 2 → Q B, G1 C (both members), R D.
    assert [rows[c]["class"] for c in ("Q", "OWN", "TEN", "R")] == ["B", "C", "C", "D"]
    assert own["rank"] == 2 and own["rank_of"] == 3


def test_pooled_parcel_is_in_scope_on_its_total_land():
    # Two 规下 on one parcel, 2 亩 each: alone both would be out (< 3 亩); pooled, the parcel has 4 亩.
    data = Dataset.from_records([
        firm("P1", above=False, land=2, tax=20, parcel_code="G7"),
        firm("P2", above=False, land=2, tax=40, parcel_code="G7"),
        firm("ALONE", above=False, land=2, tax=40),
        # Two on 1 亩 each: 2 亩 together, still out.
        firm("SMALL1", above=False, land=1, tax=5, parcel_code="G8"),
        firm("SMALL2", above=False, land=1, tax=5, parcel_code="G8"),
    ])
    rows = rows_by_code(evaluate(data, replace(TAX_ONLY, parcel_rule=POOLED), 2022))
    # pool: tax 60 / land 4 = 15 → 100 × 15/10 = 150.00
    assert [rows[c]["status"] for c in ("P1", "P2", "ALONE", "SMALL1")] == [RATED, RATED, OUT, OUT]
    assert rows["P1"]["total"] == 150.0
    assert rows["SMALL1"]["reason"] == "宗地G8合计用地2亩, 不足3亩"


def test_owner_rule_tenant_takes_owner_score_and_class():
    rows = rows_by_code(evaluate(parcel_data(), replace(TAX_ONLY, parcel_rule=OWNER), 2022))
    # Units: OWN 100 (its own figures only; TEN's are not added), Q 80, R 30.
    # A ≤ 0, A+B ≤ 1, A+B+C ≤ 2 → OWN B, Q C, R D; TEN follows OWN.
    own, ten = rows["OWN"], rows["TEN"]
    assert (own["total"], own["class"], own["rank_of"]) == (100.0, "B", 3)
    assert (ten["total"], ten["class"], ten["follows"], ten["status"]) == (100.0, "B", "OWN", RATED)
    assert ten["indicators"]["tax_per_mu"]["value"] == pytest.approx(10.0)  # the owner's 100/10


def test_owner_rule_tenant_is_rated_alone_without_a_rated_owner():
    data = Dataset.from_records([
        # G2's owner began production in 2021: T, so its tenant is rated on its own figures.
        firm("NEWOWN", land=10, tax=500, parcel_code="G2", production_year=2021),
        firm("TEN2", land=10, tax=60, parcel_code="G2", tenure=LEASED),
        # G3 has no owner in the data at all.
        firm("TEN3", land=10, tax=40, parcel_code="G3", tenure=LEASED),
    ])
    rows = rows_by_code(evaluate(data, replace(TAX_ONLY, parcel_rule=OWNER), 2022))
    assert rows["NEWOWN"]["class"] == "T"
    # TEN2 60/10 = 6 → 60.00; TEN3 → 40.00; each its own unit.
    assert [(rows[c]["total"], rows[c]["follows"], rows[c]["rank_of"]) for c in ("TEN2", "TEN3")] == [
        (60.0, "", 2), (40.0, "", 2)]


def test_owner_rule_tenant_tags_and_small_land_follow_the_owner():
    spec = replace(TAX_ONLY, parcel_rule=OWNER, bonuses=(BonusSpec("处罚", "处罚", -5),))
    data = Dataset.from_records([
        firm("LANDLORD", land=10, tax=100, parcel_code="G4"),
        # A 规下 tenant on 1 亩 (alone it would be out, < 3 亩) with a penalty tag of its own.
        firm("SMALL", above=False, land=1, tax=5, parcel_code="G4", tenure=LEASED, tags=("处罚",)),
    ])
    rows = rows_by_code(evaluate(data, spec, 2022))
    # The tenant takes the landlord's class; the landlord is not docked for the tenant's penalty:
    # LANDLORD 100/10 = 10 → 100.00, bonus 0.
    assert (rows["SMALL"]["status"], rows["SMALL"]["follows"], rows["SMALL"]["class"]) == (
        RATED, "LANDLORD", rows["LANDLORD"]["class"])
    assert (rows["LANDLORD"]["total"], rows["LANDLORD"]["bonus"], rows["LANDLORD"]["bonuses"]) == (100.0, 0.0, [])


# ------------------------------------------------------------------------------------------ classes


def test_ten_units_a_tie_straddling_the_a_b_boundary_goes_to_b_together():
    # 10 units, shares 20/40/35/5: A ≤ 2 places, A+B ≤ 6, A+B+C ≤ floor(9.5) = 9, D the rest.
    # Place = units scoring at least as much: 100 → 1; the two 90s → 3 (> 2, so both B, not one A and
    # one B); 80 → 4, 70 → 5, 60 → 6 (B); 50, 40, 30 → 7, 8, 9 (C); 20 → 10 (D).
    assert classes_for([100, 90, 90, 80, 70, 60, 50, 40, 30, 20]) == list("ABBBBBCCCD")


def test_ten_units_a_tie_at_the_bottom_goes_to_d_together():
    # The two 20s both have place 10 > 9 → both D (D at least its share, here 2 of 10).
    assert classes_for([100, 90, 80, 70, 60, 50, 40, 30, 20, 20]) == list("AABBBBCCDD")


def test_twenty_units_take_exactly_their_shares():
    # 20 distinct totals 100, 95, …, 5: A 20 % = 4, B 40 % = 8, C 35 % = 7, D 5 % = 1.
    classes = classes_for([100 - 5 * i for i in range(20)])
    assert classes == ["A"] * 4 + ["B"] * 8 + ["C"] * 7 + ["D"]


def test_d_is_rounded_up_to_at_least_its_share():
    # 21 units: A+B+C ≤ floor(21 × 0.95) = floor(19.95) = 19 → D = 2 ≥ 5 % × 21 = 1.05;
    # A ≤ floor(4.2) = 4, A+B ≤ floor(12.6) = 12.
    classes = classes_for([100 - i for i in range(21)])
    assert [classes.count(k) for k in "ABCD"] == [4, 8, 7, 2]


def test_classes_by_score_thresholds():
    spec = replace(TAX_ONLY, class_method=THRESHOLDS, thresholds=(90.0, 70.0, 50.0))
    # totals equal the taxes: ≥ 90 A, ≥ 70 B, ≥ 50 C, below D — each threshold belongs to its class.
    assert classes_for([90, 89.99, 70, 69.99, 50, 49.99, 100], spec) == list("ABBCCDA")


def test_forced_d_below_a_floor_whatever_the_score():
    spec = SchemeSpec(
        name="测试: 强制D",
        indicators=(IndicatorSpec("tax_per_mu", ABOVE, 50, value=10.0),
                    IndicatorSpec("sales_per_mu", ABOVE, 50, value=100.0),
                    IndicatorSpec("tax_per_mu", BELOW, 100, value=10.0)),
        forced=(ForcedRule("tax_per_mu", ABOVE, 1.0),),
    )
    data = Dataset.from_records([
        # tax/mu 5/10 = 0.5 → 50 × 0.5/10 = 2.50; sales/mu 10000/10 = 1000 → 50 × 1000/100 = 500.00;
        # total 502.50, the best score of all, yet tax/mu 0.5 < 1 → D.
        firm("LOW", land=10, tax=5, revenue=10000),
        *[firm(f"N{i}", land=10, tax=100 - 10 * i, revenue=1000) for i in range(4)],
    ])
    rows = rows_by_code(evaluate(data, spec, 2022))
    low = rows["LOW"]
    assert (low["total"], low["rank"], low["class"]) == (502.5, 1, "D")
    assert low["forced"] == "亩均税收 0.50万元/亩, 低于1万元/亩"
    # The others keep the classes of their places (5 units: A ≤ 1, A+B ≤ 3, A+B+C ≤ 4):
    # N0 place 2 → B, N1 place 3 → B, N2 place 4 → C, N3 place 5 → D.
    assert [rows[f"N{i}"]["class"] for i in range(4)] == ["B", "B", "C", "D"]
    assert all(rows[f"N{i}"]["forced"] == "" for i in range(4))


# --------------------------------------------------------------------------------- missing values, caps


def test_missing_and_zero_denominators_score_zero_under_the_zero_rule():
    spec = SchemeSpec(
        name="测试: 缺失得0分",
        indicators=(IndicatorSpec("tax_per_mu", ABOVE, 50, value=10.0),
                    IndicatorSpec("value_added_per_energy", ABOVE, 50, value=2.0),
                    IndicatorSpec("tax_per_mu", BELOW, 100, value=10.0)),
    )
    data = Dataset.from_records([
        firm("FULL", land=10, tax=100, value_added=400, energy_tce=100),  # 50 × 10/10 = 50; 50 × 4/2 = 100
        firm("NOVA", land=10, tax=100, value_added=None, energy_tce=100),  # VA missing → 0
        firm("ZEROE", land=10, tax=100, value_added=400, energy_tce=0),  # energy 0 → missing → 0
        firm("ZEROL", land=0, tax=100, value_added=400, energy_tce=100),  # land 0 → tax/mu missing → 0
    ])
    rows = rows_by_code(evaluate(data, spec, 2022))
    cells = {code: rows[code]["indicators"] for code in rows}
    assert rows["FULL"]["total"] == 150.0
    assert cells["NOVA"]["value_added_per_energy"] == {"value": None, "score": 0.0, "imputed": True}
    assert cells["ZEROE"]["value_added_per_energy"] == {"value": None, "score": 0.0, "imputed": True}
    assert cells["ZEROL"]["tax_per_mu"] == {"value": None, "score": 0.0, "imputed": True}
    assert [rows[c]["total"] for c in ("NOVA", "ZEROE", "ZEROL")] == [50.0, 50.0, 100.0]


def test_zero_emissions_are_missing_and_score_the_average_under_huangyan():
    data = Dataset.from_records([
        firm("A", land=10, tax=100, value_added=1000, emissions=0.5),  # 1000/0.5 = 2000 → 10 × 2000/4929.81 = 4.057
        firm("B", land=10, tax=100, value_added=1000, emissions=0.25),  # 4000 → 8.114
        firm("Z", land=10, tax=100, value_added=1000, emissions=0),  # zero denominator → missing
    ])
    rows = rows_by_code(evaluate(data, HUANGYAN_2022, 2022))
    # average of those who have it = (4.057 + 8.114)/2 = 6.085 → 6.09
    assert rows["Z"]["indicators"]["value_added_per_emission"] == {"value": None, "score": 6.09, "imputed": True}


def test_cap_at_twice_the_weight():
    spec = SchemeSpec(name="测试: 封顶", indicators=(
        IndicatorSpec("tax_per_mu", ABOVE, 30, value=10.0, cap=2.0),
        IndicatorSpec("tax_per_mu", BELOW, 100, value=10.0)))
    data = Dataset.from_records([firm("HUGE", tax=1000), firm("EDGE", tax=200), firm("MID", tax=150)])
    rows = rows_by_code(evaluate(data, spec, 2022))
    # HUGE 100/mu → 30 × 100/10 = 300 → capped at 2 × 30 = 60; EDGE 20 → 60 exactly; MID 15 → 45 (under the cap).
    assert [rows[c]["total"] for c in ("HUGE", "EDGE", "MID")] == [60.0, 60.0, 45.0]
    uncapped = replace(spec, indicators=(replace(spec.indicators[0], cap=None), spec.indicators[1]))
    assert rows_by_code(evaluate(data, uncapped, 2022))["HUGE"]["total"] == 300.0


def test_minmax_missing_value_scores_zero_not_the_floor():
    data = Dataset.from_records([
        firm("J1", land=10, tax=50, value_added=300, energy_tce=100, rd=30, employees=30, year=2024),
        firm("J2", land=20, tax=300, value_added=1200, energy_tce=200, rd=300, employees=60, year=2024),
        firm("J3", land=10, tax=100, value_added=600, energy_tce=None, rd=60, employees=40, year=2024),
    ])
    rows = rows_by_code(evaluate(data, JINGDE_MINMAX, 2024))
    # J3 has no energy figure: VA/energy missing → 0 (the zero rule), not the 20 % floor; the range is
    # set by J1 (3) and J2 (6) alone: J1 15 × 20/100 = 3.00, J2 15.
    assert rows["J3"]["indicators"]["value_added_per_energy"]["score"] == 0.0
    assert [rows[c]["indicators"]["value_added_per_energy"]["score"] for c in ("J1", "J2")] == [3.0, 15.0]


def test_rounding_is_half_up_as_a_person_rounds():
    # 0.125 and 2.675 are stored a hair below the half (0.12499…, 2.67499…) yet round up; a negative
    # total (penalties) rounds its half away from zero like 四舍五入: −1.875 → −1.88.
    assert round_half_up([0.125, 2.675, 14.945, -1.875, -0.001]).tolist() == [0.13, 2.68, 14.95, -1.88, 0.0]
    assert round_half_up([33.35, 66.65], 1).tolist() == [33.4, 66.7]
