"""What a scheme sets. Every number of a published scheme is a field here, so presets are plain data and
a zone's own scheme is the same structure, stored as JSON and copied whole into each run it produces.

`SchemeSpec.from_dict` checks everything and raises `SchemeError` with every problem (field path →
Chinese message), so the UI, the API and the CLI report bad settings the same way.
"""

import math
from dataclasses import asdict, dataclass
from typing import Any

from zhaoshang.evaluation.engine.indicators import CATALOGUE

ABOVE, BELOW = "above", "below"
GROUP_LABELS = {ABOVE: "规上企业", BELOW: "规下企业"}

# Benchmark of an indicator: a published number, or k × last year's zone figure.
FIXED, PREV_MEAN, PREV_MEDIAN = "fixed", "prev_mean", "prev_median"
BENCHMARK_LABELS = {FIXED: "固定值", PREV_MEAN: "上年全区平均值 × k", PREV_MEDIAN: "上年全区中位数 × k"}

RATIO, MINMAX = "ratio", "minmax"
METHOD_LABELS = {RATIO: "与基准值之比(权重 × 实际值 ÷ 基准值)",
                 MINMAX: "极值法(权重 × (下限 + 跨度 × (x − 最小值) ÷ (最大值 − 最小值)) ÷ 100)"}

MISSING_ZERO, MISSING_AVERAGE = "zero", "average"
MISSING_LABELS = {MISSING_ZERO: "得0分", MISSING_AVERAGE: "得该指标平均分"}

SEPARATE, POOLED, OWNER = "separate", "pooled", "owner"
PARCEL_LABELS = {SEPARATE: "各自单独评价", POOLED: "同一宗地企业合并评价", OWNER: "承租企业随宗地主(出租方)等级"}

SHARES, THRESHOLDS = "shares", "thresholds"
CLASS_METHOD_LABELS = {SHARES: "按比例(排名)", THRESHOLDS: "按分数线"}
CLASSES = ("A", "B", "C", "D")

ELECTRICITY, NO_BASIS = "electricity", "none"
POLICY_BASIS_LABELS = {ELECTRICITY: "按用电量计收(元/千瓦时)", NO_BASIS: "非金额措施"}


class SchemeError(ValueError):
    """Bad settings: `errors` maps a field path ("indicators.2.weight") to its Chinese message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    group: str  # ABOVE or BELOW
    weight: float
    benchmark: str = FIXED
    value: float | None = None  # the fixed benchmark, in the indicator's unit
    factor: float = 1.0  # k for PREV_MEAN / PREV_MEDIAN
    cap: float | None = None  # the score may not exceed cap × weight (2.0 in published schemes); None: no cap
    missing: str = MISSING_ZERO


@dataclass(frozen=True)
class BonusSpec:
    """Points added (or, if negative, taken) when an enterprise holds a tag in the evaluated year."""

    label: str
    tag: str
    points: float


@dataclass(frozen=True)
class ForcedRule:
    """D whatever the score when the indicator's value is below `floor` (e.g. 亩均税收 < 1 万元/亩)."""

    key: str
    group: str
    floor: float


@dataclass(frozen=True)
class PolicyRule:
    """A differentiated measure for a class, applying from `min_years` consecutive years in that class.

    For one `name`, only the rule with the highest `min_years` reached applies (no stacking): D +0.3 元/kWh
    from the first year and +0.4 from the third means 0.4 in the third year, not 0.7.
    """

    name: str
    klass: str
    min_years: int = 1
    rate: float | None = None  # 元/千瓦时 when basis is ELECTRICITY
    basis: str = NO_BASIS
    note: str = ""


