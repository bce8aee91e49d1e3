"""Writes of evaluation schemes: a zone copies a preset, edits its copy, deletes it.

A scheme is a SchemeSpec stored as JSON; every save goes through `SchemeSpec.from_dict`, so a stored scheme
can always be evaluated. Runs copy the spec they used, which is why a scheme may be deleted or edited at
any time without changing a published year.
"""

import json
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction

from zhaoshang.accounts.access import can_manage_zone
from zhaoshang.changelog.models import ChangeAction, ChangeRecord
from zhaoshang.changelog.services import log_changes, note_record
from zhaoshang.core.services import check_version
from zhaoshang.evaluation.engine.indicators import CATALOGUE
from zhaoshang.evaluation.engine.presets import PRESETS
from zhaoshang.evaluation.engine.scheme import (
    BENCHMARK_LABELS, CLASS_METHOD_LABELS, FIXED, GROUP_LABELS, METHOD_LABELS, PARCEL_LABELS, PREV_MEAN,
    SchemeError, SchemeSpec,
)
from zhaoshang.evaluation.models import Scheme

MSG_NOT_ADMIN = "只有园区管理员可以新建、修改或删除评价方案。"
MSG_UNKNOWN_PRESET = "请选择一个预设方案。"
MSG_NAME_TAKEN = "本园区已有同名评价方案, 请换一个名称。"
MSG_NAME_TOO_LONG = "方案名称最多80个字。"
MSG_RUNS_KEPT = "已完成的评价批次各自保存了当时的方案设置, 删除方案后这些批次及其结果仍然保留, 不受影响。"

NAME_MAX = Scheme._meta.get_field("name").max_length

# What the change log calls each setting (a stale edit is refused with these words, see core.services).
SETTING_LABELS = {
    "name": "方案名称", "description": "方案说明",
    "include_below_scale": "评价规下企业", "below_scale_min_mu": "规下企业用地下限(亩)",
    "exclude_utilities": "公用事业企业不参评", "min_years_in_production": "投产不满几年不参评",
    "exclude_under_construction": "在建项目不参评", "parcel_rule": "同一宗地多家企业",
    "method": "计分方法", "minmax_floor": "极值法下限分", "minmax_span": "极值法跨度",
    "indicators": "评价指标", "bonuses": "加减分项", "bonus_cap": "加分上限",
    "class_method": "分类方法", "shares": "分类比例(%)", "thresholds": "分数线",
    "forced": "直接评为D类规则", "policies": "差别化政策",
    "idle_years": "已供未用年限", "underuse_share": "用而不足比例(%)",
}


def _ensure_admin(by, zone_id: int) -> None:
    """None means the system itself (a command or a demo), as in every other service."""
    if by is not None and not can_manage_zone(by, zone_id):
        raise PermissionDenied(MSG_NOT_ADMIN)


def unique_name(zone, name: str, *, exclude_pk: int | None = None) -> str:
    """`name`, or `name-2`, `name-3` … the first not yet used in the zone (within the length limit)."""
    taken = set(Scheme.objects.filter(zone=zone).exclude(pk=exclude_pk).values_list("name", flat=True))
    name = name[:NAME_MAX]
    number = 2
    candidate = name
    while candidate in taken:
        suffix = f"-{number}"
        candidate = name[:NAME_MAX - len(suffix)] + suffix
        number += 1
    return candidate


