"""One FilterSet for the project list, the board, the Excel export (and later the API)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from zhaoshang.accounts.access import visible_zones
from zhaoshang.accounts.models import User
from zhaoshang.geo.models import Industry
from zhaoshang.organisation.models import Team, Zone
from zhaoshang.projects.choices import (
    AMOUNT_BAND_CHOICES,
    AMOUNT_BANDS,
    PIPELINE_CHOICES,
    Channel,
    MajorLevel,
    ProjectStatus,
    Top500,
)
from zhaoshang.projects.models import Project, StageEvent

YES_NO = [("1", "是"), ("0", "否")]


def industry_filter_q(industry: Industry, prefix: str = "") -> Q:
    """A section or division matches projects filed under it or under any of its children."""
    return (Q(**{f"{prefix}industry": industry}) | Q(**{f"{prefix}industry__parent": industry})
            | Q(**{f"{prefix}industry__parent__parent": industry}))


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "项目名称、编号、投资方或信用代码"}))
    zone = django_filters.ModelChoiceFilter(label="园区", queryset=Zone.objects.none(), empty_label="全部园区")
    stage = django_filters.MultipleChoiceFilter(label="当前阶段", choices=PIPELINE_CHOICES)
    status = django_filters.ChoiceFilter(label="状态", choices=ProjectStatus.choices, empty_label="全部状态")
    team = django_filters.ModelChoiceFilter(label="责任小组", queryset=Team.objects.none(), empty_label="全部小组")
    officer = django_filters.ModelChoiceFilter(label="责任人", queryset=User.objects.none(), empty_label="全部人员")
    industry = django_filters.ModelChoiceFilter(label="行业", method="filter_industry", empty_label="全部行业",
                                                queryset=Industry.objects.filter(level__in=["section", "division"]))
    channel = django_filters.ChoiceFilter(label="招商方式", choices=Channel.choices, empty_label="全部方式")
    amount = django_filters.ChoiceFilter(label="投资规模", choices=AMOUNT_BAND_CHOICES, method="filter_amount",
                                         empty_label="不限")
    major_level = django_filters.ChoiceFilter(label="重大项目", choices=MajorLevel.choices, empty_label="不限")
    top500 = django_filters.ChoiceFilter(label="三类500强", method="filter_top500", empty_label="不限",
                                         choices=[("any", "任一500强"), *Top500.choices])
    is_sci_tech = django_filters.ChoiceFilter(label="科创项目", choices=YES_NO, method="filter_flag", empty_label="不限")
    is_foreign = django_filters.ChoiceFilter(label="外资项目", choices=YES_NO, method="filter_flag", empty_label="不限")
    reached = django_filters.ChoiceFilter(label="期间达到阶段", choices=PIPELINE_CHOICES, method="filter_reached",
                                          empty_label="不限")
    reached_from = django_filters.DateFilter(label="自", method="filter_noop",
                                             widget=forms.DateInput(attrs={"type": "date"}))
    reached_to = django_filters.DateFilter(label="至", method="filter_noop",
                                           widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Project
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = request.user
        zones = visible_zones(user)
        # Choices come only from zones the user may see: another zone's team names are data too.
        self.filters["zone"].queryset = zones
        self.filters["team"].queryset = Team.objects.filter(zone__in=zones).order_by("zone", "name")
        self.filters["officer"].queryset = User.objects.filter(zone__in=zones, is_active=True).order_by("full_name")
        if zones.count() <= 1:
            del self.filters["zone"]
        for filter_ in self.filters.values():
            widget = filter_.field.widget
            css = "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm"
            if isinstance(widget, forms.SelectMultiple):
                widget.attrs["size"] = 4
            widget.attrs["class"] = css

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(investor__name__icontains=value)
            | Q(investor__credit_code=value.upper())
        )

    def filter_industry(self, queryset, name, value):
        return queryset.filter(industry_filter_q(value)) if value else queryset

    def filter_amount(self, queryset, name, value):
        return queryset.filter(total_investment_cny__gte=AMOUNT_BANDS[value]) if value else queryset

    def filter_top500(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.exclude(top500="") if value == "any" else queryset.filter(top500=value)

    def filter_flag(self, queryset, name, value):
        return queryset.filter(**{name: value == "1"}) if value in ("0", "1") else queryset

    def filter_noop(self, queryset, name, value):
        return queryset  # read by filter_reached

    def filter_reached(self, queryset, name, value):
        """Projects whose (uncorrected) event of that stage falls between the two dates."""
        if not value:
            return queryset
        events = StageEvent.objects.filter(project=OuterRef("pk"), stage=value, voided_at__isnull=True)
        start = self.form.cleaned_data.get("reached_from")
        end = self.form.cleaned_data.get("reached_to")
        if start:
            events = events.filter(date__gte=start)
        if end:
            events = events.filter(date__lte=end)
        return queryset.filter(Exists(events))
