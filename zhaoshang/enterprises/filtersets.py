import django_filters
from django import forms
from django.db.models import Q

from zhaoshang.core.filtersets import StyledFilterSet
from zhaoshang.enterprises.choices import EnterpriseLocation, EnterpriseTagKind
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.geo.models import Industry
from zhaoshang.organisation.models import Zone
from zhaoshang.projects.filtersets import industry_filter_q


class EnterpriseFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "企业名称或统一社会信用代码"}))
    zone = django_filters.ModelChoiceFilter(label="园区", queryset=Zone.objects.none(), empty_label="全部园区")
    location = django_filters.ChoiceFilter(label="企业类别", choices=EnterpriseLocation.choices, empty_label="全部")
    industry = django_filters.ModelChoiceFilter(label="行业", method="filter_industry", empty_label="全部行业",
                                                queryset=Industry.objects.filter(level__in=["section", "division"]))
    tag = django_filters.ChoiceFilter(label="标签", choices=EnterpriseTagKind.choices, method="filter_tag",
                                      empty_label="不限")

    class Meta:
        model = Enterprise
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(credit_code=value.upper())) if value else queryset

    def filter_industry(self, queryset, name, value):
        return queryset.filter(industry_filter_q(value)) if value else queryset

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tags__kind=value).distinct() if value else queryset
