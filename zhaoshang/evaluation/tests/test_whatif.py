"""What it takes to reach the next class, checked by hand and by grading again with the extra tax or the
smaller land. The zone is run_fixtures' 启东 (淮安 2024: benchmarks 10 万元/亩, 100 万元/亩, 4 万元/吨标煤 from
2023; caps 2 × weight), built here as engine records so the engine alone is tested."""

import dataclasses
import random

import numpy as np
import pytest

from zhaoshang.evaluation.engine.data import DataRecord, Dataset
from zhaoshang.evaluation.engine.presets import PRESETS
from zhaoshang.evaluation.engine.scheme import ABOVE, THRESHOLDS, ForcedRule
from zhaoshang.evaluation.engine.score import RATED, assign_classes, evaluate
from zhaoshang.evaluation.engine.whatif import FIGURES, target_score, unit_total, what_it_takes

HUAIAN = PRESETS["huaian-2024"]
LAST_YEAR = [("one", 200, 2000), ("two", 150, 1500), ("three", 40, 400), ("four", 100, 1000), ("five", 10, 100)]
THIS_YEAR = {"one": (250, 1500, 50), "two": (100, 1000, 50), "three": (80, 900, 40), "four": (50, 600, 50),
             "five": (10, 200, 20)}


def records(year: int, changes: dict | None = None) -> list[DataRecord]:
    """The zone's records; `changes` maps a code to fields to replace (tax, land_mu …)."""
    if year == 2023:
        rows = [DataRecord(code, code, 2023, True, 20, revenue, tax, energy_tce=50, production_year=2015)
                for code, tax, revenue in LAST_YEAR]
        rows.append(DataRecord("small", "small", 2023, False, 5, 100, 10, energy_tce=10, production_year=2015))
        return rows
    rows = [DataRecord(code, code, 2024, True, 10, revenue, tax, energy_tce=energy, production_year=2015,
                       tags=("高新技术企业",) if code == "three" else ())
            for code, (tax, revenue, energy) in THIS_YEAR.items()]
    rows.append(DataRecord("small", "small", 2024, False, 5, 100, 10, energy_tce=10, production_year=2015))
    return [dataclasses.replace(row, **(changes or {}).get(row.credit_code, {})) for row in rows]


def grade(spec=HUAIAN, changes: dict | None = None):
    return evaluate(Dataset.from_records(records(2024, changes)), spec, 2024,
                    previous=Dataset.from_records(records(2023)))


def classes(outcome) -> dict[str, str]:
    return dict(zip(outcome.data.credit_code.tolist(), outcome.klass.tolist()))


def whatif(outcome, code: str, spec=HUAIAN):
    i = outcome.data.credit_code.tolist().index(code)
    group = outcome.group[i]
    figures = {name: float(outcome.data.column(name)[i]) for name in FIGURES}
    others = [float(outcome.total[j]) for j in range(outcome.n)
              if j != i and outcome.status[j] == RATED and outcome.group[j] == group]
    return what_it_takes(figures, group, spec, outcome.benchmarks[group], float(outcome.bonus[i]),
                         outcome.klass[i], others, forced=bool(outcome.forced[i]))


