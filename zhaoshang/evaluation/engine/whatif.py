"""What it would take an evaluation unit to reach the next class: more tax, or less land.

The score is recomputed with the run's own rules (engine.score.indicator_value / indicator_score, the caps,
the missing-value rule, rounding to 2 decimals, the bonus), so "税收再增加 86 万元" is exact: with 86 万元 more
the unit reaches the target, with 85.99 it does not. The total never falls when tax rises or land shrinks
(every indicator has tax or a figure per 亩 in the numerator, land only in denominators), so the least
amount is found by bisection on a grid of 0.01 万元 (0.01 亩).

Other units are taken as they are: the target of a share scheme is what beats the unit that would otherwise
hold the last place of the better class. The run's benchmarks are kept too; they are last year's or fixed
figures in the ratio presets, but a min–max range (or a benchmark that fell back to this year's average)
would move a little if this unit's own figures changed, so there the answer is the run's arithmetic, not a
promise of next year's result.
"""

import math
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from zhaoshang.evaluation.engine.indicators import CATALOGUE
from zhaoshang.evaluation.engine.scheme import CLASSES, MISSING_AVERAGE, SHARES, SchemeSpec
from zhaoshang.evaluation.engine.score import Benchmark, indicator_score, indicator_value, round_half_up

FIGURES = ("land_mu", "revenue", "tax", "value_added", "energy_tce", "electricity", "emissions", "employees", "rd")
STEP = 0.01  # 万元 of tax, 亩 of land
MAX_EXTRA_TAX = 1e9  # 万元: beyond this, "cannot be reached by tax alone"


@dataclass
class WhatIf:
    """The answer for one unit. Amounts are None when the change alone cannot reach the target."""

    current_class: str
    target_class: str | None  # None: already A, or no better class to reach
    total: float | None
    target_score: float | None  # the least total that reaches target_class (None: reached by floors alone)
    extra_tax: float | None = None  # 万元
    land_cut: float | None = None  # 亩
    land_after: float | None = None
    tax_note: str = ""  # why tax alone cannot reach it
    land_note: str = ""
    floors: list[str] = field(default_factory=list)  # forced-D floors still to reach, in words
    note: str = ""  # why nothing can be said (no better class, no places in it …)

    @property
    def reachable(self) -> bool:
        return self.extra_tax is not None or self.land_cut is not None

    @property
    def phrase(self) -> str:
        """"税收再增加 86 万元, 或用地减少 3.2 亩" (with the target and any floor in front)."""
        if self.target_class is None:
            return self.note
        parts = []
        if self.extra_tax is not None:
            parts.append(f"税收再增加 {fmt(self.extra_tax)} 万元")
        if self.land_cut is not None:
            parts.append(f"用地减少 {fmt(self.land_cut)} 亩")
        head = f"达到{self.target_class}类"
        if self.target_score is not None:
            head += f"(总分需达到 {self.target_score:.2f} 分)"
        if self.floors:
            head += ", " + "; ".join(self.floors)
        if self.note:
            return f"{head}: {self.note}"
        if parts:
            return f"{head}: {', 或'.join(parts)}。"
        notes = "; ".join(note for note in (self.tax_note, self.land_note) if note)
        return f"{head}: {notes or '仅靠增加税收或减少用地无法达到'}。"


