"""Forms of construction tracking: they collect input; the services decide what is allowed."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from zhaoshang.accounts.models import User
from zhaoshang.construction.models import AnnualPlan, InvestmentEntry, PlanNode
from zhaoshang.core.forms import StyledFormMixin
from zhaoshang.organisation.models import ZoneSettings
from zhaoshang.projects.choices import PIPELINE, Stage


class AnnualPlanForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AnnualPlan
        fields = ["planned_investment", "major_level", "planned_start", "note"]
        widgets = {"planned_start": forms.DateInput()}


class InvestmentEntryForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = InvestmentEntry
        fields = ["month", "amount", "note"]

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        last = 12 if year < today.year else today.month if year == today.year else 0
        self.fields["month"] = forms.TypedChoiceField(
            label="月份", coerce=int, choices=[(month, f"{month}月") for month in range(1, last + 1)],
            help_text="已填报的月份再次填报即替换原数字, 原数字记入变更历史")
        self.fields["month"].widget.attrs["class"] = "form-select"


class PlanNodeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = PlanNode
        fields = ["name", "planned_date", "actual_date", "responsible", "responsible_name", "note"]
        widgets = {"planned_date": forms.DateInput(), "actual_date": forms.DateInput()}

    def __init__(self, *args, zone, **kwargs):
        super().__init__(*args, **kwargs)
        keep = self.instance.responsible_id
        self.fields["responsible"].queryset = User.objects.filter(
            Q(zone=zone, is_active=True) | Q(pk=keep)).order_by("full_name")

    def node_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ResolveForm(StyledFormMixin, forms.Form):
    # Not required here: the service refuses an empty note, with the message the tests check.
    resolution = forms.CharField(label="办结说明", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="写明采取的措施和结果, 如: 已协调供电部门, 节点调整至 10 月底完成")


# The idle thresholds for every stage but 达产, which ends the pipeline.
IDLE_STAGES = [stage for stage in PIPELINE if stage != Stage.FULL_PRODUCTION]


class ZoneSettingsForm(StyledFormMixin, forms.ModelForm):
    """The traffic-light thresholds, with one box per stage for the idle days (stored as one JSON map)."""

    class Meta:
        model = ZoneSettings
        fields = ["lag_yellow_points", "lag_red_points", "node_red_after_workdays"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        idle = self.instance.idle_workdays or {}
        for stage in IDLE_STAGES:
            self.fields[f"idle_{stage}"] = forms.IntegerField(
                label=f"{Stage(stage).label}: 无进展黄灯(工作日)", min_value=1, max_value=999, required=False,
                initial=idle.get(stage))
            self.fields[f"idle_{stage}"].widget.attrs["class"] = "form-control"

    def settings_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["idle_workdays"] = {stage: self.cleaned_data[f"idle_{stage}"] for stage in IDLE_STAGES
                                   if self.cleaned_data.get(f"idle_{stage}")}
        return fields