def test_four_needs_58_19_more_tax_or_4_24_fewer_mu_for_b():
    """四号 (C, 48.5): B needs more than 三号's 80.5, the third and last B place → 80.51.
    Tax t: 45 × (t/10)/10 = 0.45t, 35 × 60/100 = 21, 20 × (t/50)/4 = 0.1t.
      t = 108.19: 48.6855 → 48.69, 21, 10.819 → 10.82: 80.51 reaches it;
      t = 108.18: 48.681 → 48.68, 21, 10.818 → 10.82: 80.50 does not.
    Land L: 225/L + 210/L + 5.  L = 5.76: 39.06 + 36.46 + 5 = 80.52;  L = 5.77: 38.99 + 36.40 + 5 = 80.39."""
    outcome = grade()
    answer = whatif(outcome, "four")

    assert (answer.current_class, answer.target_class, answer.target_score) == ("C", "B", 80.51)
    assert (answer.extra_tax, answer.land_cut, answer.land_after) == (58.19, 4.24, 5.76)
    assert answer.phrase == "达到B类(总分需达到 80.51 分): 税收再增加 58.19 万元, 或用地减少 4.24 亩。"

    assert classes(grade(changes={"four": {"tax": 50 + 58.19}}))["four"] == "B"
    assert classes(grade(changes={"four": {"tax": 50 + 58.18}}))["four"] == "C"
    assert classes(grade(changes={"four": {"land_mu": 5.76}}))["four"] == "B"
    assert classes(grade(changes={"four": {"land_mu": 5.77}}))["four"] == "C"


def test_caps_can_make_more_tax_useless():
    """二号 (B, 90): A needs more than 一号's 167.5. With any tax the two tax indicators stop at their caps,
    90 + 40, plus 35 for sales: 165 < 167.51. Less land lifts sales too: L = 5.07 gives
    450/5.07 = 88.757 → 88.76, 350/5.07 = 69.033 → 69.03, + 10 = 167.79; L = 5.08 gives 88.58 + 68.90 + 10 = 167.48."""
    answer = whatif(grade(), "two")

    assert answer.extra_tax is None and "封顶" in answer.tax_note
    assert answer.land_cut == 4.93
    assert answer.phrase == "达到A类(总分需达到 167.51 分): 用地减少 4.93 亩。"
    assert classes(grade(changes={"two": {"tax": 1e6}}))["two"] == "B"
    assert classes(grade(changes={"two": {"land_mu": 5.07}}))["two"] == "A"


def test_forced_d_names_the_floor_and_the_score_still_needed():
    """A floor of 2 万元/亩 forces 五号 (1 万元/亩) into D. C needs more than 四号's 48.5 (the fourth place).
    Tax t: 0.45t + 7 + 20 × (t/20)/4 = 0.25t.  t = 59.3: 26.685 → 26.69 + 7 + 14.825 → 14.83 = 48.52;
    t = 59.29: 26.68 + 7 + 14.82 = 48.50. The floor needs only t ≥ 20."""
    spec = dataclasses.replace(HUAIAN, forced=(ForcedRule("tax_per_mu", ABOVE, 2.0),))
    outcome = grade(spec)
    answer = whatif(outcome, "five", spec)

    assert outcome.forced[outcome.data.credit_code.tolist().index("five")]
    assert answer.floors == ["亩均税收需达到 2 万元/亩(现为 1.00 万元/亩)"]
    assert (answer.target_class, answer.target_score, answer.extra_tax) == ("C", 48.51, 49.3)
    assert answer.phrase.startswith("达到C类(总分需达到 48.51 分), 亩均税收需达到 2 万元/亩(现为 1.00 万元/亩): 税收再增加 49.3 万元")
    assert classes(grade(spec, {"five": {"tax": 10 + 49.3}}))["five"] == "C"
    assert classes(grade(spec, {"five": {"tax": 10 + 49.29}}))["five"] == "D"


def test_forced_d_with_score_enough_needs_only_the_floor():
    """A floor of 6 万元/亩 forces 四号 (5 万元/亩, 48.5 points) into D although its score holds C (C needs
    more than 五号's 14). Tax: 6 × 10 = 60, 10 more; land: 50/6 = 8.33 亩 → 1.67 fewer (8.34 gives 5.995)."""
    spec = dataclasses.replace(HUAIAN, forced=(ForcedRule("tax_per_mu", ABOVE, 6.0),))
    outcome = grade(spec)
    answer = whatif(outcome, "four", spec)

    assert classes(outcome)["four"] == "D"
    assert answer.target_score is None
    assert (answer.extra_tax, answer.land_cut) == (10.0, 1.67)
    assert answer.phrase == "达到C类, 亩均税收需达到 6 万元/亩(现为 5.00 万元/亩): 税收再增加 10 万元, 或用地减少 1.67 亩。"
    assert classes(grade(spec, {"four": {"tax": 60}}))["four"] == "C"
    assert classes(grade(spec, {"four": {"land_mu": 8.34}}))["four"] == "D"


