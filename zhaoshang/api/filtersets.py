"""Small FilterSets for lists the web interface has no FilterSet for. Ids are plain numbers, so a filter
naming another zone's object finds nothing rather than telling that it exists."""

import django_filters
from django import forms

from zhaoshang.construction.filtersets import SupervisionFilterSet
from zhaoshang.construction.models import AnnualPlan, InvestmentEntry, PlanNode
from zhaoshang.evaluation.models import EvaluationResult, EvaluationRun
from zhaoshang.geo.models import Division, DivisionLevel
from zhaoshang.intelligence.choices import FIGURE_STATUSES, PROJECT_STATUSES
from zhaoshang.intelligence.filtersets import FigureFilterSet
from zhaoshang.intelligence.models import ProjectRecord
from zhaoshang.projects.choices import InteractionKind, Stage
from zhaoshang.projects.filtersets import ProjectFilterSet
from zhaoshang.projects.models import FdiArrival, Interaction, StageEvent
from zhaoshang.targets.choices import Metric
from zhaoshang.targets.models import Target, TargetPlan

MAX_ID = 2**63 - 1  # the largest id a database column holds (PostgreSQL bigint, SQLite INTEGER)


class IdFilter(django_filters.NumberFilter):
    """An object's id: a whole number the database can hold; anything else is a 400, never a crash."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class YearFilter(IdFilter):
    """A year (compared with a year field or a date's year, which Python's dates hold up to 9999)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_value", 9999)
        kwargs.setdefault("label", "年度")
        super().__init__(*args, **kwargs)


class DivisionFilterSet(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code", label="上级区划代码")
    level = django_filters.ChoiceFilter(choices=DivisionLevel.choices, label="级别")

    class Meta:
        model = Division
        fields: list[str] = []


class StageEventFilterSet(django_filters.FilterSet):
    project = IdFilter(field_name="project_id", label="项目")
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label="阶段")
    active = django_filters.BooleanFilter(field_name="voided_at", lookup_expr="isnull", label="仅未撤销")

    class Meta:
        model = StageEvent
        fields: list[str] = []


class InteractionFilterSet(django_filters.FilterSet):
    project = IdFilter(field_name="project_id", label="项目")
    enterprise = IdFilter(field_name="enterprise_id", label="企业")
    kind = django_filters.ChoiceFilter(choices=InteractionKind.choices, label="方式")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="自")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="至")

    class Meta:
        model = Interaction
        fields: list[str] = []


class AnnualPlanFilterSet(django_filters.FilterSet):
    project = IdFilter(field_name="project_id", label="项目")
    year = YearFilter()
    zone = IdFilter(field_name="zone_id", label="园区")

    class Meta:
        model = AnnualPlan
        fields: list[str] = []


class InvestmentEntryFilterSet(django_filters.FilterSet):
    plan = IdFilter(field_name="plan_id", label="年度计划")
    project = IdFilter(field_name="plan__project_id", label="项目")
    year = YearFilter(field_name="plan__year")

    class Meta:
        model = InvestmentEntry
        fields: list[str] = []


class TargetPlanFilterSet(django_filters.FilterSet):
    year = YearFilter()
    zone = IdFilter(field_name="zone_id", label="园区")

    class Meta:
        model = TargetPlan
        fields: list[str] = []


class TargetFilterSet(django_filters.FilterSet):
    plan = IdFilter(field_name="plan_id", label="目标任务")
    year = YearFilter(field_name="plan__year")
    metric = django_filters.ChoiceFilter(choices=Metric.choices, label="指标")

    class Meta:
        model = Target
        fields: list[str] = []


class FdiArrivalFilterSet(django_filters.FilterSet):
    project = IdFilter(field_name="project_id", label="项目")
    zone = IdFilter(field_name="zone_id", label="园区")
    year = YearFilter(field_name="date__year")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="自")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="至")

    class Meta:
        model = FdiArrival
        fields: list[str] = []


class PlanNodeFilterSet(django_filters.FilterSet):
    project = IdFilter(field_name="project_id", label="项目")
    zone = IdFilter(field_name="zone_id", label="园区")
    done = django_filters.BooleanFilter(field_name="actual_date", lookup_expr="isnull", exclude=True,
                                        label="已完成(有实际完成日期)")
    planned_from = django_filters.DateFilter(field_name="planned_date", lookup_expr="gte", label="计划完成自")
    planned_to = django_filters.DateFilter(field_name="planned_date", lookup_expr="lte", label="计划完成至")

    class Meta:
        model = PlanNode
        fields: list[str] = []


class ApiSupervisionFilterSet(SupervisionFilterSet):
    """The web 督办 list's FilterSet (without a state it lists the open items; state=all lists every one), with
    the project's id checked as the API's other ids are."""

    project = IdFilter(field_name="project_id", label="项目")


class ProjectRecordFilterSet(django_filters.FilterSet):
    article = IdFilter(field_name="article_id", label="文章")
    status = django_filters.ChoiceFilter(choices=PROJECT_STATUSES, label="处理状态")
    zone = IdFilter(field_name="article__zone_id", label="园区")

    class Meta:
        model = ProjectRecord
        fields: list[str] = []


class ApiFigureFilterSet(FigureFilterSet):
    """The web market list's FilterSet, with the article and the review status (the web lists kept ones)."""

    article = IdFilter(field_name="article_id", label="文章")
    status = django_filters.ChoiceFilter(choices=FIGURE_STATUSES, label="处理状态")


class EvaluationRunFilterSet(django_filters.FilterSet):
    year = YearFilter()
    zone = IdFilter(field_name="zone_id", label="园区")
    status = django_filters.CharFilter(label="状态")

    class Meta:
        model = EvaluationRun
        fields: list[str] = []


class EvaluationResultFilterSet(django_filters.FilterSet):
    run = IdFilter(field_name="run_id", label="评价批次")
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
