"""Target plans (目标任务): metrics with filters, split over a year's quarters or months.

A period is written as a string: "Y" (the year), "Q1".."Q4", "M01".."M12"; see periods.py.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.models import TimeStampedModel, ZoneScopedQuerySet
from zhaoshang.core.money import MoneyField
from zhaoshang.projects.choices import PIPELINE_CHOICES, Channel, MajorLevel
from zhaoshang.targets.choices import Granularity, Metric, PlanScope

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


class MetricSpec(models.Model):
    """What is counted and which projects count: shared by targets and score indicators.

    Thresholds: `min_investment` compares the project's 万元 equivalent. When `min_investment_usd` is set too
    ("亿元(或1000万美元)以上"), a USD project is compared in 万美元 with it instead, at its own amount.
    """

    metric = models.CharField(_("指标"), max_length=30, choices=Metric.choices)
    stage = models.CharField(_("阶段"), max_length=20, choices=PIPELINE_CHOICES, blank=True,
                             help_text=_("按阶段计数/计投资时必填, 如 签约、开工"))
    min_investment = MoneyField(_("总投资不低于(万元)"), null=True, blank=True, validators=NON_NEGATIVE)
    min_investment_usd = MoneyField(_("或不低于(万美元)"), null=True, blank=True, validators=NON_NEGATIVE)
    foreign_only = models.BooleanField(_("仅外资项目"), default=False)
    industry = models.ForeignKey("geo.Industry", verbose_name=_("行业"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    channel = models.CharField(_("招商方式"), max_length=20, choices=Channel.choices, blank=True)
    major_level = models.CharField(_("重大项目级别"), max_length=10, choices=MajorLevel.choices, blank=True)
    top500_only = models.BooleanField(_("仅三类500强"), default=False)
    sci_tech_only = models.BooleanField(_("仅科创项目"), default=False)

    class Meta:
        abstract = True


class TargetPlan(TimeStampedModel):
    zone = models.ForeignKey("organisation.Zone", on_delete=models.CASCADE, related_name="target_plans")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    name = models.CharField(_("名称"), max_length=100, help_text=_("如 2024年招商引资目标任务"))
    scope = models.CharField(_("对象"), max_length=10, choices=PlanScope.choices, default=PlanScope.ZONE)
    team = models.ForeignKey("organisation.Team", verbose_name=_("小组"), on_delete=models.CASCADE, null=True,
                             blank=True, related_name="target_plans")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.CASCADE,
                                null=True, blank=True, related_name="target_plans")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("目标任务")
        verbose_name_plural = _("目标任务")
        ordering = ["-year", "scope", "name"]
        constraints = [
            models.CheckConstraint(
                name="target_plan_scope_matches",
                condition=(Q(scope="zone", team__isnull=True, officer__isnull=True)
                           | Q(scope="team", team__isnull=False, officer__isnull=True)
                           | Q(scope="officer", team__isnull=True, officer__isnull=False)),
                violation_error_message=_("小组任务须选择小组, 人员任务须选择人员, 园区任务两者都不选。")),
        ]

    def __str__(self) -> str:
        return self.name


class Target(MetricSpec):
    plan = models.ForeignKey(TargetPlan, on_delete=models.CASCADE, related_name="targets")
    parent = models.ForeignKey("self", verbose_name=_("其中(属于)"), on_delete=models.CASCADE, null=True,
                               blank=True, related_name="children")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    name = models.CharField(_("目标名称"), max_length=100, help_text=_("如 新签约亿元以上项目"))
    granularity = models.CharField(_("分解方式"), max_length=10, choices=Granularity.choices,
                                   default=Granularity.YEAR)
    comparator = models.CharField(_("要求"), max_length=10, default="不少于", help_text=_("如 不少于、力争、确保"))

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.name


class TargetValue(models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(_("期间"), max_length=3, help_text=_("Y 全年, Q1–Q4 季度, M01–M12 月份"))
    value = models.DecimalField(_("目标值"), max_digits=16, decimal_places=2, validators=NON_NEGATIVE)

    class Meta:
        verbose_name = _("分期目标值")
        verbose_name_plural = _("分期目标值")
        ordering = ["target", "period"]
        constraints = [
            models.UniqueConstraint(fields=["target", "period"], name="target_value_once_per_period",
                                    violation_error_message=_("该期间已有目标值。")),
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.period}: {self.value}"