def test_a_threshold_scheme_aims_at_the_line():
    """Lines 90/70/50: 四号's 48.5 is D; C at 50. t = 52.73: 23.7285 → 23.73 + 21 + 5.273 → 5.27 = 50.00;
    t = 52.72: 23.72 + 21 + 5.27 = 49.99."""
    spec = dataclasses.replace(HUAIAN, class_method=THRESHOLDS, thresholds=(90.0, 70.0, 50.0))
    answer = whatif(grade(spec), "four", spec)

    assert (answer.current_class, answer.target_score, answer.extra_tax) == ("D", 50.0, 2.73)
    assert classes(grade(spec, {"four": {"tax": 52.73}}))["four"] == "C"
    assert classes(grade(spec, {"four": {"tax": 52.72}}))["four"] == "D"


def test_the_target_beats_the_last_place_of_the_class_even_among_ties():
    others = [90.0, 80.0, 80.0, 80.0]  # with this unit, 5 units: A 1 place, A+B 3, A+B+C 4
    assert target_score(HUAIAN, "A", others) == 90.01
    assert target_score(HUAIAN, "B", others) == 80.01
    m = len(others) + 1
    totals = np.array(others + [80.01])
    place = np.array([int((totals >= t).sum()) for t in totals])
    assert assign_classes(totals, place, m, HUAIAN)[-1] == "B"
    totals[-1] = 80.0  # a fourth 80: all four share place 5, D
    place = np.array([int((totals >= t).sum()) for t in totals])
    assert assign_classes(totals, place, m, HUAIAN)[-1] == "D"
    assert target_score(HUAIAN, "A", [50.0]) is None  # two units: floor(2 × 20%) = 0 places in A


def test_an_a_needs_nothing_and_a_lone_unit_has_no_place_above_d():
    outcome = grade()
    assert whatif(outcome, "one").phrase == "已是A类。"
    lone = whatif(outcome, "small")  # alone in 规下: floor(1 × 95%) = 0 places above D
    assert lone.target_class == "C" and not lone.reachable and "没有名额" in lone.phrase


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_the_recomputed_total_is_the_engines_for_every_unit(preset):
    spec = dataclasses.replace(PRESETS[preset], parcel_rule="separate", forced=())
    rng = random.Random(7)

    def record(i: int, year: int) -> DataRecord:
        land = rng.uniform(3, 60)
        revenue = rng.uniform(0, 30000)
        return DataRecord(f"E{i}", f"E{i}", year, rng.random() < 0.6, round(land, 2), round(revenue, 2),
                          round(revenue * rng.uniform(0, 0.08), 2), value_added=round(revenue * 0.25, 2),
                          energy_tce=None if rng.random() < 0.1 else round(rng.uniform(1, 900), 2),
                          electricity=round(rng.uniform(1, 500), 2),
                          emissions=None if rng.random() < 0.3 else round(rng.uniform(0.1, 20), 2),
                          employees=rng.randint(5, 400), rd=round(revenue * rng.uniform(0, 0.05), 2),
                          production_year=2010, tags=("高新技术企业",) if rng.random() < 0.2 else ())

    outcome = evaluate(Dataset.from_records(record(i, 2024) for i in range(150)), spec, 2024,
                       previous=Dataset.from_records(record(i, 2023) for i in range(150)))
    for i in np.flatnonzero(outcome.status == RATED):
        figures = {name: float(outcome.data.column(name)[i]) for name in FIGURES}
        group = outcome.group[i]
        assert unit_total(figures, group, spec, outcome.benchmarks[group], float(outcome.bonus[i])) == outcome.total[i]
