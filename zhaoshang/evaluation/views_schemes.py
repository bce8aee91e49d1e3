"""Scheme pages: the zone's schemes, a new one from a preset, the scheme in words (printed by staff), its
settings form and deletion. Reading is for everyone who sees the zone; changing is the zone administrator's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from zhaoshang.accounts.access import can_manage_zone, visible_zones
from zhaoshang.core.forms import MSG_FIX_BELOW, apply_validation_error
from zhaoshang.core.views import get_visible_or_404, requested_zone
from zhaoshang.evaluation import schemes
from zhaoshang.evaluation.engine.indicators import CATALOGUE
from zhaoshang.evaluation.engine.presets import PRESETS
from zhaoshang.evaluation.engine.scheme import (
    BELOW, ELECTRICITY, FIXED, GROUP_LABELS, MINMAX, MISSING_AVERAGE, OWNER, POOLED, PREV_MEAN, SHARES,
    SchemeError, SchemeSpec,
)
from zhaoshang.evaluation.forms import SECTION_TITLES, SchemeCreateForm, SchemeEditor, SchemeSettingsForm
from zhaoshang.evaluation.models import Scheme

MSG_CREATED = "已从预设新建评价方案“{name}”。请对照本园区当年的评价文件, 逐项核对权重、基准值和分类比例。"
MSG_SAVED = "评价方案已保存。已完成的评价批次不受影响, 之后新建的评价批次按新设置计算。"
MSG_UNCHANGED = "没有修改任何设置。"
MSG_DELETED = "评价方案“{name}”已删除。" + schemes.MSG_RUNS_KEPT

# What the data columns are called in the formulas shown to staff.
COLUMN_WORDS = {
    "tax": "税收", "land_mu": "用地面积", "revenue": "营业收入", "value_added": "工业增加值",
    "energy_tce": "综合能耗", "energy_or_electricity_tce": "综合能耗", "electricity": "用电量",
    "emissions": "主要污染物排放量", "employees": "年平均职工人数", "rd": "研发经费",
}
PARCEL_WORDS = {
    "separate": "同一宗地上的企业各自按自己的用地面积和数据评价。",
    POOLED: "同一宗地上的企业数据相加, 作为一个评价单元计分、排名, 得同一等级。",
    OWNER: "承租企业不单独评分, 取宗地主(在该宗地上自有用地的企业)的等级; 宗地上没有宗地主数据的承租企业单独评价。",
}




def _managed_scheme(request, pk) -> Scheme:
    """404 for a scheme the user cannot see; 403 for one they may read but not change."""
    scheme = get_visible_or_404(Scheme.objects.select_related("zone"), request.user, pk=pk)
    if not can_manage_zone(request.user, scheme.zone_id):
        raise PermissionDenied(schemes.MSG_NOT_ADMIN)
    return scheme


def _list_url(zone) -> str:
    return f"{reverse('evaluation:schemes')}?zone={zone.pk}"


# ------------------------------------------------------------------------------------------- pages


@login_required
def scheme_list(request):
    zone = requested_zone(request)
    rows = list(Scheme.objects.filter(zone=zone).annotate(run_count=Count("runs")))
    for scheme in rows:
        scheme.preset_name = PRESETS[scheme.preset].name if scheme.preset in PRESETS else ""
    return render(request, "evaluation/scheme_list.html", {
        "zone": zone, "zones": visible_zones(request.user).order_by("name"), "schemes": rows,
        "presets": preset_cards(), "can_manage": can_manage_zone(request.user, zone.pk),
    })


@login_required
@require_http_methods(["GET", "POST"])
def scheme_create(request):
    zone = requested_zone(request)
    if not can_manage_zone(request.user, zone.pk):
        raise PermissionDenied(schemes.MSG_NOT_ADMIN)
    form = SchemeCreateForm(request.POST or None, initial={"preset": request.GET.get("preset")})
    if request.method == "POST":
        if form.is_valid():
            try:
                scheme = schemes.scheme_create(zone=zone, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, MSG_CREATED.format(name=scheme.name))
                return redirect("evaluation:scheme_edit", pk=scheme.pk)
        messages.error(request, MSG_FIX_BELOW)
    return render(request, "evaluation/scheme_create.html", {"zone": zone, "form": form, "presets": preset_cards()})


@login_required
def scheme_detail(request, pk):
    scheme = get_visible_or_404(Scheme.objects.select_related("zone", "created_by"), request.user, pk=pk)
    try:
        spec = SchemeSpec.from_dict(scheme.spec)
    except SchemeError as error:  # stored by an older version with settings this one refuses
        spec, problems = None, list(error.errors.values())
    else:
        problems = []
    return render(request, "evaluation/scheme_detail.html", {
        "scheme": scheme, "zone": scheme.zone, "explained": explain(spec) if spec else None, "problems": problems,
        "preset_name": PRESETS[scheme.preset].name if scheme.preset in PRESETS else "",
        "runs": scheme.runs.order_by("-year", "-created_at")[:20],
        "can_manage": can_manage_zone(request.user, scheme.zone_id),
    })


@login_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request, pk):
    scheme = _managed_scheme(request, pk)
    editor = SchemeEditor(request.POST or None, scheme=scheme)
    if request.method == "POST":
        if request.POST.get("add"):  # the page without JS: one more blank row, nothing saved
            editor.add_row(request.POST["add"])
            return _edit_page(request, scheme, editor)
        if editor.is_valid():
            try:
                saved = schemes.scheme_update(scheme=scheme, by=request.user, spec=editor.spec(),
                                              expected_version=editor.settings.cleaned_data["version"])
            except ValidationError as error:
                editor.apply_error(error)
            else:
                messages.success(request, MSG_SAVED if saved.version != scheme.version else MSG_UNCHANGED)
                return redirect(saved)
        messages.error(request, MSG_FIX_BELOW)
    return _edit_page(request, scheme, editor)


def _edit_page(request, scheme, editor):
    sections = [{"prefix": name, "title": SECTION_TITLES[name], "formset": editor.formsets[name]}
                for name in editor.formsets]
    return render(request, "evaluation/scheme_edit.html", {
        "scheme": scheme, "zone": scheme.zone, "editor": editor, "form": editor.settings,
        "sections": {item["prefix"]: item for item in sections},
        "shares_help": SchemeSettingsForm.SHARES_HELP, "thresholds_help": SchemeSettingsForm.THRESHOLDS_HELP,
    })


@login_required
@require_http_methods(["GET", "POST"])
def scheme_delete(request, pk):
    scheme = _managed_scheme(request, pk)
    if request.method == "POST":
        zone, name = scheme.zone, scheme.name
        schemes.scheme_delete(scheme=scheme, by=request.user)
        messages.success(request, MSG_DELETED.format(name=name))
        return redirect(_list_url(zone))
    run_count = scheme.runs.count()
    used = f"已有 {run_count} 个评价批次使用过此方案。" if run_count else ""
    return render(request, "core/confirm_delete.html", {
        "title": f"删除评价方案“{scheme.name}”", "back": scheme.get_absolute_url(), "zone": scheme.zone,
        "warning": used + schemes.MSG_RUNS_KEPT,
    })


# ---------------------------------------------------------------------------------- the scheme in words


def num(value) -> str:
    """A setting as the documents print it: 24.097, 136.16, 20 (no trailing zeros, no exponent)."""
    if value is None:
        return ""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def preset_cards() -> list[dict]:
    cards = []
    for key, spec in PRESETS.items():
        groups = "、".join(f"{GROUP_LABELS[g]} {len(spec.indicators_of(g))} 项" for g in spec.groups)
        if spec.class_method == SHARES:
            classes = "A/B/C/D 按 " + "/".join(num(s) for s in spec.shares) + "%"
        else:
            classes = "按分数线 " + "/".join(num(t) for t in spec.thresholds)
        method = "极值法" if spec.method == MINMAX else "与基准值之比"
        cards.append({"key": key, "name": spec.name, "description": spec.description,
                      "facts": [f"指标: {groups}", f"计分: {method}", f"分类: {classes}"]})
    return cards


def _formula(key: str) -> str:
    indicator = CATALOGUE[key]
    words = f"{COLUMN_WORDS[indicator.numerator]} ÷ {COLUMN_WORDS[indicator.denominator]}"
    if indicator.percent:
        words += " × 100%"
    return words


def _indicator_row(item, spec: SchemeSpec) -> dict:
    indicator = CATALOGUE[item.key]
    weight = float(item.weight)
    if spec.method == MINMAX:
        benchmark = "不用基准值: 取本年同组参评企业的最小值和最大值"
        low, high = weight * spec.minmax_floor / 100, weight * (spec.minmax_floor + spec.minmax_span) / 100
        score = (f"{num(weight)} × ({num(spec.minmax_floor)} + {num(spec.minmax_span)} × (x − 最小值) ÷ "
                 f"(最大值 − 最小值)) ÷ 100, 即 {num(low)} 至 {num(high)} 分")
    else:
        if item.benchmark == FIXED:
            benchmark = f"{num(item.value)}{'' if indicator.unit == '%' else ' '}{indicator.unit}"
        else:
            what = "平均值" if item.benchmark == PREV_MEAN else "中位数"
            benchmark = f"上年全区{what} × {num(item.factor)}"
        score = f"{num(weight)} × 实际值 ÷ 基准值"
    if item.cap is not None:
        cap = f"权重的 {num(item.cap)} 倍, 最多 {num(item.cap * weight)} 分"
    else:
        cap = "不封顶"
    missing = "得本组该指标平均分" if item.missing == MISSING_AVERAGE else "得 0 分"
    return {"label": indicator.label, "unit": indicator.unit, "formula": _formula(item.key), "note": indicator.note,
            "weight": num(weight),
            "benchmark": benchmark, "score": score, "cap": cap, "missing": missing}


def _class_rows(spec: SchemeSpec) -> list[dict]:
    if spec.class_method == SHARES:
        rows, start = [], 0.0
        for klass, share in zip("ABCD", spec.shares):
            end = start + share
            if klass == "A":
                words = f"排名前 {num(share)}%"
            elif klass == "D":
                words = f"排名最后 {num(share)}%" if share else "无(全部归入 A–C 类)"
            else:
                words = f"排名 {num(start)}% 至 {num(end)}%"
            rows.append({"klass": klass, "rule": words, "share": num(share)})
            start = end
        return rows
    a, b, c = (num(t) for t in spec.thresholds)
    return [{"klass": "A", "rule": f"总分 ≥ {a}"}, {"klass": "B", "rule": f"{b} ≤ 总分 < {a}"},
            {"klass": "C", "rule": f"{c} ≤ 总分 < {b}"}, {"klass": "D", "rule": f"总分 < {c}"}]


def explain(spec: SchemeSpec) -> dict:
    """Everything the scheme decides, as sentences and tables for the scheme page."""
    if spec.include_below_scale:
        scope = ["规上企业(主营业务收入 2000 万元及以上)全部参评。",
                 f"规下企业用地面积 {num(spec.below_scale_min_mu)} 亩及以上的参评, "
                 f"不足 {num(spec.below_scale_min_mu)} 亩的不在评价范围。",
                 "规上、规下企业分为两组, 各用本组的指标, 分别排名和分类。"]
    else:
        scope = ["只评价规上企业(主营业务收入 2000 万元及以上); 规下企业不在评价范围。"]
    not_rated = []
    if spec.exclude_utilities:
        not_rated.append("电力、热力、燃气及水的生产和供应企业(公用事业, 国民经济行业 44–46 大类)。")
    if spec.min_years_in_production > 0:
        n = spec.min_years_in_production
        not_rated.append(f"投产不满 {n} 年的企业: 投产年份晚于“评价年度 − {n}”(如评价 2024 年, "
                         f"{2024 - n + 1} 年及以后投产)。")
    if spec.exclude_under_construction:
        not_rated.append("主体项目仍在建设中的企业。")
    groups = []
    for group in spec.groups:
        items = spec.indicators_of(group)
        groups.append({"label": GROUP_LABELS[group], "rows": [_indicator_row(item, spec) for item in items],
                       "total_weight": num(sum(float(item.weight) for item in items))})
    unused = [] if spec.include_below_scale else [_indicator_row(item, spec) for item in spec.indicators_of(BELOW)]
    policies = sorted(spec.policies, key=lambda rule: (rule.name, "ABCD".index(rule.klass), rule.min_years))
    return {
        "scope": scope,
        "not_rated": not_rated,
        "parcel": PARCEL_WORDS.get(spec.parcel_rule, ""),
        "method": ("极值法: 单项得分 = 权重 × (下限 + 跨度 × (x − 最小值) ÷ (最大值 − 最小值)) ÷ 100, 最小值和最大值取本年"
                   f"同组参评企业的值; 本方案下限 {num(spec.minmax_floor)}、跨度 {num(spec.minmax_span)}。"
                   if spec.method == MINMAX else
                   "与基准值之比: 单项得分 = 权重 × 实际值 ÷ 基准值, 达到基准值得满权重分。"),
        "groups": groups,
        "unused_below": unused,
        "bonuses": [{"label": b.label, "tag": b.tag, "points": f"{float(b.points):+g}"} for b in spec.bonuses],
        "bonus_cap": num(spec.bonus_cap) if spec.bonus_cap is not None else "",
        "by_shares": spec.class_method == SHARES,
        "classes": _class_rows(spec),
        "forced": [{"group": GROUP_LABELS.get(rule.group, ""), "label": CATALOGUE[rule.key].label,
                    "floor": num(rule.floor), "unit": CATALOGUE[rule.key].unit} for rule in spec.forced],
        "policies": [{"klass": rule.klass, "name": rule.name,
                      "from": "当年即适用" if rule.min_years <= 1 else f"连续 {rule.min_years} 年起",
                      "rate": f"+{num(rule.rate)} 元/千瓦时" if rule.basis == ELECTRICITY and rule.rate is not None
                      else "—", "note": rule.note} for rule in policies],
        "idle_years": spec.idle_years,
        "underuse_share": num(spec.underuse_share),
    }
