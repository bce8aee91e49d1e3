"""Filters of a run's results: class, group, status, 用而不足 and a search on name or credit code."""

import django_filters
from django import forms
from django.db.models import Q

from zhaoshang.evaluation.engine.scheme import CLASSES, GROUP_LABELS
from zhaoshang.evaluation.engine.score import STATUS_LABELS
from zhaoshang.evaluation.models import EvaluationResult

CLASS_CHOICES = [(klass, f"{klass}类") for klass in CLASSES] + [("T", "T(暂不评价)")]
GROUP_CHOICES = list(GROUP_LABELS.items())
STATUS_CHOICES = list(STATUS_LABELS.items())


class ResultFilterSet(django_filters.FilterSet):
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

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        for filter_ in self.filters.values():
            widget = filter_.field.widget
            widget.attrs["class"] = ("form-select form-select-sm" if isinstance(widget, forms.Select)
                                     else "form-control form-control-sm")

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__iexact=value))