def fmt(value: float) -> str:
    """86 → "86", 3.2 → "3.2", 0.05 → "0.05"."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def unit_total(figures: Mapping[str, float], group: str, spec: SchemeSpec, benchmarks: Mapping[str, Benchmark],
               bonus: float) -> float:
    """The unit's total as engine.score.evaluate computes it (rounded scores, summed in the scheme's order)."""
    arrays = _arrays(figures)
    total = 0.0
    for ind in spec.indicators_of(group):
        bench = benchmarks[ind.key]
        value = indicator_value(arrays, ind.key)
        raw = indicator_score(ind, value, bench, spec.method, spec.minmax_floor, spec.minmax_span)
        missing = bench.average_score if ind.missing == MISSING_AVERAGE else 0.0
        total += float(round_half_up(np.where(np.isnan(raw), missing, raw))[0])
    return float(round_half_up(np.array([total + bonus]))[0])


def floors_unmet(figures: Mapping[str, float], group: str, spec: SchemeSpec) -> list[tuple[str, float, float]]:
    """The forced-D rules the unit falls under: (indicator key, its value, the floor)."""
    arrays = _arrays(figures)
    unmet = []
    for rule in spec.forced:
        if rule.group != group or rule.key not in CATALOGUE:
            continue
        value = float(indicator_value(arrays, rule.key)[0])
        if not math.isnan(value) and value < rule.floor:
            unmet.append((rule.key, value, rule.floor))
    return unmet


def target_score(spec: SchemeSpec, target_class: str, other_totals: Sequence[float]) -> float | None:
    """The least total that places a unit in `target_class` (or better), the other units' totals unchanged.

    Thresholds: the class's score line. Shares: the class (with those above it) holds floor(m × share)
    places, m counting this unit; a unit's place is the number of units scoring at least as much, so it must
    score above the unit that would otherwise hold the last of those places (ties go to the lower class).
    None when the class has no places at all.
    """
    index = CLASSES.index(target_class)
    if spec.class_method != SHARES:
        return float(spec.thresholds[index])
    m = len(other_totals) + 1
    limit = int(np.floor(m * sum(spec.shares[: index + 1]) / 100 + 1e-9))
    if limit <= 0:
        return None
    ordered = sorted(other_totals, reverse=True)
    if limit > len(ordered):
        return 0.0
    return round(ordered[limit - 1] + STEP, 2)


def what_it_takes(figures: Mapping[str, float], group: str, spec: SchemeSpec, benchmarks: Mapping[str, Benchmark],
                  bonus: float, current_class: str, other_totals: Sequence[float], *, forced: bool = False) -> WhatIf:
    """What the unit needs for the class above `current_class` (C when it was forced into D).

    `figures`: the unit's own figures (万元, 亩, 吨标煤 …; None or NaN for missing); `other_totals`: the totals of
    the other rated units of its group in the run; `forced`: whether a rule put it in D whatever its score.
    """
    figures = {name: _float(figures.get(name)) for name in FIGURES}
    total = unit_total(figures, group, spec, benchmarks, bonus)
    if current_class not in CLASSES:
        return WhatIf(current_class, None, None, None, note="未参加评级, 无需测算。")
    if current_class == "A":
        return WhatIf(current_class, None, total, None, note="已是A类。")
    target_class = CLASSES[CLASSES.index(current_class) - 1]
    target = target_score(spec, target_class, other_totals)
    if target is None:
        return WhatIf(current_class, target_class, total, None,
                      note=f"按本方案的比例, 本组参评单位数下{target_class}类没有名额。")
    unmet = floors_unmet(figures, group, spec)
    if forced and total >= target and unmet:
        target_needed = None  # the score is enough: only the floors hold it in D
    else:
        target_needed = target

    def reaches(candidate: Mapping[str, float]) -> bool:
        if floors_unmet(candidate, group, spec):
            return False
        return target_needed is None or unit_total(candidate, group, spec, benchmarks, bonus) >= target_needed

    result = WhatIf(current_class, target_class, total, target_needed)
    result.floors = [_floor_words(key, value, floor) for key, value, floor in unmet]

    # More tax: 0.01 万元 steps from 0.01 up to MAX_EXTRA_TAX.
    tax = 0.0 if math.isnan(figures["tax"]) else figures["tax"]
    with_tax = lambda steps: {**figures, "tax": tax + steps * STEP}  # noqa: E731
    steps = _least(lambda k: reaches(with_tax(k)), int(MAX_EXTRA_TAX / STEP))
    if steps is not None:
        result.extra_tax = round(steps * STEP, 2)
    else:
        result.tax_note = _why_not(spec, group, "tax", "仅增加税收")

    # Less land: down to one step above zero.
    land = figures["land_mu"]
    if not math.isnan(land) and land > STEP:
        cut = lambda k: {**figures, "land_mu": round(land - k * STEP, 2)}  # noqa: E731
        steps = _least(lambda k: reaches(cut(k)), int(round(land / STEP)) - 1)
        if steps is not None:
            result.land_cut = round(steps * STEP, 2)
            result.land_after = round(land - result.land_cut, 2)
        else:
            result.land_note = _why_not(spec, group, "land_mu", "仅减少用地")
    else:
        result.land_note = "没有用地面积数据"
    return result


def _least(ok, upper: int) -> int | None:
    """The least k in 1..upper with ok(k), ok being monotone; None when even ok(upper) fails."""
    if upper < 1:
        return None
    # Gallop first: most answers are small, and the far end may be a huge number.
    low, high = 0, 1  # ok(low) is False (k = 0 is the present state, below the target)
    while not ok(high):
        if high >= upper:
            return None
        low, high = high, min(upper, high * 2)
    while high - low > 1:
        middle = (low + high) // 2
        if ok(middle):
            high = middle
        else:
            low = middle
    return high


def _why_not(spec: SchemeSpec, group: str, figure: str, what: str) -> str:
    related = [spec for spec in spec.indicators_of(group)
               if figure in (CATALOGUE[spec.key].numerator, CATALOGUE[spec.key].denominator)]
    if not related:
        return f"{what}无法达到(评价指标不含{'税收' if figure == 'tax' else '用地'})"
    if any(ind.cap is not None for ind in related):
        labels = "、".join(CATALOGUE[ind.key].label for ind in related)
        return f"{what}无法达到({labels}得分封顶后仍不足)"
    return f"{what}无法达到"


def _floor_words(key: str, value: float, floor: float) -> str:
    indicator = CATALOGUE[key]
    return f"{indicator.label}需达到 {floor:g} {indicator.unit}(现为 {value:.2f} {indicator.unit})"


def _float(value) -> float:
    return math.nan if value is None else float(value)


def _arrays(figures: Mapping[str, float]) -> dict[str, np.ndarray]:
    return {name: np.array([_float(figures.get(name))], dtype=np.float64) for name in FIGURES}
