"""Projects, their stage events (the source of truth for statistics) and interactions."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.models import TimeStampedModel, ZoneScopedQuerySet
from zhaoshang.core.money import Currency, MoneyField
from zhaoshang.projects.choices import (
    PIPELINE_CHOICES,
    Channel,
    InteractionKind,
    MajorLevel,
    ProjectStatus,
    Stage,
    Top500,
)

NON_NEGATIVE = [MinValueValidator(Decimal(0))]
MSG_OTHER_ZONE_INVESTOR = "投资方必须是本园区企业库中的企业。"
MSG_OTHER_ZONE_TEAM = "责任小组必须是本园区的小组。"
MSG_OTHER_ZONE_OFFICER = "责任人必须是本园区的人员。"


class ProjectQuerySet(ZoneScopedQuerySet):
    def with_related(self):
        return self.select_related("zone", "investor", "industry", "team", "officer")


class Project(TimeStampedModel):
    zone = models.ForeignKey("organisation.Zone", verbose_name=_("园区"), on_delete=models.CASCADE,
                             related_name="projects")
    code = models.CharField(_("项目编号"), max_length=30, editable=False)
    name = models.CharField(_("项目名称"), max_length=150)
    investor = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("投资方"), on_delete=models.PROTECT, related_name="projects"
    )
    phase = models.PositiveSmallIntegerField(_("期次"), null=True, blank=True, help_text=_("一期填1, 二期填2"))
    is_expansion = models.BooleanField(_("增资扩产"), default=False, help_text=_("园区内已有企业的增资扩股或扩产"))
    industry = models.ForeignKey(
        "geo.Industry", verbose_name=_("所属行业"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="projects",
    )
    currency = models.CharField(_("投资币种"), max_length=3, choices=Currency.choices, default=Currency.CNY)
    total_investment = MoneyField(_("总投资"), validators=NON_NEGATIVE,
                                  help_text=_("按投资币种: 人民币填万元, 美元填万美元"))
    # The CNY equivalent, converted with the zone's rate table by the service that saves the project,
    # so lists, bands and totals in 亿元 are one indexed column.
    total_investment_cny = MoneyField(_("总投资折人民币(万元)"), editable=False, default=Decimal(0))
    foreign_investment = MoneyField(_("外资(万美元)"), null=True, blank=True, validators=NON_NEGATIVE)
    fixed_asset_investment = MoneyField(_("固定资产投资(万元)"), null=True, blank=True, validators=NON_NEGATIVE)
    land_area_mu = models.DecimalField(_("用地(亩)"), max_digits=10, decimal_places=2, null=True, blank=True,
                                       validators=NON_NEGATIVE)
    expected_output = MoneyField(_("预计年产值(万元)"), null=True, blank=True, validators=NON_NEGATIVE)
    expected_taxable_sales = MoneyField(_("预计年应税销售(万元)"), null=True, blank=True, validators=NON_NEGATIVE)
    expected_tax = MoneyField(_("预计年税收(万元)"), null=True, blank=True, validators=NON_NEGATIVE)
    expected_jobs = models.PositiveIntegerField(_("预计就业(人)"), null=True, blank=True)
    channel = models.CharField(_("招商方式"), max_length=20, choices=Channel.choices, blank=True)
    team = models.ForeignKey("organisation.Team", verbose_name=_("责任小组"), on_delete=models.SET_NULL,
                             null=True, blank=True, related_name="projects")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人"), on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="projects")
    referrer = models.CharField(_("推荐人"), max_length=100, blank=True)
    major_level = models.CharField(_("重大项目级别"), max_length=10, choices=MajorLevel.choices, blank=True)
    top500 = models.CharField(_("三类500强"), max_length=12, choices=Top500.choices, blank=True)
    is_sci_tech = models.BooleanField(_("科创项目"), default=False)
    is_foreign = models.BooleanField(_("外资项目"), default=False)
    description = models.TextField(_("项目概况"), blank=True)
    # Derived from the events by the stage services only; never edited directly.
    stage = models.CharField(_("当前阶段"), max_length=20, choices=PIPELINE_CHOICES, default=Stage.LEAD,
                             editable=False)
    stage_date = models.DateField(_("阶段日期"), null=True, blank=True, editable=False)
    status = models.CharField(_("状态"), max_length=10, choices=ProjectStatus.choices,
                              default=ProjectStatus.ACTIVE, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = ProjectQuerySet.as_manager()

    TRACKED_FIELDS = (
        "name", "investor", "phase", "is_expansion", "industry", "currency", "total_investment",
        "foreign_investment", "fixed_asset_investment", "land_area_mu", "expected_output",
        "expected_taxable_sales", "expected_tax", "expected_jobs", "channel", "team", "officer", "referrer",
        "major_level", "top500", "is_sci_tech", "is_foreign", "description",
    )

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "code"], name="project_unique_code_in_zone",
                                    violation_error_message=_("项目编号在本园区已存在。")),
            models.CheckConstraint(condition=Q(total_investment__gte=0), name="project_investment_non_negative",
                                   violation_error_message=_("总投资不能为负数。")),
            models.CheckConstraint(condition=Q(phase__isnull=True) | Q(phase__gte=1), name="project_phase_positive",
                                   violation_error_message=_("期次从1开始。")),
        ]
        indexes = [
            models.Index(fields=["zone", "stage"], name="project_zone_stage_idx"),
            models.Index(fields=["zone", "total_investment_cny"], name="project_zone_amount_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        # The investor, team and officer must be the zone's own: an import or API call naming another
        # zone's enterprise would otherwise show that zone's data on this project.
        errors = {}
        if self.investor_id and self.investor.zone_id != self.zone_id:
            errors["investor"] = MSG_OTHER_ZONE_INVESTOR
        if self.team_id and self.team.zone_id != self.zone_id:
            errors["team"] = MSG_OTHER_ZONE_TEAM
        if self.officer_id and self.officer.zone_id != self.zone_id:
            errors["officer"] = MSG_OTHER_ZONE_OFFICER
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def phase_label(self) -> str:
        if self.is_expansion:
            return "增资扩产"
        if not self.phase:
            return ""
        numerals = "一二三四五六七八九十"
        return f"{numerals[self.phase - 1]}期" if self.phase <= 10 else f"{self.phase}期"


class StageEventQuerySet(ZoneScopedQuerySet):
    zone_field = "project__zone"

    def active(self):
        return self.filter(voided_at__isnull=True)


class StageEvent(models.Model):
    """A stage the project reached, on the day it happened. Statistics count these, not project fields."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices)
    date = models.DateField(_("发生日期"))
    note = models.TextField(_("说明"), blank=True)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    # A correction voids an event instead of deleting it, so the history keeps what was believed before.
    voided_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("撤销人"), on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    void_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    objects = StageEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("阶段事件")
        verbose_name_plural = _("阶段事件")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "stage"],
                condition=Q(voided_at__isnull=True) & ~Q(stage__in=["on_hold", "resumed", "dropped"]),
                name="stage_event_once_per_stage",
                violation_error_message=_("该项目已登记过这个阶段。"),
            ),
        ]
        indexes = [
            models.Index(fields=["stage", "date"], name="stage_event_stage_date_idx"),
            models.Index(fields=["project", "date"], name="stage_event_project_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.get_stage_display()} {self.date}"

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class Interaction(models.Model):
    zone = models.ForeignKey("organisation.Zone", on_delete=models.CASCADE, related_name="interactions")
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, null=True, blank=True,
                                related_name="interactions")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE,
                                   null=True, blank=True, related_name="interactions")
    kind = models.CharField(_("方式"), max_length=10, choices=InteractionKind.choices)
    date = models.DateField(_("日期"))
    people = models.CharField(_("参与人员"), max_length=200, help_text=_("我方与对方人员"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    notes = models.TextField(_("对接情况"))
    next_step = models.CharField(_("下一步"), max_length=200, blank=True)
    next_step_due = models.DateField(_("下一步期限"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("对接记录")
        verbose_name_plural = _("对接记录")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False) | Q(enterprise__isnull=False), name="interaction_has_subject",
                violation_error_message=_("对接记录须关联项目或企业。"),
            ),
        ]
        indexes = [models.Index(fields=["zone", "date"], name="interaction_zone_date_idx")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class FdiArrival(models.Model):
    """Foreign capital actually arrived (实际利用外资/到账外资), counted on the day the money arrives."""

    zone = models.ForeignKey("organisation.Zone", on_delete=models.CASCADE, related_name="fdi_arrivals")
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="fdi_arrivals")
    date = models.DateField(_("到账日期"))
    amount_usd = MoneyField(_("到账金额(万美元)"), validators=NON_NEGATIVE)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("外资到账")
        verbose_name_plural = _("外资到账")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["zone", "date"], name="fdi_zone_date_idx")]

    def __str__(self) -> str:
        return f"{self.project} {self.date} {self.amount_usd}万美元"
