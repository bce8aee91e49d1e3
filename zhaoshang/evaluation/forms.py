"""Forms of the evaluation pages: a scheme's settings (one form and four row tables) and a new scheme.

A scheme is JSON, not rows of a model, so the row tables are plain formsets; `SchemeEditor` turns the
forms into a spec dict for `schemes.scheme_update` and puts the errors it reports (keyed by spec path,
"indicators.2.weight") back on the row and field they name. The forms only collect input: whether the
settings make sense is decided by `SchemeSpec.problems()`, the same check the API and the CLI get.
"""

from django import forms

from zhaoshang.core.forms import StyledFormMixin
from zhaoshang.enterprises.choices import EnterpriseTagKind
from zhaoshang.evaluation.engine.indicators import INDICATOR_CHOICES
from zhaoshang.evaluation.engine.presets import PRESET_CHOICES
from zhaoshang.evaluation.engine.scheme import (
    ABOVE, BENCHMARK_LABELS, CLASS_METHOD_LABELS, CLASSES, FIXED, GROUP_LABELS, METHOD_LABELS, MINMAX,
    MISSING_LABELS, MISSING_ZERO, NO_BASIS, PARCEL_LABELS, POLICY_BASIS_LABELS, SHARES, THRESHOLDS,
)

SECTIONS = ("indicators", "bonuses", "forced", "policies")
SHARE_FIELDS = ("share_a", "share_b", "share_c", "share_d")
THRESHOLD_FIELDS = ("threshold_a", "threshold_b", "threshold_c")

MSG_SHARES_BLANK = "按比例分类时请填写 A、B、C、D 四类比例(没有的类别填 0)。"
MSG_THRESHOLDS_BLANK = "按分数线分类时请填写 A、B、C 三类的最低分。"
MSG_MINMAX_BLANK = "极值法需要填写下限分和跨度。"
MSG_MIN_MU_BLANK = "评价规下企业时请填写用地下限(亩)。"


