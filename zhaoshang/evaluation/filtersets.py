"""Filters of the evaluation lists: a run's results, the yearly figures and the parcel register."""

import django_filters
from django import forms
from django.db.models import Q

from zhaoshang.evaluation.engine.scheme import CLASSES, GROUP_LABELS
from zhaoshang.evaluation.engine.score import STATUS_LABELS
from zhaoshang.core.filtersets import StyledFilterSet
from zhaoshang.evaluation.models import EnterpriseYear, EvaluationResult, Parcel

CLASS_CHOICES = [(klass, f"{klass}类") for klass in CLASSES] + [("T", "T(暂不评价)")]
GROUP_CHOICES = list(GROUP_LABELS.items())
STATUS_CHOICES = list(STATUS_LABELS.items())
SCALE_CHOICES = (("above", "规上"), ("below", "规下"))


class ResultFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "企业名称或统一社会信用代码"}))
    klass = django_filters.ChoiceFilter(label="等级", choices=CLASS_CHOICES, empty_label="全部等级")
    group = django_filters.ChoiceFilter(label="分组", choices=GROUP_CHOICES, empty_label="全部分组")
    status = django_filters.ChoiceFilter(label="评价状态", choices=STATUS_CHOICES, empty_label="全部")
    underused = django_filters.BooleanFilter(label="用而不足", widget=forms.Select(
        choices=[("", "不限"), ("true", "是"), ("false", "否")]))

    class Meta:
        model = EvaluationResult
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__iexact=value))


class DataFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "企业名称或统一社会信用代码"}))
    zone = django_filters.ModelChoiceFilter(label="园区", queryset=None, empty_label="全部园区")
    year = django_filters.ChoiceFilter(label="年度", choices=(), empty_label=None)
    scale = django_filters.ChoiceFilter(label="规模", choices=SCALE_CHOICES, method="filter_scale", empty_label="全部")

    class Meta:
        model = EnterpriseYear
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, years=(), prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        # The base has built the fields (to style them), so the years go onto the field itself.
        self.filters["year"].field.choices = [(year, f"{year}年") for year in years]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(enterprise__name__icontains=value) | Q(enterprise__credit_code=value.upper()))

    def filter_scale(self, queryset, name, value):
        return queryset.filter(above_scale=value == "above") if value else queryset


class ParcelFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "宗地编号、坐落或土地使用权人"}))
    zone = django_filters.ModelChoiceFilter(label="园区", queryset=None, empty_label="全部园区")

    class Meta:
        model = Parcel
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(location__icontains=value)
                               | Q(owner__name__icontains=value) | Q(owner__credit_code=value.upper()))
