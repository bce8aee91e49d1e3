"""Scheme settings (round trip, error messages), benchmarks from last year (zero, missing year) and the
Outcome as plain data."""

import json
from dataclasses import replace
from decimal import Decimal

import numpy as np
import pytest

from zhaoshang.evaluation.engine.data import DataRecord, Dataset
from zhaoshang.evaluation.engine.presets import HUAIAN_2024, HUANGYAN_2022, PRESETS
from zhaoshang.evaluation.engine.scheme import (
    ABOVE, BELOW, PREV_MEDIAN, IndicatorSpec, SchemeError, SchemeSpec,
)
from zhaoshang.evaluation.engine.score import EvaluationError, evaluate


def firm(code: str, year: int, *, above: bool = True, land: float = 10.0, revenue: float = 1000.0,
         tax: float = 100.0, **figures) -> DataRecord:
    return DataRecord(credit_code=code, name=f"企业{code}", year=year, above_scale=above, land_mu=land,
                      revenue=revenue, tax=tax, **figures)


# ----------------------------------------------------------------------------------------- settings


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_every_preset_round_trips_through_json(key):
    spec = PRESETS[key]
    assert spec.problems() == {}
    stored = json.loads(json.dumps(spec.to_dict(), ensure_ascii=False))
    assert SchemeSpec.from_dict(stored) == spec


def errors_of(data: dict) -> dict[str, str]:
    with pytest.raises(SchemeError) as caught:
        SchemeSpec.from_dict(data)
    return caught.value.errors


def huangyan_with(**changes) -> dict:
    return {**HUANGYAN_2022.to_dict(), **changes}


def test_shares_must_add_up_to_100():
    assert errors_of(huangyan_with(shares=[20, 40, 30, 0])) == {
        "shares": "A、B、C、D 四类比例之和应为100%, 现为90%。"}


def test_weight_must_be_positive():
    data = huangyan_with()
    data["indicators"][0]["weight"] = 0
    assert errors_of(data) == {"indicators.0.weight": "亩均税收: 权重必须大于0。"}


def test_fixed_benchmark_is_required_under_the_ratio_method():
    data = huangyan_with()
    data["indicators"][1]["value"] = None
    assert errors_of(data) == {"indicators.1.value": "亩均增加值: 固定基准值必须大于0。"}


def test_every_problem_is_reported_at_once():
    data = huangyan_with(name=" ", shares=[50, 50, 50, 50])
    data["indicators"][0]["weight"] = -1
    assert set(errors_of(data)) == {"name", "shares", "indicators.0.weight"}


def test_a_number_given_as_text_is_read_and_bad_text_is_reported_by_field():
    data = huangyan_with()
    data["indicators"][0]["weight"] = "30"  # as a form or a spreadsheet would send it
    assert SchemeSpec.from_dict(data) == HUANGYAN_2022
    data["indicators"][0]["cap"] = " "  # a blank cap is no cap
    assert SchemeSpec.from_dict(data) == HUANGYAN_2022
    data["indicators"][0]["weight"] = "三十"
    data["indicators"][1]["value"] = ""  # a blank fixed benchmark is a missing one
    assert errors_of(data) == {"indicators.0.weight": "应为数字, 现为“三十”。",
                               "indicators.1.value": "亩均增加值: 固定基准值必须大于0。"}


# --------------------------------------------------------------------------------------- benchmarks


def test_zero_benchmark_from_last_year_is_an_error_in_chinese():
    previous = Dataset.from_records([firm("P1", 2023, tax=0, energy_tce=10), firm("P2", 2023, tax=0, energy_tce=10)])
    current = Dataset.from_records([firm("A", 2024, energy_tce=10)])
    with pytest.raises(EvaluationError) as caught:
        evaluate(current, HUAIAN_2024, 2024, previous=previous)
    # 2023 tax/mu = 0/20 = 0 → 2 × 0 = 0: nothing can be divided by it.
    assert str(caught.value) == ("规上企业“亩均税收”的基准值为0(上年(2023)全区平均值为0), 无法评分。"
                                 "请检查数据, 或在方案中改用固定基准值。")


def test_missing_previous_year_falls_back_to_this_year_with_a_warning():
    current = Dataset.from_records([
        firm("A", 2024, land=10, tax=120, revenue=2400, energy_tce=40),
        firm("B", 2024, land=30, tax=180, revenue=3600, energy_tce=60),
    ])
    outcome = evaluate(current, HUAIAN_2024, 2024)  # no `previous`
    bench = outcome.benchmarks["above"]["tax_per_mu"]
    # this year's tax/mu average = (120 + 180)/(10 + 30) = 7.5 → × 2 = 15
    assert bench.value == pytest.approx(15.0)
    assert bench.basis == "本年(2024)全区平均值 7.5 × 2"
    assert "规上企业亩均税收: 缺少2023年数据, 基准值按本年(2024)数据计算。" in outcome.warnings
    # A: 12 → 45 × 12/15 = 36.00
    assert outcome.row(0)["indicators"]["tax_per_mu"]["score"] == 36.0
    # No 规下 enterprise this year nor last: nothing to benchmark, nothing to warn about, no error.
    assert not any(w.startswith("规下") for w in outcome.warnings)