def _plain(value):
    """20.0 → 20, so a form shows the numbers as the documents print them."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in labels.items()]


# -------------------------------------------------------------------------------------- main settings


class SchemeSettingsForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="方案名称", max_length=80,
                           help_text="本园区内不能重名; 评价批次会记下所用方案的名称。")
    description = forms.CharField(
        label="方案说明", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="依据的文件、适用年度、与文件不同之处等, 显示在方案页开头。")

    # Who is in scope, who is T.
    include_below_scale = forms.BooleanField(
        label="评价规下企业", required=False,
        help_text="规上企业(主营业务收入 2000 万元及以上)全部参评; 不勾选则只评价规上企业。")
    below_scale_min_mu = forms.FloatField(
        label="规下企业纳入评价的用地下限(亩)", required=False, min_value=0,
        help_text="规下企业用地面积达到此数(含本数)才参评, 不足的不在评价范围。江苏和浙江多数地区为 3 亩, "
                  "部分地区为 5 亩。")
    exclude_utilities = forms.BooleanField(
        label="公用事业企业暂不评价(T)", required=False,
        help_text="电力、热力、燃气及水的生产和供应业(国民经济行业 44–46 大类), 按行业代码判断。")
    min_years_in_production = forms.IntegerField(
        label="投产不满几年暂不评价(T)", min_value=0, max_value=20,
        help_text="投产年份晚于“评价年度 − 此数”的企业标为 T: 例如填 2, 评价 2024 年时 2023、2024 年投产的企业"
                  "暂不评价。填 0 则不按投产年限排除。")
    exclude_under_construction = forms.BooleanField(
        label="主体项目在建暂不评价(T)", required=False,
        help_text="企业年度数据中标为“在建项目”的企业暂不评价。")
    parcel_rule = forms.ChoiceField(
        label="同一宗地上有多家企业时", choices=_choices(PARCEL_LABELS),
        help_text="各自单独评价: 每家企业按自己的用地和数据评分。合并评价: 同一宗地上的企业数据相加, 作为一个单元"
                  "评分、排名, 得同一等级。承租企业随宗地主: 承租企业不单独评分, 取宗地主(在该宗地上自有用地的企业)"
                  "的等级; 宗地上没有宗地主数据的承租企业仍单独评价。")

    # Scoring.
    method = forms.ChoiceField(
        label="计分方法", choices=_choices(METHOD_LABELS),
        help_text="与基准值之比: 达到基准值得满权重分, 超过得更多(可在指标中设封顶)。极值法: 在本年同组参评企业中, "
                  "最小值得权重的“下限分”%, 最大值得满权重分, 其余按所处位置计分; 不使用基准值。")
    minmax_floor = forms.FloatField(
        label="极值法下限分(%)", required=False, min_value=0,
        help_text="指标值最小的企业得权重的百分之几, 旌德为 20。")
    minmax_span = forms.FloatField(
        label="极值法跨度(%)", required=False,
        help_text="最大值与最小值企业得分之差占权重的百分比, 旌德为 80 (20 + 80 = 满分 100%)。")
    bonus_cap = forms.FloatField(
        label="加分上限(分)", required=False,
        help_text="一家企业各加分项合计最多得多少分; 留空不设上限。减分不受此限。")

    # Classes.
    class_method = forms.ChoiceField(
        label="分类方法", choices=_choices(CLASS_METHOD_LABELS),
        help_text="按比例: 规上、规下分别按总分排名, 前 A% 为 A 类, 其后 B% 为 B 类, 依次类推。"
                  "按分数线: 总分达到某类最低分即为该类, 低于 C 类最低分为 D 类。")
    share_a = forms.FloatField(label="A 类(%)", required=False)
    share_b = forms.FloatField(label="B 类(%)", required=False)
    share_c = forms.FloatField(label="C 类(%)", required=False)
    share_d = forms.FloatField(label="D 类(%)", required=False)
    threshold_a = forms.FloatField(label="A 类最低分", required=False)
    threshold_b = forms.FloatField(label="B 类最低分", required=False)
    threshold_c = forms.FloatField(label="C 类最低分", required=False)

    # Idle land.
    idle_years = forms.IntegerField(
        label="已供未用: 供地满几年", min_value=0, max_value=20,
        help_text="供地满此年数仍未投产、没有报送生产数据的宗地, 列为已供未用(闲置)土地。")
    underuse_share = forms.FloatField(
        label="用而不足: 低于参照值的百分比(%)",
        help_text="参评企业的亩均税收或亩均销售收入低于参照值的此百分比, 列为用而不足。参照值: 按“与基准值之比”"
                  "计分时取该指标的基准值, 否则取本年同组全部参评企业的平均值(合计 ÷ 合计用地)。")

    SHARES_HELP = ("四类之和应为 100。各类名额 = 同组参评企业数 × 比例, 向下取整, 所以 A 类不会超过其比例, D 类不会"
                   "少于其比例。分数相同的企业跨在两类分界上时, 一并归入较低的一类: 例如 A 类名额 2 个而第 2、3 名同分, "
                   "则两家都为 B 类。")
    THRESHOLDS_HELP = "应满足 A > B > C; 总分不低于 A 类最低分为 A 类, 依次类推, 低于 C 类最低分为 D 类。"

    def clean(self):
        data = super().clean()
        required_when = (
            (data.get("include_below_scale"), ("below_scale_min_mu",), MSG_MIN_MU_BLANK),
            (data.get("method") == MINMAX, ("minmax_floor", "minmax_span"), MSG_MINMAX_BLANK),
            (data.get("class_method") == SHARES, SHARE_FIELDS, MSG_SHARES_BLANK),
            (data.get("class_method") == THRESHOLDS, THRESHOLD_FIELDS, MSG_THRESHOLDS_BLANK),
        )
        for active, names, message in required_when:
            blank = [name for name in names if name not in self.errors and data.get(name) is None]
            if active and blank:
                for name in blank:
                    self.add_error(name, message)
        return data

    def share_fields(self):
        return [self[name] for name in SHARE_FIELDS]

    def threshold_fields(self):
        return [self[name] for name in THRESHOLD_FIELDS]

    def group_errors(self, names) -> list[str]:
        """The errors of a row of fields shown as one setting (shares, thresholds), each message once."""
        return list(dict.fromkeys(str(error) for name in names for error in self.errors.get(name, [])))

    def share_errors(self) -> list[str]:
        return self.group_errors(SHARE_FIELDS)

    def threshold_errors(self) -> list[str]:
        return self.group_errors(THRESHOLD_FIELDS)


# -------------------------------------------------------------------------------------------- rows


class _RowForm(StyledFormMixin, forms.Form):
    """A row of a settings table: smaller inputs, and defaults so an untouched new row is left out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)  # the label is the table's column header
            # Explained once under the table, not per cell (a per-row aria-describedby would point nowhere).
            field.column_help, field.help_text = field.help_text, ""
            css = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = css.replace("form-select", "form-select form-select-sm").replace(
                "form-control", "form-control form-control-sm")


