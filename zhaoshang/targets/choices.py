"""What a target or a score indicator measures, and over which periods."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    STAGE_COUNT = "stage_count", _("达到阶段的项目数(个)")
    STAGE_INVESTMENT = "stage_investment", _("达到阶段的项目总投资(万元)")
    FDI = "fdi", _("实际利用外资(万美元)")
    MAJOR_COMPLETED = "major_completed", _("重大项目完成投资(万元)")
    MAJOR_COMPLETION_RATE = "major_completion_rate", _("重大项目投资完成率(%)")
    LEADS = "leads", _("新增项目线索(个)")
    INTERACTIONS = "interactions", _("走访对接(次)")
    PROMOTION_EVENTS = "promotion_events", _("招商推介活动(场)")


# Metrics counted from stage events and filtered by the project's facts (amount, industry, …).
STAGE_METRICS = frozenset({Metric.STAGE_COUNT, Metric.STAGE_INVESTMENT})
# A completion rate is a ratio: its period values are not added up over a year.
RATE_METRICS = frozenset({Metric.MAJOR_COMPLETION_RATE})


class Granularity(models.TextChoices):
    YEAR = "year", _("全年")
    QUARTER = "quarter", _("分季度")
    MONTH = "month", _("分月")


class PlanScope(models.TextChoices):
    ZONE = "zone", _("园区")
    TEAM = "team", _("招商小组")
    OFFICER = "officer", _("招商人员")


class ScorecardScope(models.TextChoices):
    ZONE_TEAMS = "zone_teams", _("园区内各小组(按月)")
    DIVISION_ZONES = "division_zones", _("辖区内各园区(按季度)")