@dataclass(frozen=True)
class SchemeSpec:
    name: str
    description: str = ""
    # Scope: every above-scale enterprise; below-scale ones from this much land (亩).
    below_scale_min_mu: float = 3.0
    include_below_scale: bool = True
    # Not rated (shown as T): utilities (GB/T 4754 44–46), fewer than N full years in production,
    # and enterprises whose main project is still under construction.
    exclude_utilities: bool = True
    min_years_in_production: int = 2
    exclude_under_construction: bool = True
    parcel_rule: str = SEPARATE
    method: str = RATIO
    minmax_floor: float = 20.0  # 旌德: 20 + 80 × (x − min) ÷ (max − min)
    minmax_span: float = 80.0
    indicators: tuple[IndicatorSpec, ...] = ()
    bonuses: tuple[BonusSpec, ...] = ()
    bonus_cap: float | None = None  # the most bonus points one enterprise can get (penalties are not capped)
    class_method: str = SHARES
    shares: tuple[float, float, float, float] = (20.0, 40.0, 35.0, 5.0)  # % of rated enterprises, A..D
    thresholds: tuple[float, float, float] = (90.0, 70.0, 50.0)  # lowest score of A, B, C
    forced: tuple[ForcedRule, ...] = ()
    policies: tuple[PolicyRule, ...] = ()
    # Idle land: supplied this many years and no production reported (已供未用); rated but tax or revenue
    # per mu below this share of the benchmark (用而不足).
    idle_years: int = 2
    underuse_share: float = 50.0

    # ------------------------------------------------------------------------------------------ access

    def indicators_of(self, group: str) -> tuple[IndicatorSpec, ...]:
        return tuple(spec for spec in self.indicators if spec.group == group)

    @property
    def groups(self) -> tuple[str, ...]:
        return (ABOVE, BELOW) if self.include_below_scale else (ABOVE,)

    # --------------------------------------------------------------------------------------- (de)coding

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["shares"] = list(self.shares)
        data["thresholds"] = list(self.thresholds)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SchemeSpec":
        """A checked spec; raises SchemeError listing every problem.

        Numbers may come as text ("30" from a form or a spreadsheet); text that is not a number is
        reported on its own field rather than failing the whole scheme."""
        errors: dict[str, str] = {}
        try:
            nested = {name: tuple(klass(**_settings(item, klass, f"{name}.{index}.", errors))
                                  for index, item in enumerate(data.get(name) or ()))
                      for name, klass in _NESTED.items()}
            lists = {name: _number_list(data.get(name, getattr(cls, name)), name, errors)
                     for name in ("shares", "thresholds")}
            top = {k: v for k, v in _settings(data, cls, "", errors).items() if k not in nested and k not in lists}
            spec = cls(**top, **nested, **lists)
        except (TypeError, ValueError, AttributeError) as exc:
            raise SchemeError({"": f"方案格式有误: {exc}"}) from None
        # A field that could not be read holds NaN: its own message is the one to show.
        errors = {**spec.problems(), **errors}
        if errors:
            raise SchemeError(errors)
        return spec

    def problems(self) -> dict[str, str]:
        """Every inconsistent setting, by path; empty when the scheme can be used."""
        errors: dict[str, str] = {}
        if not str(self.name).strip():
            errors["name"] = "请填写方案名称。"
        if self.below_scale_min_mu < 0:
            errors["below_scale_min_mu"] = "规下企业纳入评价的用地下限不能为负数。"
        if self.min_years_in_production < 0:
            errors["min_years_in_production"] = "投产年限不能为负数。"
        for name, labels in (("parcel_rule", PARCEL_LABELS), ("method", METHOD_LABELS),
                             ("class_method", CLASS_METHOD_LABELS)):
            if getattr(self, name) not in labels:
                errors[name] = f"“{getattr(self, name)}”不是可选值。"
        if self.method == MINMAX and (self.minmax_span <= 0 or self.minmax_floor < 0):
            errors["minmax_span"] = "极值法的下限不能为负, 跨度必须大于0。"
        for group in self.groups:
            if not self.indicators_of(group):
                errors[f"indicators.{group}"] = f"{GROUP_LABELS[group]}至少需要一个评价指标。"
        seen: set[tuple[str, str]] = set()
        for index, spec in enumerate(self.indicators):
            path = f"indicators.{index}"
            if spec.key not in CATALOGUE:
                errors[f"{path}.key"] = f"未知指标“{spec.key}”。"
                continue
            label = CATALOGUE[spec.key].label
            if spec.group not in GROUP_LABELS:
                errors[f"{path}.group"] = f"{label}: 分组应为规上或规下。"
            if (spec.key, spec.group) in seen:
                errors[f"{path}.key"] = f"{label}在{GROUP_LABELS.get(spec.group, '')}中重复出现。"
            seen.add((spec.key, spec.group))
            if spec.weight <= 0:
                errors[f"{path}.weight"] = f"{label}: 权重必须大于0。"
            if spec.benchmark not in BENCHMARK_LABELS:
                errors[f"{path}.benchmark"] = f"{label}: 基准值方式不是可选值。"
            elif self.method == RATIO and spec.benchmark == FIXED and not (spec.value and spec.value > 0):
                errors[f"{path}.value"] = f"{label}: 固定基准值必须大于0。"
            elif spec.benchmark != FIXED and spec.factor <= 0:
                errors[f"{path}.factor"] = f"{label}: 基准值倍数 k 必须大于0。"
            if spec.cap is not None and spec.cap <= 0:
                errors[f"{path}.cap"] = f"{label}: 封顶倍数必须大于0, 不封顶请留空。"
            if spec.missing not in MISSING_LABELS:
                errors[f"{path}.missing"] = f"{label}: 缺失值处理不是可选值。"
        for index, bonus in enumerate(self.bonuses):
            if not bonus.tag.strip():
                errors[f"bonuses.{index}.tag"] = "加减分项需要对应的企业标签。"
            if bonus.points == 0:
                errors[f"bonuses.{index}.points"] = f"{bonus.label}: 分值不能为0。"
        if self.bonus_cap is not None and self.bonus_cap < 0:
            errors["bonus_cap"] = "加分上限不能为负数。"
        if self.class_method == SHARES:
            if len(self.shares) != 4 or any(share < 0 for share in self.shares):
                errors["shares"] = "A、B、C、D 四类比例都应填写, 且不能为负数。"
            elif abs(sum(self.shares) - 100) > 1e-9:
                errors["shares"] = f"A、B、C、D 四类比例之和应为100%, 现为{sum(self.shares):g}%。"
        elif len(self.thresholds) != 3 or not self.thresholds[0] > self.thresholds[1] > self.thresholds[2]:
            errors["thresholds"] = "分数线应满足 A > B > C。"
        for index, rule in enumerate(self.forced):
            if rule.key not in CATALOGUE:
                errors[f"forced.{index}.key"] = f"未知指标“{rule.key}”。"
            if rule.group not in GROUP_LABELS:
                errors[f"forced.{index}.group"] = "分组应为规上或规下。"
            if rule.floor <= 0:
                errors[f"forced.{index}.floor"] = "直接评为D类的下限必须大于0。"
        for index, rule in enumerate(self.policies):
            if not rule.name.strip():
                errors[f"policies.{index}.name"] = "请填写政策名称。"
            if rule.klass not in CLASSES:
                errors[f"policies.{index}.klass"] = "适用类别应为 A、B、C 或 D。"
            if rule.min_years < 1:
                errors[f"policies.{index}.min_years"] = "连续年数至少为1。"
            if rule.basis not in POLICY_BASIS_LABELS:
                errors[f"policies.{index}.basis"] = "计收方式不是可选值。"
            elif rule.basis == ELECTRICITY and rule.rate is None:
                errors[f"policies.{index}.rate"] = f"{rule.name}: 按用电量计收时请填写加价(元/千瓦时)。"
        if self.idle_years < 1:
            errors["idle_years"] = "已供未用的年限至少为1年。"
        if not 0 < self.underuse_share <= 100:
            errors["underuse_share"] = "用而不足的比例应在 0 到 100 之间。"
        return errors