def _checked(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as the engine reads it, as stored JSON reads back (lists, not tuples, so an unchanged
    scheme compares equal); bad settings as a ValidationError keyed by the spec's paths."""
    try:
        checked = SchemeSpec.from_dict(spec)
    except SchemeError as error:
        raise ValidationError({path or NON_FIELD_ERRORS: message for path, message in error.errors.items()}) \
            from None
    return json.loads(json.dumps(checked.to_dict()))


def _check_name(zone, name: str, exclude_pk: int | None) -> None:
    if len(name) > NAME_MAX:
        raise ValidationError({"name": MSG_NAME_TOO_LONG})
    if Scheme.objects.filter(zone=zone, name=name).exclude(pk=exclude_pk).exists():
        raise ValidationError({"name": MSG_NAME_TAKEN})


@transaction.atomic
def scheme_create(*, zone, by, preset: str, name: str = "") -> Scheme:
    """A zone's own copy of a preset; without a name it takes the preset's, made unique in the zone."""
    _ensure_admin(by, zone.pk)
    if preset not in PRESETS:
        raise ValidationError({"preset": MSG_UNKNOWN_PRESET})
    name = (name or "").strip()
    if name:
        _check_name(zone, name, None)
    else:
        name = unique_name(zone, PRESETS[preset].name)
    spec = _checked({**PRESETS[preset].to_dict(), "name": name})
    scheme = Scheme(zone=zone, name=name, preset=preset, spec=spec, version=1,
                    created_by=by if getattr(by, "pk", None) else None)
    scheme.full_clean()
    scheme.save()
    log_changes(scheme, zone_id=zone.pk, before=None, fields=(), actor=by, version=scheme.version)
    return scheme


@transaction.atomic
def scheme_update(*, scheme: Scheme, by, spec: dict[str, Any], expected_version: int) -> Scheme:
    """Replace the scheme's settings; refused if someone saved since `expected_version`, or if any setting
    is inconsistent (ValidationError keyed by the spec path, e.g. "indicators.2.weight")."""
    _ensure_admin(by, scheme.zone_id)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    check_version(scheme, expected_version)
    new = _checked(spec)
    new["name"] = str(new["name"]).strip()
    _check_name(scheme.zone, new["name"], scheme.pk)
    old = scheme.spec
    if new == old:
        return scheme
    scheme.spec, scheme.name = new, new["name"]
    scheme.version += 1
    scheme.full_clean()
    scheme.save()
    ChangeRecord.objects.bulk_create(
        note_record(scheme, zone_id=scheme.zone_id, actor=by, label=SETTING_LABELS.get(key, key)[:60],
                    old=describe_setting(key, old.get(key)), new=describe_setting(key, new.get(key)),
                    version=scheme.version)
        for key in new if key in SETTING_LABELS and old.get(key) != new.get(key)
    )
    return scheme


@transaction.atomic
def scheme_delete(*, scheme: Scheme, by) -> None:
    """Delete a scheme. Runs made with it keep their own copy of the spec (EvaluationRun.spec), and their
    link to the scheme is cleared, so no published result changes."""
    _ensure_admin(by, scheme.zone_id)
    log_changes(scheme, zone_id=scheme.zone_id, before=None, fields=(), actor=by, action=ChangeAction.DELETE)
    scheme.delete()


# ------------------------------------------------------------------------------- settings in words


def _number(value) -> str:
    return "" if value is None else f"{float(value):g}"


def _indicator_words(item: dict) -> str:
    indicator = CATALOGUE.get(item.get("key"))
    label = indicator.label if indicator else item.get("key", "")
    group = GROUP_LABELS.get(item.get("group"), "")[:2]
    if item.get("benchmark") == FIXED:
        benchmark = f"基准{_number(item.get('value'))}"
    else:
        benchmark = ("上年均值" if item.get("benchmark") == PREV_MEAN else "上年中位数") + f"×{_number(item.get('factor'))}"
    cap = f", 封顶{_number(item['cap'])}倍" if item.get("cap") is not None else ""
    return f"{group}{label}(权重{_number(item.get('weight'))}, {benchmark}{cap})"


def describe_setting(key: str, value) -> str:
    """One setting as a short Chinese phrase, for the change log."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "indicators":
        return "; ".join(_indicator_words(item) for item in value)
    if key == "bonuses":
        return "; ".join(f"{item.get('label')}({item.get('tag')}) {float(item.get('points', 0)):+g}分" for item in value)
    if key == "forced":
        return "; ".join(
            f"{GROUP_LABELS.get(item.get('group'), '')[:2]}"
            f"{getattr(CATALOGUE.get(item.get('key')), 'label', item.get('key'))}<{_number(item.get('floor'))}"
            for item in value)
    if key == "policies":
        return "; ".join(
            f"{item.get('klass')}类{item.get('name')}(连续{item.get('min_years')}年起"
            f"{', ' + _number(item.get('rate')) + '元/千瓦时' if item.get('rate') is not None else ''})"
            for item in value)
    if key in ("shares", "thresholds"):
        return "/".join(_number(x) for x in value)
    labels = {"parcel_rule": PARCEL_LABELS, "method": METHOD_LABELS, "class_method": CLASS_METHOD_LABELS,
              "benchmark": BENCHMARK_LABELS}.get(key)
    if labels:
        return str(labels.get(value, value))
    if isinstance(value, (int, float)):
        return _number(value)
    return str(value)
