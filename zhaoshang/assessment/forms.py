"""Forms for scorecards: they collect input; the services decide who may change what."""

from decimal import Decimal

from django import forms

from zhaoshang.assessment.models import Scorecard, ScoreIndicator
from zhaoshang.assessment.selectors import creatable_zones, period_label
from zhaoshang.assessment.services import INDICATOR_FIELDS
from zhaoshang.core.forms import StyledFormMixin
from zhaoshang.geo.models import Division, DivisionLevel, Industry
from zhaoshang.organisation.models import Team, Zone
from zhaoshang.targets.choices import ScorecardScope

TARGET = {"required": False, "min_value": Decimal(0), "max_digits": 16, "decimal_places": 2}


class ScorecardForm(StyledFormMixin, forms.ModelForm):
    """A new card names whom it ranks (a zone's teams, or a division's zones); an existing one keeps it."""

    class Meta:
        model = Scorecard
        fields = ["zone", "division", "name", "year", "cap", "cumulative", "previous"]

    def __init__(self, *args, user, scope: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        if self.instance.pk:
            del self.fields["zone"], self.fields["division"]
            owner = {"zone": self.instance.zone_id, "division": self.instance.division_id}
        elif scope == ScorecardScope.ZONE_TEAMS:
            del self.fields["division"]
            self.fields["zone"].required = True
            self.fields["zone"].queryset = creatable_zones(user).order_by("name")
            if user.zone_id and not self.is_bound:
                self.initial.setdefault("zone", user.zone_id)
            owner = {"zone__in": self.fields["zone"].queryset}
        else:
            del self.fields["zone"]
            self.fields["division"].required = True
            self.fields["division"].queryset = Division.objects.filter(
                level__in=[DivisionLevel.PROVINCE, DivisionLevel.CITY, DivisionLevel.DISTRICT]).order_by("code")
            owner = {}
        self.fields["previous"].queryset = Scorecard.objects.filter(scope=scope, **owner).exclude(
            pk=self.instance.pk).order_by("-year", "name")
        self.fields["cap"].help_text = "如 1.2: 单项完成率超过120%按120%计分"

    def _post_clean(self):
        # The scope is not a form field; the model's checks (scope matches zone/division) need it.
        self.instance.scope = self.scope
        super()._post_clean()


class IndicatorForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ScoreIndicator
        fields = list(INDICATOR_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = Industry.objects.filter(level__in=["division", "group"]).order_by("code")
        self.fields["weight"].help_text = "完成率100%时得的分数"


class TargetGridForm(StyledFormMixin, forms.Form):
    """Every subject's target for every indicator in one period, as a grid."""

    fill_year = forms.BooleanField(label="同时填入全年各期(覆盖各期已有目标值)", required=False)

    def __init__(self, *args, scorecard: Scorecard, people: list, indicators: list, period: str,
                 existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.scorecard, self.people, self.indicators, self.period = scorecard, people, indicators, period
        for subject in people:
            for indicator in indicators:
                value = existing.get((indicator.pk, subject.pk))
                # Added after the mixin styled the fields, so styled here; 2, not 2.00, as the user typed it.
                self.fields[self.key(subject, indicator)] = forms.DecimalField(
                    label=f"{subject} · {indicator}", initial=None if value is None else format(value.normalize(), "f"),
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "any"}),
                    **TARGET)

    @staticmethod
    def key(subject, indicator) -> str:
        return f"t_{subject.pk}_{indicator.pk}"

    def grid(self):
        """Rows of (subject, [bound fields]) for the template."""
        return [(subject, [self[self.key(subject, indicator)] for indicator in self.indicators])
                for subject in self.people]

    def values(self) -> dict[tuple[int, int, str], Decimal | None]:
        codes = [item.code for item in self.scorecard.periods] if self.cleaned_data["fill_year"] else [self.period]
        return {(indicator.pk, subject.pk, code): self.cleaned_data[self.key(subject, indicator)]
                for subject in self.people for indicator in self.indicators for code in codes}


class AdjustmentForm(StyledFormMixin, forms.Form):
    subject = forms.ModelChoiceField(label="对象", queryset=Team.objects.none())
    period = forms.ChoiceField(label="期间")
    points = forms.DecimalField(label="加减分", max_digits=6, decimal_places=2,
                                help_text="加分填正数, 扣分填负数")
    reason = forms.CharField(label="事由", max_length=200)

    def __init__(self, *args, scorecard: Scorecard, people: list, **kwargs):
        super().__init__(*args, **kwargs)
        model = Team if scorecard.is_zone_teams else Zone
        self.fields["subject"].queryset = model.objects.filter(pk__in=[subject.pk for subject in people])
        self.fields["subject"].label = scorecard.subject_label
        self.fields["period"].choices = [(period.code, period_label(scorecard, period))
                                         for period in scorecard.periods]