_NESTED = {"indicators": IndicatorSpec, "bonuses": BonusSpec, "forced": ForcedRule, "policies": PolicyRule}
# Numeric fields by annotation: the number type, and whether blank means "not set" (None).
_NUMBER_TYPES = {float: (float, False), int: (int, False), float | None: (float, True), int | None: (int, True)}


def _settings(item: dict, klass, path: str, errors: dict[str, str]) -> dict:
    """The item's known keys (a stored scheme from a newer version still loads), numbers read as numbers.
    A number that cannot be read is reported at `path` + its name and set to NaN for the checks that follow."""
    result = {}
    for name, value in dict(item).items():
        if name not in klass.__dataclass_fields__:
            continue
        kind, optional = _NUMBER_TYPES.get(klass.__dataclass_fields__[name].type, (None, False))
        if kind is None or value is None or isinstance(value, bool):
            result[name] = value
            continue
        if optional and isinstance(value, str) and not value.strip():  # a blank cap: no cap
            result[name] = None
            continue
        number = _number(value)
        if number is None:
            errors[path + name] = f"应为数字, 现为“{value}”。"
            result[name] = math.nan
        else:
            result[name] = int(number) if kind is int and number.is_integer() else number
    return result


def _number_list(values, name: str, errors: dict[str, str]) -> tuple[float, ...]:
    numbers = tuple(_number(value) for value in values)
    if any(number is None for number in numbers):
        errors[name] = "应为数字。"
        return tuple(math.nan if number is None else number for number in numbers)
    return numbers


def _number(value) -> float | None:
    """A finite float from a number or its text; None when it is not one."""
    try:
        number = float(str(value).strip().replace(",", "")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
