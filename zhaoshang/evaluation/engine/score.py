"""Evaluate one year: scope, units (parcel rule), indicator values, benchmarks, scores, ranks, classes,
forced D, differentiated policies and under-used land — numpy over whole columns, no loop per row.

Rules that are not a setting (and where they are stated to the user):
- Indicator scores are rounded half-up (四舍五入, halves away from zero) to 2 decimals and the total is
  their sum plus bonus, so a report card's breakdown adds up to its total exactly; ranking uses that
  rounded total.
- Ranks are per group (规上 and 规下 have different indicators): rank = 1 + number scoring higher.
  Percentile = share of the group's rated units scoring strictly lower, rounded half-up to 1 decimal.
- Class by shares: with n rated units, A holds at most floor(n × A%) places, A+B floor(n × (A+B)%), A+B+C
  floor(n × (A+B+C)%), the rest are D — so A never exceeds its share and D never falls below its share.
  A unit's place is the number of units scoring at least as much as it does, so units tied across a
  boundary go together into the lower class. A forced-D rule then makes a unit D without moving anyone
  else: the others keep the classes of their places.
- A value is missing when its numerator or denominator is missing or the denominator is zero.
- Min–max with every value equal (max = min): no spread to grade on, so everyone takes the full weight.
- Units: a pooled parcel is one unit, in scope on its members' land together; a tenant on the parcel of a
  rated owner joins the owner's unit (whatever its own land) and brings neither figures nor bonus tags.
"""

from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from zhaoshang.evaluation.engine.data import LEASED, OWN, RECORD_FIELDS, Dataset
from zhaoshang.evaluation.engine.indicators import CATALOGUE, TCE_PER_10K_KWH
from zhaoshang.evaluation.engine.scheme import (
    ABOVE, BELOW, CLASSES, ELECTRICITY, FIXED, GROUP_LABELS, MINMAX, MISSING_AVERAGE, OWNER, POOLED, PREV_MEAN,
    SHARES, IndicatorSpec, SchemeSpec,
)

RATED, NOT_RATED, OUT = "rated", "T", "out"
STATUS_LABELS = {RATED: "参评", NOT_RATED: "暂不评价(T)", OUT: "不在评价范围"}
REFERENCE_KEYS = ("tax_per_mu", "sales_per_mu")
UNIT_FIGURES = ("land_mu", "revenue", "tax", "value_added", "energy_tce", "electricity", "emissions", "employees", "rd")


class EvaluationError(ValueError):
    """The year cannot be evaluated as set up (e.g. a benchmark of zero); the message says what to fix."""


def round_half_up(values: np.ndarray, places: int = 2) -> np.ndarray:
    """四舍五入: halves away from zero (−1.875 → −1.88, as 1.875 → 1.88)."""
    values = np.asarray(values, dtype=np.float64)
    scale = 10.0 ** places
    # The small nudge keeps 0.125 (stored as 0.12499999…) rounding to 0.13, as a person would;
    # + 0.0 turns the −0.0 of a negative zero into 0.0.
    return np.sign(values) * np.floor(np.abs(values) * scale + 0.5 + 1e-9) / scale + 0.0


@dataclass
class Benchmark:
    value: float | None  # the ratio method's divisor
    basis: str  # how it was set, in words
    minimum: float | None = None  # this year's extremes among rated units (the min–max method's range)
    maximum: float | None = None
    average_score: float = 0.0  # what a missing value scores under MISSING_AVERAGE

    def as_dict(self) -> dict:
        return {"value": self.value, "basis": self.basis, "min": self.minimum, "max": self.maximum,
                "average_score": self.average_score}

    @classmethod
    def from_dict(cls, data: Mapping) -> "Benchmark":
        return cls(value=data.get("value"), basis=data.get("basis", ""), minimum=data.get("min"),
                   maximum=data.get("max"), average_score=data.get("average_score", 0.0))


