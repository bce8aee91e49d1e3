"""Forms for projects: they collect input; the services decide what is allowed."""

from django import forms
from django.utils import timezone

from zhaoshang.core.forms import StyledFormMixin
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.geo.models import Industry
from zhaoshang.organisation.selectors import assignable_officers, assignable_teams
from zhaoshang.projects.choices import PIPELINE, PIPELINE_CHOICES, PIPELINE_INDEX, Stage
from zhaoshang.projects.models import Interaction, Project

MSG_INVESTOR_REQUIRED = "请选择投资方, 或填写新投资方的名称。"
MSG_INVESTOR_BOTH = "已选择投资方时不要再填写新投资方名称。"


def _industry_queryset():
    return Industry.objects.filter(level__in=["division", "group"]).order_by("code")


class ProjectForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    new_investor_name = forms.CharField(label="或新投资方名称", required=False, max_length=120,
                                        help_text="企业库中没有时填写, 保存时自动建入企业库")
    new_investor_code = forms.CharField(label="新投资方统一社会信用代码", required=False, max_length=30)

    class Meta:
        model = Project
        fields = [
            "name", "investor", "phase", "is_expansion", "industry", "currency", "total_investment",
            "foreign_investment", "fixed_asset_investment", "land_area_mu", "expected_output",
            "expected_taxable_sales", "expected_tax", "expected_jobs", "channel", "team", "officer", "referrer",
            "major_level", "top500", "is_sci_tech", "is_foreign", "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.instance.zone = zone  # the model's own checks (same-zone investor, team, officer) need it
        self.fields["investor"].required = False
        self.fields["investor"].queryset = Enterprise.objects.filter(zone=zone).order_by("name")
        self.fields["industry"].queryset = _industry_queryset()
        self.fields["team"].queryset = assignable_teams(zone.pk, keep=self.instance.team_id)
        self.fields["officer"].queryset = assignable_officers(zone.pk, keep=self.instance.officer_id)
        self.fields["total_investment"].label = "总投资(万元/万美元)"
        order = ["name", "investor", "new_investor_name", "new_investor_code"]
        self.order_fields(order + [name for name in self.fields if name not in order])
        if self.instance.pk:
            del self.fields["new_investor_name"], self.fields["new_investor_code"]
            self.fields["investor"].required = True

    def clean(self):
        data = super().clean()
        if "new_investor_name" in self.fields:
            if not data.get("investor") and not data.get("new_investor_name", "").strip():
                self.add_error("investor", MSG_INVESTOR_REQUIRED)
            elif data.get("investor") and data.get("new_investor_name", "").strip():
                self.add_error("new_investor_name", MSG_INVESTOR_BOTH)
        return data

    def project_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "investor"} | (
            {"investor": self.cleaned_data["investor"]} if self.cleaned_data.get("investor") else {}
        )


class InitialStageForm(StyledFormMixin, forms.Form):
    initial_stage = forms.ChoiceField(label="入库时所处阶段", choices=PIPELINE_CHOICES, initial=Stage.LEAD)
    initial_date = forms.DateField(label="该阶段日期", initial=timezone.localdate)


class AdvanceForm(StyledFormMixin, forms.Form):
    stage = forms.ChoiceField(label="推进到")
    date = forms.DateField(label="发生日期", initial=timezone.localdate)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        later = PIPELINE[PIPELINE_INDEX[project.stage] + 1:]
        self.fields["stage"].choices = [(stage, Stage(stage).label) for stage in later]


class StatusForm(StyledFormMixin, forms.Form):
    event = forms.ChoiceField(label="操作")
    date = forms.DateField(label="日期", initial=timezone.localdate)
    reason = forms.CharField(label="原因", required=False, max_length=200,
                             help_text="终止时必填, 如: 投资方战略调整、落户其他地区")
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [(event, Stage(event).label) for event in allowed]


class CorrectStageForm(StyledFormMixin, forms.Form):
    stage = forms.ChoiceField(label="退回到")
    reason = forms.CharField(label="更正原因", max_length=200, required=False,
                             help_text="必填, 如: 签约日期录入错误, 实际尚在洽谈")

    def __init__(self, *args, reached: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(stage, Stage(stage).label) for stage in reached]


class EventDateForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="正确日期")
    reason = forms.CharField(label="更正原因", max_length=200, required=False, help_text="必填")


class InteractionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["kind", "date", "people", "place", "notes", "next_step", "next_step_due"]
        widgets = {
            "date": forms.DateInput(),
            "next_step_due": forms.DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
