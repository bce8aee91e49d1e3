"""FilterSets of the inbox and of the market-intelligence list."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from zhaoshang.core.filtersets import StyledFilterSet
from zhaoshang.intelligence.choices import EVENT_CHOICES, FigureKind, ReviewStatus
from zhaoshang.intelligence.models import Article, FigureRecord, ProjectRecord
from zhaoshang.organisation.models import Zone


class ArticleFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "标题、来源或文件名"}))
    zone = django_filters.ModelChoiceFilter(label="园区", queryset=Zone.objects.none(), empty_label="全部园区")
    pending = django_filters.BooleanFilter(label="只看有待处理项目的文章", method="filter_pending",
                                           widget=forms.CheckboxInput)

    class Meta:
        model = Article
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["pending"].field.widget.attrs["class"] = "form-check-input"

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(source__icontains=value) | Q(file_name__icontains=value))

    def filter_pending(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(ProjectRecord.objects.filter(article=OuterRef("pk"), status=ReviewStatus.PENDING)))


class FigureFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(label="主体", method="filter_subject",
                                  widget=forms.TextInput(attrs={"placeholder": "园区或地区, 如 亭湖、苏州工业园区"}))
    keyword = django_filters.CharFilter(label="产业关键词", method="filter_keyword",
                                        widget=forms.TextInput(attrs={"placeholder": "如 新能源、半导体、外资"}))
    kind = django_filters.ChoiceFilter(label="类别", choices=FigureKind.choices, empty_label="统计与目标")
    event = django_filters.ChoiceFilter(label="事项", choices=EVENT_CHOICES, empty_label="全部事项")
    period_from = django_filters.DateFilter(label="期间自", method="filter_from",
                                            widget=forms.DateInput(attrs={"type": "date"}))
    period_to = django_filters.DateFilter(label="至", method="filter_to", widget=forms.DateInput(attrs={"type": "date"}))
    zone = django_filters.ModelChoiceFilter(label="收录园区", field_name="article__zone", queryset=Zone.objects.none(),
                                            empty_label="全部园区")

    class Meta:
        model = FigureRecord
        fields: list[str] = []

    def filter_subject(self, queryset, name, value):
        return queryset.filter(subject__icontains=value.strip()) if value.strip() else queryset

    def filter_keyword(self, queryset, name, value):
        """An industry word in the sentence the figure came from (figures carry no industry of their own)."""
        return queryset.filter(evidence__icontains=value.strip()) if value.strip() else queryset

    # A figure's period overlaps the one asked for; a figure without a period is left out once one is asked.
    def filter_from(self, queryset, name, value):
        return queryset.filter(period_end__gte=value) if value else queryset

    def filter_to(self, queryset, name, value):
        return queryset.filter(period_start__lte=value) if value else queryset