GROUP_FIELD_HELP = "规上、规下企业分组排名, 各用本组的指标。"


class IndicatorForm(_RowForm):
    group = forms.ChoiceField(label="分组", choices=_choices(GROUP_LABELS), initial=ABOVE, help_text=GROUP_FIELD_HELP)
    key = forms.ChoiceField(label="指标", choices=INDICATOR_CHOICES, initial=INDICATOR_CHOICES[0][0],
                            help_text="各指标的计算公式和单位见方案页; 同一分组中每个指标只能出现一次。")
    weight = forms.FloatField(label="权重", help_text="同一分组各指标的权重之和一般为 100。")
    benchmark = forms.ChoiceField(
        label="基准值", choices=_choices(BENCHMARK_LABELS), initial=FIXED,
        help_text="固定值: 按文件公布的当年基准值, 如黄岩 2022 年规上亩均税收 24.097 万元/亩。"
                  "上年全区平均值 × k: 用上年全区参评企业的合计数计算(如税收合计 ÷ 用地合计)再乘以 k, "
                  "淮安取 k = 2, 即基准值为上年平均水平的两倍。上年全区中位数 × k: 上年各企业该指标的中位数乘以 k。"
                  "没有上年数据时按本年数据计算, 并在评价结果中提示。极值法不使用基准值。")
    value = forms.FloatField(label="固定基准值", required=False,
                             help_text="基准值为“固定值”时填写, 单位与指标相同。")
    factor = forms.FloatField(label="k", required=False, initial=1,
                              help_text="基准值为上年平均值或中位数时的倍数; 留空为 1。")
    cap = forms.FloatField(label="封顶倍数", required=False,
                           help_text="单项得分最多为权重的几倍: 填 2, 权重 45 的指标最多得 90 分。留空不封顶。")
    missing = forms.ChoiceField(
        label="缺失时", choices=_choices(MISSING_LABELS), initial=MISSING_ZERO,
        help_text="企业缺少该指标数据(如未报排放量、能耗为 0)时: 得 0 分, 或得本组参评企业该指标的平均分"
                  "(黄岩对排放数据如此处理)。")

    def item(self) -> dict:
        data = self.cleaned_data
        return {"key": data["key"], "group": data["group"], "weight": data["weight"],
                "benchmark": data["benchmark"], "value": data["value"],
                "factor": 1.0 if data["factor"] is None else data["factor"], "cap": data["cap"],
                "missing": data["missing"]}


def tag_choices(extra: str = "") -> list[tuple[str, str]]:
    labels = [str(label) for label in EnterpriseTagKind.labels]
    if extra and extra not in labels:
        labels.append(extra)
    return [(label, label) for label in labels]


