"""Differentiated policies by years in a row in a class, and under-used land (用而不足), by hand."""

import pytest

from zhaoshang.evaluation.engine.data import DataRecord, Dataset
from zhaoshang.evaluation.engine.presets import HUANGYAN_2022
from zhaoshang.evaluation.engine.score import evaluate


def firm(code: str, *, above: bool = True, land: float = 10.0, revenue: float = 1000.0, tax: float = 100.0,
         **figures) -> DataRecord:
    return DataRecord(credit_code=code, name=f"企业{code}", year=2022, above_scale=above, land_mu=land,
                      revenue=revenue, tax=tax, **figures)


def rows_by_code(outcome) -> dict[str, dict]:
    return {row["credit_code"]: row for row in outcome.rows()}


def below_scale_pair() -> Dataset:
    # 黄岩 2022 规下: S1 tax/mu 40/5 = 8 → 34.50, 40 万元 ÷ 200 万千瓦时 = 0.2 元/kWh → 42.52, total 77.02;
    # S2 10/4 = 2.5 → 10.78, 10/50 = 0.2 → 42.52, total 53.30. Two units: S1 B, S2 D.
    return Dataset.from_records([
        firm("S1", above=False, land=5, revenue=400, tax=40, electricity=200),
        firm("S2", above=False, land=4, revenue=200, tax=10, electricity=250),
    ])


def surcharge(history: dict) -> tuple:
    row = rows_by_code(evaluate(below_scale_pair(), HUANGYAN_2022, 2022, history=history))["S2"]
    assert row["class"] == "D"
    return row["streak"], [(p["rate"], p["amount"], p["min_years"]) for p in row["policies"]]


def test_haining_surcharge_first_d_year():
    # D this year only: +0.3 元/kWh × 250 万千瓦时 = 75 万元.
    assert surcharge({}) == (1, [(0.3, 75.0, 1)])


def test_haining_surcharge_two_d_years_is_still_the_first_rate():
    # D in 2021 and 2022: 2 years in a row, the 3-year rule is not reached → 0.3 × 250 = 75 万元.
    assert surcharge({"S2": {2021: "D"}}) == (2, [(0.3, 75.0, 1)])


def test_haining_surcharge_three_d_years_in_a_row():
    # D in 2020, 2021 and 2022: the 3-year rule replaces the first (no stacking: 0.4, not 0.3 + 0.4):
    # 0.4 元/kWh × 250 万千瓦时 = 100 万元.
    assert surcharge({"S2": {2021: "D", 2020: "D"}}) == (3, [(0.4, 100.0, 3)])


def test_a_broken_run_of_d_years_starts_again():
    # 2019 D, 2020 C, 2021 D, 2022 D: 2 years in a row → 0.3.
    assert surcharge({"S2": {2021: "D", 2020: "C", 2019: "D"}}) == (2, [(0.3, 75.0, 1)])


def test_history_read_back_from_json_has_string_years():
    # Published classes stored as JSON come back with "2021" rather than 2021 as keys.
    assert surcharge({"S2": {"2021": "D", "2020": "D"}}) == (3, [(0.4, 100.0, 3)])


def test_other_classes_pay_nothing_and_unrated_have_no_streak():
    data = Dataset.from_records([
        firm("S1", above=False, land=5, revenue=400, tax=40, electricity=200),
        firm("S2", above=False, land=4, revenue=200, tax=10, electricity=250),
        firm("T", industry_code="4411", electricity=1000),
    ])
    rows = rows_by_code(evaluate(data, HUANGYAN_2022, 2022, history={"S1": {2021: "B"}, "T": {2021: "D"}}))
    assert (rows["S1"]["class"], rows["S1"]["streak"], rows["S1"]["policies"]) == ("B", 2, [])
    assert (rows["T"]["class"], rows["T"]["streak"], rows["T"]["policies"]) == ("T", 0, [])


def test_under_used_land_against_the_reference():
    data = Dataset.from_records([
        firm("E1", land=20, revenue=8000, tax=600),
        firm("E2", land=8, revenue=5000, tax=96),
        firm("E3", land=50, revenue=18000, tax=2000),
        firm("S1", above=False, land=5, revenue=400, tax=40, electricity=200),
        firm("S2", above=False, land=4, revenue=200, tax=10, electricity=250),
        firm("TT", land=100, revenue=10, tax=1, under_construction=True),  # T: never flagged
    ])
    outcome = evaluate(data, HUANGYAN_2022, 2022)
    rows = rows_by_code(outcome)
    # Reference: the scheme's benchmark where it has one (黄岩 tax/mu), else this year's group average
    # (total over total). Flag when below 50 % of it.
    # 规上: tax/mu reference 24.097 → 50 % = 12.0485; E1 600/20 = 30, E2 96/8 = 12 (< 12.0485: flagged),
    #       E3 2000/50 = 40. sales/mu reference (8000 + 5000 + 18000)/(20 + 8 + 50) = 31000/78 = 397.44
    #       → 198.72; E1 400, E2 625, E3 360: none below.
    # 规下: tax/mu 11.5932 → 5.7966; S1 8, S2 2.5 (flagged). sales/mu 600/9 = 66.67 → 33.33; S1 80, S2 50.
    assert outcome.references["above"]["tax_per_mu"] == pytest.approx(24.097)
    assert outcome.references["above"]["sales_per_mu"] == pytest.approx(31000 / 78)
    assert outcome.references["below"]["tax_per_mu"] == pytest.approx(11.5932)
    assert outcome.references["below"]["sales_per_mu"] == pytest.approx(600 / 9)
    assert {code: row["underused"] for code, row in rows.items()} == {
        "E1": False, "E2": True, "E3": False, "S1": False, "S2": True, "TT": False}
