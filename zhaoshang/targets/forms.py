"""Forms for target plans, targets and FDI arrivals: they collect input; the services decide what is allowed."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from zhaoshang.core.forms import StyledFormMixin
from zhaoshang.core.imports import UploadForm
from zhaoshang.geo.models import Industry
from zhaoshang.organisation.selectors import assignable_officers, assignable_teams
from zhaoshang.projects.models import FdiArrival, Project
from zhaoshang.targets.choices import RATE_METRICS, Granularity
from zhaoshang.targets.models import Target, TargetPlan
from zhaoshang.targets.periods import QUARTER_NAMES, periods_of
from zhaoshang.targets.selectors import COLUMN_CHOICES, PERIOD_VIEW, VIEWS

PERIOD_LABELS = {"Y": "全年"} | {f"Q{n}": name for n, name in QUARTER_NAMES.items()} | {
    f"M{n:02d}": f"{n}月" for n in range(1, 13)}
SPLIT_CODES = {granularity: [period.code for period in periods_of(2000, granularity)]
               for granularity in (Granularity.QUARTER, Granularity.MONTH)}


class TargetPlanForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TargetPlan
        fields = ["year", "name", "scope", "team", "officer"]

    def __init__(self, *args, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.zone = zone
        self.fields["team"].queryset = assignable_teams(zone.pk, keep=self.instance.team_id)
        self.fields["officer"].queryset = assignable_officers(zone.pk, keep=self.instance.officer_id)
        self.fields["team"].help_text = "对象为招商小组时选择"
        self.fields["officer"].help_text = "对象为招商人员时选择"
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)

    def _post_clean(self):
        # The service checks the plan (scope, same zone, a name used once a year); the model's own
        # constraint would otherwise report a missing team before the service can say it better.
        pass

    def plan_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class PlanImportForm(TargetPlanForm):
    file = UploadForm.base_fields["file"]

    clean_file = UploadForm.clean_file


class TargetForm(StyledFormMixin, forms.ModelForm):
    pair_usd = forms.BooleanField(
        label="“或N万美元”按园区比例折算", required=False,
        help_text="勾选且“或不低于(万美元)”留空时, 按园区设置的美元门槛比例自动计算, 如 亿元 → 1000万美元")

    class Meta:
        model = Target
        fields = ["order", "name", "parent", "comparator", "metric", "stage", "min_investment", "min_investment_usd",
                  "foreign_only", "industry", "channel", "major_level", "top500_only", "sci_tech_only", "granularity"]

    def __init__(self, *args, plan: TargetPlan, pairing: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        parents = plan.targets.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].help_text = "“其中”项选择它所属的目标, 如 新签约亿元以上项目(其中5亿元以上)"
        self.fields["order"].required = False
        self.fields["industry"].queryset = Industry.objects.filter(level__in=["section", "division"]).order_by("code")
        self.fields["min_investment_usd"].help_text = (
            f"美元项目按美元门槛计, 如 1000 表示“或1000万美元”; 只填此项表示“N万美元以上”, "
            f"人民币项目按园区比例 {pairing.normalize():f}:1 折算")
        self.pairing = pairing
        values = dict(self.instance.values.values_list("period", "value")) if self.instance.pk else {}
        for code, label in PERIOD_LABELS.items():
            self.fields[f"value_{code}"] = forms.DecimalField(
                label=f"{label}目标值", required=False, max_digits=16, decimal_places=2,
                initial=values.get(code), widget=forms.NumberInput(attrs={"step": "any"}))
            self.fields[f"value_{code}"].widget.attrs["class"] = "form-control"  # added after the mixin ran

    def _post_clean(self):
        pass  # the service runs the model checks with its own (see target_create)

    def quarter_fields(self) -> list:
        return [self[f"value_{code}"] for code in SPLIT_CODES[Granularity.QUARTER]]

    def month_fields(self) -> list:
        return [self[f"value_{code}"] for code in SPLIT_CODES[Granularity.MONTH]]

    def target_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    def period_values(self) -> dict[str, Decimal | None]:
        """The values of the chosen split; the year's only where it is typed (a year target or a rate: the
        year of a split count is the sum of its periods, and the page hides that field)."""
        granularity = self.cleaned_data.get("granularity")
        codes = SPLIT_CODES.get(granularity, [])
        if not codes or self.cleaned_data.get("metric") in RATE_METRICS:
            codes = ["Y", *codes]
        return {code: self.cleaned_data.get(f"value_{code}") for code in codes}


class FdiArrivalForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FdiArrival
        fields = ["project", "date", "amount_usd", "note"]
        widgets = {"date": forms.DateInput()}

    def __init__(self, *args, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(zone=zone).order_by("-is_foreign", "name")
        self.fields["project"].label_from_instance = lambda project: (
            f"{project.name}({project.code}{'·外资' if project.is_foreign else ''})")
        self.initial.setdefault("date", timezone.localdate())

    def _post_clean(self):
        pass  # the service checks the arrival

    def arrival_fields(self) -> dict:
        data = self.cleaned_data
        return {"project": data["project"], "when": data["date"], "amount_usd": data["amount_usd"],
                "note": data.get("note", "")}


class ProgressForm(forms.Form):
    """The plan page's controls: the date to look from, per period or cumulative, quarters or months."""

    as_of = forms.DateField(label="统计截至", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    view = forms.ChoiceField(label="口径", choices=list(VIEWS.items()), required=False)
    columns = forms.ChoiceField(label="分期", choices=list(COLUMN_CHOICES.items()), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select form-select-sm" if select else "form-control form-control-sm"

    def values(self, default_as_of) -> tuple:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("as_of") or default_as_of, data.get("view") or PERIOD_VIEW, data.get("columns") or None