def test_benchmark_at_last_years_median():
    spec = replace(HUANGYAN_2022, indicators=(
        IndicatorSpec("tax_per_mu", ABOVE, 100, benchmark=PREV_MEDIAN, factor=1.0),
        IndicatorSpec("tax_per_mu", BELOW, 100, value=10.0)))
    previous = Dataset.from_records([firm("P1", 2021, tax=50), firm("P2", 2021, tax=70), firm("P3", 2021, tax=200)])
    outcome = evaluate(Dataset.from_records([firm("A", 2022, tax=140)]), spec, 2022, previous=previous)
    # 2021 tax/mu 5, 7, 20 → median 7 × 1 = 7; A 14 → 100 × 14/7 = 200
    assert outcome.benchmarks["above"]["tax_per_mu"].value == pytest.approx(7.0)
    assert outcome.row(0)["total"] == 200.0


# -------------------------------------------------------------------------------------------- Outcome


def test_rows_are_plain_json_and_counts_match_them():
    data = Dataset.from_records([
        firm("E1", 2022, land=20, revenue=8000, tax=600, value_added=2000, energy_tce=800, emissions=0.5,
             employees=100, rd=300, production_year=2010, industry_code="3311", tags=("高新技术企业",)),
        firm("E2", 2022, land=8, revenue=5000, tax=96, value_added=1200, employees=60, rd=50),
        firm("N", 2022, production_year=2022),
        firm("S", 2022, above=False, land=2, revenue=100, tax=1),
        firm("S2", 2022, above=False, land=4, revenue=200, tax=10, electricity=250),
    ])
    outcome = evaluate(data, HUANGYAN_2022, 2022, history={"S2": {2021: "D", 2020: "D"}})
    rows = list(outcome.rows())
    text = json.dumps(rows, ensure_ascii=False)  # no numpy scalars, no NaN
    assert "NaN" not in text and json.loads(text) == rows
    assert rows[0]["inputs"]["production_year"] == 2010 and rows[0]["inputs"]["tags"] == ["高新技术企业"]
    assert rows[1]["inputs"]["energy_tce"] is None
    tally: dict[str, dict[str, int]] = {"above": {}, "below": {}}
    for row in rows:
        label = "out" if row["status"] == "out" else row["class"]
        tally[row["group"]][label] = tally[row["group"]].get(label, 0) + 1
    assert outcome.counts() == tally == {"above": {"B": 1, "D": 1, "T": 1}, "below": {"D": 1, "out": 1}}
    assert outcome.row(4) == rows[4]
    assert json.dumps({k: b.as_dict() for k, b in outcome.benchmarks["above"].items()})


def test_dataset_from_query_columns():
    # As the service builds it: text as lists, figures as float arrays (NaN = missing) or Decimals,
    # codes with stray spaces or None.
    data = Dataset({
        "credit_code": ["A", "B"], "name": ["甲", "乙"], "above_scale": np.array([True, False]),
        "land_mu": np.array([10.0, 4.0]), "revenue": [Decimal("1000"), Decimal("200")],
        "tax": np.array([100.0, 10.0]), "electricity": np.array([np.nan, 50.0]),
        "parcel_code": np.array(["G1 ", None], dtype=object), "industry_code": ["3311", None],
    })
    assert data.parcel_code.tolist() == ["G1", ""] and data.industry_code.tolist() == ["3311", ""]
    assert data.revenue.tolist() == [1000.0, 200.0] and np.isnan(data.electricity[0])
    assert data.tags == [(), ()] and data.tenure.tolist() == ["own", "own"]
    rows = list(evaluate(data, HUANGYAN_2022, 2022).rows())
    # B (规下): 10/4 = 2.5 → 50 × 2.5/11.5932 = 10.78; 10/50 = 0.2 元/kWh → 42.52; total 53.30
    assert rows[1]["total"] == pytest.approx(53.30)


def test_an_empty_year_evaluates_to_nothing():
    for spec in PRESETS.values():
        outcome = evaluate(Dataset.from_records([]), spec, 2024)
        assert list(outcome.rows()) == [] and outcome.counts() == {"above": {}, "below": {}}