class BonusForm(_RowForm):
    label = forms.CharField(label="加减分项", max_length=40, help_text="显示在企业评价结果中, 如“高新技术企业”。")
    tag = forms.ChoiceField(label="对应企业标签", choices=(),
                            help_text="评价年度在企业库中带有此标签的企业得此分(合并评价时, 任一成员带有即可)。")
    points = forms.FloatField(label="分值", help_text="正数为加分, 负数为减分, 如 −5。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = (self.initial or {}).get("tag", "")
        self.fields["tag"].choices = tag_choices(current)
        self.fields["tag"].initial = self.fields["tag"].choices[0][0]

    def item(self) -> dict:
        return {"label": self.cleaned_data["label"], "tag": self.cleaned_data["tag"],
                "points": self.cleaned_data["points"]}


class ForcedForm(_RowForm):
    group = forms.ChoiceField(label="分组", choices=_choices(GROUP_LABELS), initial=ABOVE, help_text=GROUP_FIELD_HELP)
    key = forms.ChoiceField(label="指标", choices=INDICATOR_CHOICES, initial=INDICATOR_CHOICES[0][0])
    floor = forms.FloatField(label="低于此值直接评为 D 类",
                             help_text="该指标低于此值的参评企业直接评为 D 类, 不论总分; 单位与指标相同, "
                                       "如亩均税收低于 1 万元/亩。缺少该指标数据的企业不受此规则影响。")

    def item(self) -> dict:
        return {"key": self.cleaned_data["key"], "group": self.cleaned_data["group"],
                "floor": self.cleaned_data["floor"]}


class PolicyForm(_RowForm):
    name = forms.CharField(label="政策名称", max_length=40,
                           help_text="同名的几条政策只适用已达到的最高一档, 不叠加: 连续三年 D 类按 0.4 元/千瓦时, "
                                     "而不是 0.3 + 0.4。")
    klass = forms.ChoiceField(label="适用类别", choices=[(k, f"{k} 类") for k in CLASSES], initial="D")
    min_years = forms.IntegerField(label="连续几年起", initial=1, min_value=1, max_value=20,
                                   help_text="连续处于该类别满几年起适用, 1 为当年即适用。")
    basis = forms.ChoiceField(label="计收方式", choices=_choices(POLICY_BASIS_LABELS), initial=NO_BASIS,
                              help_text="按用电量计收时, 评价结果显示每家企业的加价金额(加价 × 用电量)。")
    rate = forms.FloatField(label="加价(元/千瓦时)", required=False, help_text="按用电量计收时填写。")
    note = forms.CharField(label="说明", max_length=200, required=False,
                           help_text="如“不得参与土地竞买”, 显示在企业评价结果中。")

    def item(self) -> dict:
        data = self.cleaned_data
        return {"name": data["name"], "klass": data["klass"], "min_years": data["min_years"], "rate": data["rate"],
                "basis": data["basis"], "note": data["note"]}


class RowFormSet(forms.BaseFormSet):
    """Rows that can be removed (a 删除 box) and added (the page clones `empty_form`)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "删除"
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def kept_forms(self) -> list[forms.Form]:
        """The rows that make the scheme: not deleted, not a new row left untouched."""
        return [form for form in self.forms
                if not self._should_delete_form(form) and form.cleaned_data]


FORMSETS = {
    "indicators": forms.formset_factory(IndicatorForm, formset=RowFormSet, extra=0, can_delete=True),
    "bonuses": forms.formset_factory(BonusForm, formset=RowFormSet, extra=0, can_delete=True),
    "forced": forms.formset_factory(ForcedForm, formset=RowFormSet, extra=0, can_delete=True),
    "policies": forms.formset_factory(PolicyForm, formset=RowFormSet, extra=0, can_delete=True),
}
SECTION_TITLES = {"indicators": "评价指标", "bonuses": "加减分项", "forced": "直接评为 D 类的规则",
                  "policies": "差别化政策"}


# --------------------------------------------------------------------------------- spec ↔ forms


def settings_initial(spec: dict, version: int) -> dict:
    shares = list(spec.get("shares") or (None,) * 4)
    thresholds = list(spec.get("thresholds") or (None,) * 3)
    initial = {name: _plain(spec.get(name)) for name in (
        "name", "description", "include_below_scale", "below_scale_min_mu", "exclude_utilities",
        "min_years_in_production", "exclude_under_construction", "parcel_rule", "method", "minmax_floor",
        "minmax_span", "bonus_cap", "class_method", "idle_years", "underuse_share")}
    initial.update({name: _plain(value) for name, value in zip(SHARE_FIELDS, shares)})
    initial.update({name: _plain(value) for name, value in zip(THRESHOLD_FIELDS, thresholds)})
    initial["version"] = version
    return initial


def rows_initial(spec: dict, section: str) -> list[dict]:
    return [{key: _plain(value) for key, value in item.items()} for item in spec.get(section) or ()]


class SchemeEditor:
    """The edit page's forms: main settings plus the four row tables, as one unit."""

    def __init__(self, data=None, *, scheme):
        self.scheme = scheme
        self.base = dict(scheme.spec)
        self._build(data)

    def _build(self, data) -> None:
        self.data = data
        self.settings = SchemeSettingsForm(data, initial=settings_initial(self.base, self.scheme.version))
        self.formsets = {section: FORMSETS[section](data, prefix=section, initial=rows_initial(self.base, section))
                         for section in SECTIONS}
        self._rows: dict[str, list[forms.Form]] = {}

    def add_row(self, section: str) -> None:
        """One more blank row in a table (the page without JS: an 添加 button posts the form back)."""
        if section not in SECTIONS or self.data is None:
            return
        data = self.data.copy()
        total = f"{section}-TOTAL_FORMS"
        count = data.get(total) or "0"
        data[total] = str(int(count) + 1 if count.isdigit() else 1)
        self._build(data)

    def is_valid(self) -> bool:
        results = [self.settings.is_valid()] + [formset.is_valid() for formset in self.formsets.values()]
        return all(results)

    def spec(self) -> dict:
        """The scheme as a spec dict (call after is_valid). Settings not in use keep their stored values,
        so switching the class method back and forth loses nothing."""
        data = self.settings.cleaned_data
        spec = dict(self.base)
        for name in ("name", "description", "include_below_scale", "exclude_utilities", "min_years_in_production",
                     "exclude_under_construction", "parcel_rule", "method", "bonus_cap", "class_method",
                     "idle_years", "underuse_share"):
            spec[name] = data[name]
        for name in ("below_scale_min_mu", "minmax_floor", "minmax_span"):
            if data.get(name) is not None:
                spec[name] = data[name]
        shares = [data.get(name) for name in SHARE_FIELDS]
        if None not in shares:
            spec["shares"] = shares
        thresholds = [data.get(name) for name in THRESHOLD_FIELDS]
        if None not in thresholds:
            spec["thresholds"] = thresholds
        for section, formset in self.formsets.items():
            self._rows[section] = formset.kept_forms()
            spec[section] = [form.item() for form in self._rows[section]]
        return spec

    # ------------------------------------------------------------------------------ errors back to forms

    def apply_error(self, error) -> None:
        """Put a service's ValidationError on the field it names: "indicators.2.weight" is the weight of the
        third kept indicator row, "shares" the four share boxes, anything else the page's top."""
        if not hasattr(error, "error_dict"):
            self.settings.add_error(None, error)
            return
        for path, messages in error.message_dict.items():
            self._place(path, messages)

    def _place(self, path: str, messages: list[str]) -> None:
        settings = self.settings
        parts = path.split(".")
        if parts[0] in SECTIONS:
            rows = self._rows.get(parts[0], [])
            if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
                form = rows[int(parts[1])]
                field = parts[2] if parts[2] in form.fields else None
                form.add_error(field, messages)
                _mark_invalid(form, field)
            else:  # e.g. "indicators.below": 规下企业至少需要一个评价指标
                self.formsets[parts[0]].non_form_errors().extend(messages)
            return
        targets = {"shares": SHARE_FIELDS, "thresholds": THRESHOLD_FIELDS}.get(path)
        if targets:
            for name in targets:
                settings.add_error(name, messages)
                _mark_invalid(settings, name)
        elif path in settings.fields:
            settings.add_error(path, messages)
            _mark_invalid(settings, path)
        else:  # NON_FIELD_ERRORS, or a path no form shows
            settings.add_error(None, messages)


def _mark_invalid(form, name: str | None) -> None:
    if name is None or name not in form.fields:
        return
    widget = form.fields[name].widget
    if "is-invalid" not in widget.attrs.get("class", ""):
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


# ------------------------------------------------------------------------------------------ new scheme


class SchemeCreateForm(StyledFormMixin, forms.Form):
    preset = forms.ChoiceField(label="从预设新建", choices=PRESET_CHOICES, widget=forms.RadioSelect,
                               help_text="新方案复制预设的全部设置, 之后可按本园区当年的文件修改。")
    name = forms.CharField(label="方案名称", max_length=80, required=False,
                           help_text="留空则用预设的名称(同名时自动加编号)。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A radio list is not a text box: keep Bootstrap's form-control off it.
        self.fields["preset"].widget.attrs["class"] = "form-check-input"