def indicator_value(figures: Dataset | Mapping, key: str) -> np.ndarray:
    """The indicator's value for every row of `figures` (a Dataset or a dict of float arrays); NaN = missing."""
    indicator = CATALOGUE[key]
    numerator = np.asarray(_column(figures, indicator.numerator), dtype=np.float64)
    denominator = np.asarray(_column(figures, indicator.denominator), dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(denominator > 0, numerator / denominator, np.nan)
    return value * 100 if indicator.percent else value


def _column(figures, name: str):
    if name == "energy_or_electricity_tce" and not hasattr(figures, name):
        energy, electricity = np.asarray(figures["energy_tce"], float), np.asarray(figures["electricity"], float)
        return np.where(np.isnan(energy), electricity * TCE_PER_10K_KWH, energy)
    return getattr(figures, name) if hasattr(figures, name) else figures[name]


def indicator_score(spec: IndicatorSpec, value: np.ndarray, benchmark: Benchmark, method: str,
                    floor: float = 20.0, span: float = 80.0) -> np.ndarray:
    """Scores of present values (NaN stays NaN: the caller applies the missing rule), capped, unrounded."""
    value = np.asarray(value, dtype=np.float64)
    if method == MINMAX:
        low, high = benchmark.minimum, benchmark.maximum
        if low is None or high is None:
            return np.full(value.shape, np.nan)
        position = np.ones_like(value) if high == low else (value - low) / (high - low)
        score = spec.weight * (floor + span * position) / 100
        score = np.where(np.isnan(value), np.nan, score)
    elif benchmark.value is None:  # a group with no units this year and no benchmark: nothing to score
        return np.full(value.shape, np.nan)
    else:
        score = spec.weight * value / benchmark.value
    if spec.cap is not None:
        score = np.minimum(score, spec.cap * spec.weight)
    return score


@dataclass
class Outcome:
    """Per-record arrays (length n) plus the year's benchmarks; `row(i)` gives one record as plain data.

    `bonus_items` and `policies` hold one list per record; records of one unit may share a list object,
    so treat them as read-only."""

    spec: SchemeSpec
    year: int
    data: Dataset
    status: np.ndarray
    reason: np.ndarray
    group: np.ndarray
    unit: np.ndarray
    values: dict[str, np.ndarray]
    scores: dict[str, np.ndarray]
    imputed: dict[str, np.ndarray]
    bonus: np.ndarray
    bonus_items: list[list[tuple[str, float]]]
    total: np.ndarray
    rank: np.ndarray
    rank_of: np.ndarray
    percentile: np.ndarray
    klass: np.ndarray
    forced: np.ndarray
    follows: np.ndarray
    streak: np.ndarray
    policies: list[list[dict]]
    underused: np.ndarray
    benchmarks: dict[str, dict[str, Benchmark]]
    references: dict[str, dict[str, float | None]]
    warnings: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return self.data.n

    def counts(self) -> dict[str, dict[str, int]]:
        """Records per group and class ("T" and "out" included), for the summary and the run list."""
        result: dict[str, dict[str, int]] = {}
        for group in (ABOVE, BELOW):
            mask = self.group == group
            classes = np.where(self.status == OUT, "out", self.klass)[mask]
            labels, numbers = np.unique(classes.astype(str), return_counts=True)
            result[group] = {str(k): int(v) for k, v in zip(labels, numbers)}
        return result

    def row(self, i: int) -> dict:
        return next(self.rows(i, i + 1))

    def rows(self, start: int = 0, stop: int | None = None):
        """Records as plain data (None for missing), for JSON and storage. Columns become lists first and
        rows are zipped from them: numpy's per-element access would cost seconds for 100,000 rows."""
        stop = self.n if stop is None else min(stop, self.n)
        part = slice(start, stop)
        lists = {name: _plain(getattr(self, name)[part]) for name in (
            "status", "reason", "group", "klass", "total", "bonus", "rank", "rank_of", "percentile", "forced",
            "follows", "unit", "streak", "underused")}
        rated = [status == RATED for status in lists["status"]]
        for name, empty in (("total", None), ("bonus", 0.0), ("rank", None), ("rank_of", None), ("percentile", None)):
            lists[name] = [value if ok else empty for value, ok in zip(lists[name], rated)]
        inputs = _records(self.data, part)
        columns = {
            "credit_code": [record["credit_code"] for record in inputs],
            "name": [record["name"] for record in inputs],
            **{key: lists[name] for key, name in _ROW_COLUMNS.items()},
            "indicators": self._indicator_cells(part, lists["group"], rated),
            "bonuses": [[{"label": label, "points": points} for label, points in items] if items else []
                        for items in self.bonus_items[part]],
            "policies": self.policies[part],
            "underused": lists["underused"],
            "inputs": inputs,
        }
        keys = tuple(columns)
        for values in zip(*columns.values()):
            yield dict(zip(keys, values))

    def _indicator_cells(self, part: slice, groups: list[str], rated: list[bool]) -> list[dict]:
        """Per record {key: {value, score, imputed}} over its group's indicators; {} when not rated."""
        cells: list[dict] = [{} for _ in groups]
        for group in (ABOVE, BELOW):
            keys = [spec.key for spec in self.spec.indicators_of(group) if spec.key in self.values]
            rows = [j for j, (g, r) in enumerate(zip(groups, rated)) if r and g == group]
            if not keys or not rows:
                continue
            index = np.asarray(rows) + (part.start or 0)
            columns = [[{"value": value, "score": score, "imputed": imputed} for value, score, imputed in zip(
                _plain(self.values[key][index]), _plain(self.scores[key][index]), self.imputed[key][index].tolist())]
                for key in keys]
            for j, row_cells in zip(rows, zip(*columns)):
                cells[j] = dict(zip(keys, row_cells))
        return cells


# Row key → Outcome array, in the order of a row.
_ROW_COLUMNS = {"group": "group", "status": "status", "reason": "reason", "class": "klass", "total": "total",
                "bonus": "bonus", "rank": "rank", "rank_of": "rank_of", "percentile": "percentile",
                "forced": "forced", "follows": "follows", "unit": "unit", "streak": "streak"}


def _plain(array: np.ndarray) -> list:
    """numpy → Python values, NaN → None."""
    if array.dtype.kind == "f":
        missing = np.isnan(array)
        if missing.any():
            array = array.astype(object)
            array[missing] = None
    return array.tolist()


def _records(data: Dataset, part: slice) -> list[dict]:
    """The inputs of records `part` as plain dicts (what was evaluated, kept with each result)."""
    columns = {}
    for name in RECORD_FIELDS:
        column = getattr(data, name)
        columns[name] = list(map(list, column[part])) if name == "tags" else _plain(np.asarray(column)[part])
    for name in ("production_year", "employees"):
        columns[name] = [None if v is None else int(v) for v in columns[name]]
    return [dict(zip(RECORD_FIELDS, values)) for values in zip(*(columns[name] for name in RECORD_FIELDS))]


def _texts(values: np.ndarray, words) -> np.ndarray:
    """words(value) for each value, computed once per distinct value (years, land areas repeat a lot)."""
    if not values.size:
        return np.empty(0, dtype=object)
    distinct, inverse = np.unique(values, return_inverse=True)
    return np.array([words(value) for value in distinct.tolist()], dtype=object)[inverse.reshape(-1)]


# ------------------------------------------------------------------------------------------ the pipeline


def classify_scope(data: Dataset, spec: SchemeSpec, year: int) -> tuple[np.ndarray, np.ndarray]:
    """Status (rated / T / out) and the reason, per record.

    Out: below scale on less than N 亩 (or any below-scale under an above-scale-only scheme) — judged on the
    unit's land where the parcel rule joins records (a pooled parcel; a tenant of a rated owner follows the
    owner). T: in scope but not rated this year (utility, too recently in production, under construction).
    """
    not_rated, t_reason = _not_rated(data, spec, year)
    alone = data.above_scale.copy()
    if spec.include_below_scale:
        alone |= data.land_mu >= spec.below_scale_min_mu - 1e-9  # NaN land is never enough
    in_scope = alone.copy()
    pool_land = None
    if spec.parcel_rule == POOLED:
        pool_in, pool_land = _pools_in_scope(data, spec, ~not_rated)
        in_scope |= pool_in
    elif spec.parcel_rule == OWNER:
        owner, _ = parcel_owners(data, owners=alone & ~not_rated, tenants=~not_rated)
        in_scope |= owner >= 0
    status = np.where(~in_scope, OUT, np.where(not_rated, NOT_RATED, RATED)).astype(object)
    reason = np.where(status == NOT_RATED, t_reason, "").astype(object)
    out = np.flatnonzero(status == OUT)
    reason[out] = _out_reasons(data, spec, out, pool_land)
    return status, reason


def _not_rated(data: Dataset, spec: SchemeSpec, year: int) -> tuple[np.ndarray, np.ndarray]:
    """Records not rated this year (shown as T) and why; the first rule that applies gives the reason."""
    n = data.n
    hit = np.zeros(n, dtype=bool)
    reason = np.full(n, "", dtype=object)
    rules = []
    if spec.exclude_utilities:
        rules.append((data.is_utility(), lambda mask: "公用事业企业(电力、热力、燃气及水)"))
    if spec.exclude_under_construction:
        rules.append((data.under_construction, lambda mask: "主体项目在建"))
    if spec.min_years_in_production > 0:
        # Fewer than N full years behind it: production began after year − N (N = 2 in 2022: 2021 is T,
        # 2020 is rated).
        years = spec.min_years_in_production
        new = ~np.isnan(data.production_year) & (data.production_year > year - years)
        rules.append((new, lambda mask: _texts(data.production_year[mask], lambda y: f"{int(y)}年投产, 不满{years}年")))
    for mask, words in rules:
        fresh = mask & ~hit
        if fresh.any():
            reason[fresh] = words(fresh)
            hit |= fresh
    return hit, reason


def _pools_in_scope(data: Dataset, spec: SchemeSpec, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Under POOLED: whether each record's parcel pool is in scope (any member above scale, or the members'
    land together reaching N 亩), and the pool's land (NaN for records on no parcel)."""
    n = data.n
    pooled = np.flatnonzero(members & (data.parcel_code != ""))
    in_scope = np.zeros(n, dtype=bool)
    land = np.full(n, np.nan)
    if not pooled.size:
        return in_scope, land
    _, pool = np.unique(data.parcel_code[pooled].astype(str), return_inverse=True)
    pool_land = np.bincount(pool, weights=np.nan_to_num(data.land_mu[pooled]))
    pool_above = np.bincount(pool, weights=data.above_scale[pooled]) > 0
    pool_in = pool_above | (spec.include_below_scale & (pool_land >= spec.below_scale_min_mu - 1e-9))
    in_scope[pooled] = pool_in[pool]
    land[pooled] = pool_land[pool]
    return in_scope, land


def _out_reasons(data: Dataset, spec: SchemeSpec, out: np.ndarray, pool_land: np.ndarray | None) -> np.ndarray:
    if not spec.include_below_scale:
        return np.full(out.size, "方案只评价规上企业", dtype=object)
    minimum = f"{spec.below_scale_min_mu:g}"
    land = data.land_mu[out]
    reasons = _texts(land, lambda mu: "规下企业未填用地面积" if mu != mu else f"规下企业用地{mu:g}亩, 不足{minimum}亩")
    if pool_land is not None:  # a record pooled with others: its parcel's land together was not enough
        shared = np.flatnonzero(~np.isnan(pool_land[out]) & (pool_land[out] != land))
        for j in shared.tolist():
            i = out[j]
            reasons[j] = f"宗地{data.parcel_code[i]}合计用地{pool_land[i]:g}亩, 不足{minimum}亩"
    return reasons


def parcel_owners(data: Dataset, owners: np.ndarray, tenants: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """For each leased record in `tenants` on a parcel with an own-land record in `owners`, that owner's
    index (−1 for every other record), and warnings. The first owner listed stands for a parcel with several."""
    follow = np.full(data.n, -1, dtype=np.int64)
    parcel = data.parcel_code.astype(str)
    candidates = np.flatnonzero(owners & (parcel != "") & (data.tenure == OWN))
    if not candidates.size:
        return follow, []
    codes, first, counts = np.unique(parcel[candidates], return_index=True, return_counts=True)
    owner_of = candidates[first]
    warnings = [f"宗地{code}有多家自有用地企业, 以{data.name[owner]}为宗地主。"
                for code, owner in zip(codes[counts > 1].tolist(), owner_of[counts > 1].tolist())]
    leased = np.flatnonzero(tenants & (parcel != "") & (data.tenure == LEASED))
    position = np.minimum(np.searchsorted(codes, parcel[leased]), codes.size - 1)
    found = codes[position] == parcel[leased]
    follow[leased[found]] = owner_of[position[found]]
    return follow, warnings


def build_units(data: Dataset, spec: SchemeSpec, status: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Evaluation units under the parcel rule.

    Returns the unit per record (0..k−1; −1 when not rated), the follows column (the owner's credit code
    for a tenant following its owner, else "") and warnings.
    """
    n = data.n
    rated = status == RATED
    unit = np.full(n, -1, dtype=np.int64)
    follows = np.full(n, "", dtype=object)
    warnings: list[str] = []
    if spec.parcel_rule == POOLED:
        pooled = rated & (data.parcel_code != "")
        _, pool = np.unique(data.parcel_code[pooled].astype(str), return_inverse=True)
        unit[pooled] = pool.reshape(-1)
        alone = rated & ~pooled
        unit[alone] = (int(pool.max()) + 1 if pool.size else 0) + np.arange(int(alone.sum()))
    elif spec.parcel_rule == OWNER:
        unit[rated] = np.arange(int(rated.sum()))
        owner, warnings = parcel_owners(data, owners=rated, tenants=rated)
        tenants = np.flatnonzero(owner >= 0)
        unit[tenants] = unit[owner[tenants]]
        follows[tenants] = data.credit_code[owner[tenants]]
        # Tenants gave up their own unit numbers: renumber so units are 0..k−1 with no empty ones.
        _, renumbered = np.unique(unit[rated], return_inverse=True)
        unit[rated] = renumbered.reshape(-1)
    else:
        unit[rated] = np.arange(int(rated.sum()))
    return unit, follows, warnings


def unit_figures(data: Dataset, unit: np.ndarray, follows: np.ndarray, n_units: int) -> dict[str, np.ndarray]:
    """Each unit's figures: sums over its members (a figure missing for any member is missing for the pool).
    Tenants following an owner contribute nothing: the owner's own figures stand for the unit."""
    members = (unit >= 0) & (follows == "")
    index = unit[members]
    figures: dict[str, np.ndarray] = {}
    for name in UNIT_FIGURES:
        column = data.column(name)[members]
        total = np.bincount(index, weights=np.nan_to_num(column), minlength=n_units)
        missing = np.bincount(index, weights=np.isnan(column), minlength=n_units) > 0
        figures[name] = np.where(missing, np.nan, total)
    figures["above_scale"] = np.bincount(index, weights=data.above_scale[members], minlength=n_units) > 0
    return figures


def _benchmark(spec: IndicatorSpec, scheme: SchemeSpec, year: int, current: dict, previous: dict | None,
               warnings: list[str]) -> Benchmark:
    label = CATALOGUE[spec.key].label
    values = current["values"]
    present = values[~np.isnan(values)]
    low = float(present.min()) if present.size else None
    high = float(present.max()) if present.size else None
    if scheme.method == MINMAX:
        return Benchmark(None, f"本年参评企业最小值 {_fmt(low)}、最大值 {_fmt(high)}", low, high)
    if spec.benchmark == FIXED:
        return Benchmark(float(spec.value), "固定值", low, high)
    source, when = previous, f"上年({year - 1})"
    if source is None or not (~np.isnan(source["values"])).any():
        if not values.size:  # no unit of this group this year: nothing to score, nothing to warn about
            return Benchmark(None, "本年无参评企业", low, high)
        warnings.append(f"{GROUP_LABELS[spec.group]}{label}: 缺少{year - 1}年数据, 基准值按本年({year})数据计算。")
        source, when = current, f"本年({year})"
    if spec.benchmark == PREV_MEAN:
        # The zone's average is total over total (全区合计税收 ÷ 全区合计用地), not a mean of ratios.
        ok = ~np.isnan(source["values"])
        base = float(source["numerator"][ok].sum() / source["denominator"][ok].sum()) if ok.any() else 0.0
        if CATALOGUE[spec.key].percent:
            base *= 100
        words = "全区平均值"
    else:
        ok = source["values"][~np.isnan(source["values"])]
        base = float(np.median(ok)) if ok.size else 0.0
        words = "全区中位数"
    value = base * spec.factor
    if not value > 0:
        raise EvaluationError(f"{GROUP_LABELS[spec.group]}“{label}”的基准值为0({when}{words}为0), 无法评分。"
                              f"请检查数据, 或在方案中改用固定基准值。")
    return Benchmark(value, f"{when}{words} {_fmt(base)} × {spec.factor:g}", low, high)


def _fmt(value) -> str:
    return "—" if value is None else f"{value:,.4f}".rstrip("0").rstrip(".")


def _group_values(figures: dict, mask: np.ndarray, key: str) -> dict:
    indicator = CATALOGUE[key]
    sub = {name: column[mask] for name, column in figures.items()}
    return {"values": indicator_value(sub, key),
            "numerator": np.asarray(_column(sub, indicator.numerator), dtype=np.float64),
            "denominator": np.asarray(_column(sub, indicator.denominator), dtype=np.float64)}


def _prepare(data: Dataset, spec: SchemeSpec, year: int):
    status, reason = classify_scope(data, spec, year)
    unit, follows, warnings = build_units(data, spec, status)
    n_units = int(unit.max()) + 1 if (unit >= 0).any() else 0
    figures = unit_figures(data, unit, follows, n_units)
    unit_group = np.where(figures["above_scale"], ABOVE, BELOW)
    return status, reason, unit, follows, warnings, n_units, figures, unit_group


def evaluate(data: Dataset, spec: SchemeSpec, year: int, previous: Dataset | None = None,
             history: Mapping[str, Mapping[int, str]] | None = None) -> Outcome:
    """Evaluate `data` (the year's records) with `spec`.

    `previous`: last year's records, for benchmarks set as k × last year's figure. `history`: credit code →
    {year: class} of earlier published years (int or, as read back from JSON, str years), for the
    consecutive-years policies.
    """
    status, reason, unit, follows, warnings, n_units, figures, unit_group = _prepare(data, spec, year)
    prev_figures = prev_group = None
    uses_previous = spec.method != MINMAX and any(ind.benchmark != FIXED for ind in spec.indicators)
    if uses_previous and previous is not None and previous.n:
        *_, prev_figures, prev_group = _prepare(previous, spec, year - 1)

    n = data.n
    unit_scores: dict[str, np.ndarray] = {}
    unit_values: dict[str, np.ndarray] = {}
    unit_imputed: dict[str, np.ndarray] = {}
    unit_total = np.zeros(n_units)
    benchmarks: dict[str, dict[str, Benchmark]] = {}
    for group in spec.groups:
        mask = unit_group == group
        benchmarks[group] = {}
        for ind in spec.indicators_of(group):
            current = _group_values(figures, mask, ind.key)
            previous_values = _group_values(prev_figures, prev_group == group, ind.key) if prev_figures else None
            bench = _benchmark(ind, spec, year, current, previous_values, warnings)
            raw = indicator_score(ind, current["values"], bench, spec.method, spec.minmax_floor, spec.minmax_span)
            present = ~np.isnan(raw)
            bench.average_score = float(round_half_up(raw[present].mean())) if present.any() else 0.0
            missing_score = bench.average_score if ind.missing == MISSING_AVERAGE else 0.0
            score = round_half_up(np.where(present, raw, missing_score))
            benchmarks[group][ind.key] = bench
            unit_values.setdefault(ind.key, np.full(n_units, np.nan))[mask] = current["values"]
            unit_scores.setdefault(ind.key, np.full(n_units, np.nan))[mask] = score
            unit_imputed.setdefault(ind.key, np.zeros(n_units, dtype=bool))[mask] = ~present
            unit_total[mask] += score

    unit_bonus, unit_bonus_items = unit_bonuses(spec, data, unit, follows, n_units)
    unit_total = round_half_up(unit_total + unit_bonus)
    unit_rank, unit_rank_of, unit_pct, unit_class, unit_forced = rank_and_class(spec, figures, unit_group, unit_total)

    # Back to records.
    has_unit = unit >= 0
    u = np.where(has_unit, unit, 0)

    def pick(column: np.ndarray, empty):
        return np.where(has_unit, column[u], empty) if n_units else np.full(n, empty)

    group = np.where(has_unit, unit_group[u] if n_units else BELOW, np.where(data.above_scale, ABOVE, BELOW))
    values = {k: pick(v, np.nan) for k, v in unit_values.items()}
    scores = {k: pick(v, np.nan) for k, v in unit_scores.items()}
    imputed = {k: pick(v, False) for k, v in unit_imputed.items()}
    klass = np.where(status == NOT_RATED, "T", pick(unit_class, "")).astype(object)
    _tenant_reasons(data, follows, reason)
    no_items: list = []
    bonus_items = [unit_bonus_items[k] if k >= 0 else no_items for k in unit.tolist()]

    streak = consecutive_years(data.credit_code, klass, year, history or {})
    policies = apply_policies(spec, klass, streak, data.electricity)
    references, underused = under_use(spec, benchmarks, figures, unit_group, unit, status)
    return Outcome(
        spec=spec, year=year, data=data, status=status, reason=reason, group=group.astype(object), unit=unit,
        values=values, scores=scores, imputed=imputed, bonus=pick(unit_bonus, 0.0), bonus_items=bonus_items,
        total=pick(unit_total, np.nan), rank=pick(unit_rank, 0), rank_of=pick(unit_rank_of, 0),
        percentile=pick(unit_pct, np.nan), klass=klass, forced=pick(unit_forced, "").astype(object),
        follows=follows, streak=streak, policies=policies, underused=underused, benchmarks=benchmarks,
        references=references, warnings=warnings,
    )


def _tenant_reasons(data: Dataset, follows: np.ndarray, reason: np.ndarray) -> None:
    tenants = np.flatnonzero(follows != "")
    if tenants.size:
        wanted = set(follows[tenants].tolist())
        names = {code: name for code, name in zip(data.credit_code.tolist(), data.name.tolist()) if code in wanted}
        reason[tenants] = [f"承租企业, 随宗地主{names[code]}评价" for code in follows[tenants].tolist()]


def unit_bonuses(spec: SchemeSpec, data: Dataset, unit: np.ndarray, follows: np.ndarray,
                 n_units: int) -> tuple[np.ndarray, list[list[tuple[str, float]]]]:
    """Bonus points per unit and the items behind them: tags held in the evaluated year by the unit's own
    members (a tenant following its owner neither earns nor costs the owner points). Bonuses are capped
    at `bonus_cap` together; penalties are not capped."""
    no_items: list = []
    if not spec.bonuses or not n_units:
        return np.zeros(n_units), [no_items] * n_units
    members = np.flatnonzero((unit >= 0) & (follows == ""))
    member_tags = [data.tags[i] for i in members.tolist()]
    held = np.zeros((len(spec.bonuses), n_units), dtype=bool)
    for b, bonus in enumerate(spec.bonuses):
        has = np.fromiter((bonus.tag in tags for tags in member_tags), dtype=bool, count=len(member_tags))
        held[b] = np.bincount(unit[members], weights=has, minlength=n_units) > 0
    points = np.array([float(b.points) for b in spec.bonuses])
    plus = (np.where(points > 0, points, 0.0)[:, None] * held).sum(axis=0)
    minus = (np.where(points < 0, points, 0.0)[:, None] * held).sum(axis=0)
    if spec.bonus_cap is not None:
        plus = np.minimum(plus, spec.bonus_cap)
    # Units holding the same tags share one list of items.
    combinations, inverse = np.unique(held.T, axis=0, return_inverse=True)
    items = [[(b.label, float(b.points)) for b, on in zip(spec.bonuses, combination) if on]
             for combination in combinations.tolist()]
    return plus + minus, [items[k] for k in inverse.reshape(-1).tolist()]


def rank_and_class(spec: SchemeSpec, figures: dict, unit_group: np.ndarray, unit_total: np.ndarray):
    """Rank, group size, percentile, class and forced-D reason per unit, within each group."""
    n_units = unit_total.size
    rank = np.zeros(n_units, dtype=np.int64)
    rank_of = np.zeros(n_units, dtype=np.int64)
    percentile = np.full(n_units, np.nan)
    klass = np.full(n_units, "", dtype=object)
    forced = np.full(n_units, "", dtype=object)
    for group in spec.groups:
        mask = unit_group == group
        totals = unit_total[mask]
        m = totals.size
        if not m:
            continue
        ascending = np.sort(totals)
        lower = np.searchsorted(ascending, totals, side="left")  # strictly lower
        higher = m - np.searchsorted(ascending, totals, side="right")  # strictly higher
        place = m - lower  # units scoring at least as much
        rank[mask] = higher + 1
        rank_of[mask] = m
        percentile[mask] = round_half_up(100.0 * lower / m, 1)
        classes = assign_classes(totals, place, m, spec).astype(object)
        words = np.full(m, "", dtype=object)
        for rule in spec.forced:
            if rule.group != group or rule.key not in CATALOGUE:
                continue
            ind = CATALOGUE[rule.key]
            values = _group_values(figures, mask, rule.key)["values"]
            hit = np.flatnonzero(~np.isnan(values) & (values < rule.floor) & (words == ""))
            classes[hit] = "D"
            words[hit] = [f"{ind.label} {v:.2f}{ind.unit}, 低于{rule.floor:g}{ind.unit}" for v in values[hit].tolist()]
        klass[mask] = classes
        forced[mask] = words
    return rank, rank_of, percentile, klass, forced


def assign_classes(totals: np.ndarray, place: np.ndarray, m: int, spec: SchemeSpec) -> np.ndarray:
    """A–D for one group's units (see the module docstring for the rule at the share boundaries)."""
    if spec.class_method == SHARES:
        a, b, c, _ = spec.shares
        limits = [np.floor(m * share / 100 + 1e-9) for share in (a, a + b, a + b + c)]
        return np.select([place <= limits[0], place <= limits[1], place <= limits[2]], ["A", "B", "C"], "D")
    t_a, t_b, t_c = spec.thresholds
    return np.select([totals >= t_a, totals >= t_b, totals >= t_c], ["A", "B", "C"], "D")


def consecutive_years(codes: np.ndarray, klass: np.ndarray, year: int,
                      history: Mapping[str, Mapping[int, str]]) -> np.ndarray:
    """Years in a row, ending with this one, an enterprise has been in its present class (0 when unrated)."""
    klass = np.asarray(klass, dtype=object)
    rated = np.isin(klass.astype(str), CLASSES)
    streak = rated.astype(np.int64)
    code_list = np.asarray(codes, dtype=object).tolist()
    active = np.array([i for i in np.flatnonzero(rated).tolist() if code_list[i] in history], dtype=np.int64)
    back = 1
    while active.size:
        earlier = np.array([_class_in(history[code_list[i]], year - back) for i in active.tolist()], dtype=object)
        active = active[earlier == klass[active]]
        streak[active] += 1
        back += 1
    return streak


def _class_in(past: Mapping, year: int) -> str | None:
    """The class of `year` in one enterprise's history; years may be str keys when read back from JSON."""
    found = past.get(year)
    return past.get(str(year)) if found is None else found


def apply_policies(spec: SchemeSpec, klass: np.ndarray, streak: np.ndarray,
                   electricity: np.ndarray) -> list[list[dict]]:
    """For each record, the measures its class brings: per policy name the rule with the most years reached."""
    result: list[list[dict]] = [[] for _ in range(len(klass))]
    names = list(dict.fromkeys(rule.name for rule in spec.policies))
    for name in names:
        for current in CLASSES:
            rules = sorted((r for r in spec.policies if r.name == name and r.klass == current),
                           key=lambda r: r.min_years, reverse=True)
            holders = np.flatnonzero(klass == current)
            if not rules or not holders.size:
                continue
            # The first rule (most years) reached applies, so 0.4 after three D years replaces 0.3.
            choice = np.select([streak[holders] >= r.min_years for r in rules], list(range(len(rules))), -1)
            for i, k, used in zip(holders.tolist(), choice.tolist(), electricity[holders].tolist()):
                if k < 0:
                    continue
                rule = rules[k]
                amount = None
                if rule.basis == ELECTRICITY and used == used:  # not NaN
                    # 元/千瓦时 × 万千瓦时 = 万元
                    amount = float(round_half_up(rule.rate * used))
                result[i].append({"name": name, "rate": rule.rate, "basis": rule.basis, "amount": amount,
                                  "years": int(streak[i]), "min_years": rule.min_years, "note": rule.note})
    return result


def under_use(spec: SchemeSpec, benchmarks: dict, figures: dict, unit_group: np.ndarray, unit: np.ndarray,
              status: np.ndarray) -> tuple[dict, np.ndarray]:
    """用而不足: rated units whose tax or revenue per mu is below `underuse_share`% of the reference —
    the scheme's benchmark for that indicator under the ratio method, else this year's group average."""
    references: dict[str, dict[str, float | None]] = {}
    unit_flag = np.zeros(len(unit_group), dtype=bool)
    share = spec.underuse_share / 100
    for group in spec.groups:
        mask = unit_group == group
        references[group] = {}
        for key in REFERENCE_KEYS:
            bench = benchmarks.get(group, {}).get(key)
            sub = _group_values(figures, mask, key)
            if bench is not None and bench.value is not None:
                reference = bench.value
            else:
                ok = ~np.isnan(sub["values"])
                reference = float(sub["numerator"][ok].sum() / sub["denominator"][ok].sum()) if ok.any() else None
            references[group][key] = reference
            if reference:
                flags = unit_flag[mask]
                flags |= ~np.isnan(sub["values"]) & (sub["values"] < share * reference)
                unit_flag[mask] = flags
    has_unit = unit >= 0
    flagged = np.where(has_unit, unit_flag[np.where(has_unit, unit, 0)], False) if len(unit_group) else has_unit
    return references, flagged & (status == RATED)
