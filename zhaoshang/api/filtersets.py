"""Small FilterSets for lists the web interface has no FilterSet for. Ids are plain numbers, so a filter
naming another zone's object finds nothing rather than telling that it exists."""

import django_filters

from zhaoshang.construction.models import AnnualPlan, InvestmentEntry
from zhaoshang.evaluation.models import EvaluationResult, EvaluationRun
from zhaoshang.geo.models import Division, DivisionLevel
from zhaoshang.projects.choices import InteractionKind, Stage
from zhaoshang.projects.filtersets import ProjectFilterSet
from zhaoshang.projects.models import Interaction, StageEvent
from zhaoshang.targets.models import TargetPlan


class DivisionFilterSet(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code", label="上级区划代码")
    level = django_filters.ChoiceFilter(choices=DivisionLevel.choices, label="级别")

    class Meta:
        model = Division
        fields: list[str] = []


class StageEventFilterSet(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", label="项目")
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label="阶段")
    active = django_filters.BooleanFilter(field_name="voided_at", lookup_expr="isnull", label="仅未撤销")

    class Meta:
        model = StageEvent
        fields: list[str] = []


class InteractionFilterSet(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", label="项目")
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label="企业")
    kind = django_filters.ChoiceFilter(choices=InteractionKind.choices, label="方式")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="自")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="至")

    class Meta:
        model = Interaction
        fields: list[str] = []


class AnnualPlanFilterSet(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", label="项目")
    year = django_filters.NumberFilter(label="年度")
    zone = django_filters.NumberFilter(field_name="zone_id", label="园区")

    class Meta:
        model = AnnualPlan
        fields: list[str] = []


class InvestmentEntryFilterSet(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan_id", label="年度计划")
    project = django_filters.NumberFilter(field_name="plan__project_id", label="项目")
    year = django_filters.NumberFilter(field_name="plan__year", label="年度")

    class Meta:
        model = InvestmentEntry
        fields: list[str] = []


class TargetPlanFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="年度")
    zone = django_filters.NumberFilter(field_name="zone_id", label="园区")

    class Meta:
        model = TargetPlan
        fields: list[str] = []


class EvaluationRunFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="年度")
    zone = django_filters.NumberFilter(field_name="zone_id", label="园区")
    status = django_filters.CharFilter(label="状态")

    class Meta:
        model = EvaluationRun
        fields: list[str] = []


class EvaluationResultFilterSet(django_filters.FilterSet):
    run = django_filters.NumberFilter(field_name="run_id", label="评价批次")
    klass = django_filters.CharFilter(label="等级(A–D, T)")
    group = django_filters.CharFilter(label="分组")
    status = django_filters.CharFilter(label="评价状态")
    q = django_filters.CharFilter(method="filter_q", label="企业名称或信用代码")

    class Meta:
        model = EvaluationResult
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(credit_code=value.upper())) if value else queryset


class ApiProjectFilterSet(ProjectFilterSet):
    """The web list's FilterSet, unchanged; only a type hint the schema generator needs (the choices of
    `reached` are Stage members, whose type it cannot map)."""

    def filter_reached(self, queryset, name, value: str):
        return super().filter_reached(queryset, name, value)
