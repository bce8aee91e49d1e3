"""Construction tracking (项目建设): yearly plans, monthly completed investment, plan nodes and 督办."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhaoshang.construction.choices import Light, SupervisionKind
from zhaoshang.core.models import ZoneScopedQuerySet
from zhaoshang.core.money import MoneyField
from zhaoshang.projects.choices import MajorLevel

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


class AnnualPlan(models.Model):
    """A project's plan for one year: planned investment, major-list level, and whether it is to start."""

    zone = models.ForeignKey("organisation.Zone", on_delete=models.CASCADE, related_name="annual_plans")
    project = models.ForeignKey("projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE,
                                related_name="annual_plans")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    planned_investment = MoneyField(_("年度计划投资(万元)"), validators=NON_NEGATIVE)
    major_level = models.CharField(_("重大项目清单"), max_length=10, choices=MajorLevel.choices, blank=True)
    planned_start = models.DateField(_("计划开工日期"), null=True, blank=True,
                                     help_text=_("年内计划新开工的项目填写, 用于开工率"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度建设计划")
        verbose_name_plural = _("年度建设计划")
        ordering = ["-year", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="annual_plan_once_per_year",
                                    violation_error_message=_("该项目本年度已有建设计划。")),
        ]
        indexes = [models.Index(fields=["zone", "year"], name="annual_plan_zone_year_idx")]

    def __str__(self) -> str:
        return f"{self.project} {self.year}年计划"


class InvestmentEntry(models.Model):
    """Investment completed in one month of a plan's year (the monthly report's figure)."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="entries")
    month = models.PositiveSmallIntegerField(_("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    amount = MoneyField(_("当月完成投资(万元)"), validators=NON_NEGATIVE)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("填报时间"), auto_now=True)

    class Meta:
        verbose_name = _("月度完成投资")
        verbose_name_plural = _("月度完成投资")
        ordering = ["plan", "month"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="investment_entry_once_per_month",
                                    violation_error_message=_("该月已填报完成投资, 请修改原记录。")),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.month}月"


class PlanNode(models.Model):
    """A dated milestone of a project (挂图作战: planned backwards from a deadline)."""

    zone = models.ForeignKey("organisation.Zone", on_delete=models.CASCADE, related_name="plan_nodes")
    project = models.ForeignKey("projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE,
                                related_name="plan_nodes")
    name = models.CharField(_("节点"), max_length=100, help_text=_("如 完成桩基、主体封顶、设备进场"))
    planned_date = models.DateField(_("计划完成日期"))
    actual_date = models.DateField(_("实际完成日期"), null=True, blank=True)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="plan_nodes")
    responsible_name = models.CharField(_("责任人(外部)"), max_length=50, blank=True,
                                        help_text=_("企业或部门的责任人, 不是系统用户时填写"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("计划节点")
        verbose_name_plural = _("计划节点")
        ordering = ["planned_date", "id"]
        indexes = [models.Index(fields=["zone", "actual_date", "planned_date"], name="plan_node_open_idx")]

    def __str__(self) -> str:
        return f"{self.project} · {self.name}"


class Supervision(models.Model):
    """A 督办 item: why a project is yellow or red, whose it is, since when; resolved with a note."""

    zone = models.ForeignKey("organisation.Zone", on_delete=models.CASCADE, related_name="supervisions")
    project = models.ForeignKey("projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE,
                                related_name="supervisions")
    kind = models.CharField(_("类型"), max_length=20, choices=SupervisionKind.choices)
    # What the item is about, so one condition opens one item: a node's id, a year, or a stage.
    key = models.CharField(max_length=40)
    light = models.CharField(_("灯号"), max_length=10, choices=Light.choices)
    reason = models.CharField(_("原因"), max_length=300)
    since = models.DateField(_("起始日期"))
    opened_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办结人"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    resolution = models.TextField(_("办结说明"), blank=True)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        ordering = ["-light", "since"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "key"], condition=Q(resolved_at__isnull=True),
                                    name="supervision_open_once"),
            models.CheckConstraint(condition=Q(resolved_at__isnull=True) | ~Q(resolution=""),
                                   name="supervision_resolved_with_note",
                                   violation_error_message=_("办结督办事项须填写办结说明。")),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.get_kind_display()}"
