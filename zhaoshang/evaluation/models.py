"""Enterprise evaluation (亩均效益综合评价): land parcels, yearly figures, schemes, runs and results.

A run copies the scheme (as JSON) and every input figure into its results, so a published year reads the
same forever, whatever is later edited in the data or the scheme.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.models import TimeStampedModel, ZoneScopedQuerySet
from zhaoshang.evaluation.engine.data import OWN, TENURE_LABELS

NON_NEGATIVE = [MinValueValidator(Decimal(0))]
AreaField = lambda verbose, **kw: models.DecimalField(verbose, max_digits=12, decimal_places=2, **kw)  # noqa: E731
AmountField = lambda verbose, **kw: models.DecimalField(verbose, max_digits=16, decimal_places=2, **kw)  # noqa: E731

TENURE_CHOICES = list(TENURE_LABELS.items())


class Parcel(TimeStampedModel):
    """A land parcel (宗地) supplied to industry: what idle-land checks and the parcel rules group by."""

    zone = models.ForeignKey("organisation.Zone", on_delete=models.CASCADE, related_name="parcels")
    code = models.CharField(_("宗地编号"), max_length=40)
    location = models.CharField(_("坐落"), max_length=200, blank=True)
    area_mu = AreaField(_("宗地面积(亩)"), validators=[MinValueValidator(Decimal("0.01"))])
    supplied_on = models.DateField(_("供地日期"), null=True, blank=True)
    owner = models.ForeignKey("enterprises.Enterprise", verbose_name=_("土地使用权人"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="parcels")
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("宗地")
        verbose_name_plural = _("宗地")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["zone", "code"], name="parcel_unique_code_in_zone",
                                               violation_error_message=_("本园区已有该宗地编号。"))]

    def __str__(self) -> str:
        return f"{self.code} {self.location}".strip()


class EnterpriseYear(models.Model):
    """One enterprise's figures for one year, as imported (the 亩均 data sheet's row)."""

    zone = models.ForeignKey("organisation.Zone", on_delete=models.CASCADE, related_name="enterprise_years")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="years")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    above_scale = models.BooleanField(_("规上"), default=False)
    land_mu = AreaField(_("用地面积(亩)"), validators=[MinValueValidator(Decimal("0.01"))])
    parcel = models.ForeignKey(Parcel, verbose_name=_("宗地"), on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="enterprise_years")
    tenure = models.CharField(_("用地方式"), max_length=10, choices=TENURE_CHOICES, default=OWN)
    revenue = AmountField(_("营业收入(万元)"), validators=NON_NEGATIVE)
    taxable_sales = AmountField(_("应税销售收入(万元)"), null=True, blank=True, validators=NON_NEGATIVE)
    tax = AmountField(_("税收(万元)"), validators=NON_NEGATIVE)
    value_added = AmountField(_("工业增加值(万元)"), null=True, blank=True, validators=NON_NEGATIVE)
    energy_tce = AmountField(_("综合能耗(吨标煤)"), null=True, blank=True, validators=NON_NEGATIVE)
    electricity = AmountField(_("用电量(万千瓦时)"), null=True, blank=True, validators=NON_NEGATIVE)
    emissions = AmountField(_("主要污染物排放(吨)"), null=True, blank=True, validators=NON_NEGATIVE)
    employees = models.PositiveIntegerField(_("年平均职工人数"), null=True, blank=True)
    rd = AmountField(_("研发经费(万元)"), null=True, blank=True, validators=NON_NEGATIVE)
    production_year = models.PositiveSmallIntegerField(_("投产年份"), null=True, blank=True)
    industry = models.ForeignKey("geo.Industry", verbose_name=_("行业"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    under_construction = models.BooleanField(_("在建项目"), default=False)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业年度数据")
        verbose_name_plural = _("企业年度数据")
        ordering = ["-year", "enterprise"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="enterprise_year_once",
                                               violation_error_message=_("该企业本年度已有数据。"))]
        indexes = [models.Index(fields=["zone", "year"], name="enterprise_year_zone_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"


class Scheme(TimeStampedModel):
    """A zone's evaluation scheme: `spec` is an engine.scheme.SchemeSpec as a dict (checked on save)."""

    zone = models.ForeignKey("organisation.Zone", on_delete=models.CASCADE, related_name="evaluation_schemes")
    name = models.CharField(_("方案名称"), max_length=80)
    preset = models.CharField(_("来源预设"), max_length=40, blank=True)
    spec = models.JSONField(_("方案设置"))
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价方案")
        verbose_name_plural = _("评价方案")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="scheme_unique_name_in_zone",
                                               violation_error_message=_("本园区已有同名评价方案。"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evaluation:scheme", args=[self.pk])


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被替代")


class EvaluationRun(models.Model):
    """One evaluation of a zone's year with a scheme. Published runs are frozen; one per zone and year."""

    zone = models.ForeignKey("organisation.Zone", on_delete=models.CASCADE, related_name="evaluation_runs")
    year = models.PositiveSmallIntegerField(_("评价年度"))
    scheme = models.ForeignKey(Scheme, verbose_name=_("评价方案"), on_delete=models.SET_NULL, null=True,
                               related_name="runs")
    scheme_name = models.CharField(_("方案名称"), max_length=80)
    spec = models.JSONField(_("所用方案设置"))  # the scheme as it was when this run was made
    benchmarks = models.JSONField(_("基准值"), default=dict)  # group → key → {value, basis, min, max}
    references = models.JSONField(_("用而不足参照值"), default=dict)
    warnings = models.JSONField(_("提示"), default=list)
    counts = models.JSONField(_("分类统计"), default=dict)
    status = models.CharField(_("状态"), max_length=12, choices=RunStatus.choices, default=RunStatus.DRAFT)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价批次")
        verbose_name_plural = _("评价批次")
        ordering = ["-year", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["zone", "year"], condition=models.Q(status="published"),
                                               name="evaluation_one_published_per_year",
                                               violation_error_message=_("该年度已有发布的评价结果。"))]

    def __str__(self) -> str:
        return f"{self.year}年 {self.scheme_name}({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:run", args=[self.pk])


class EvaluationResult(models.Model):
    """One enterprise in one run: its inputs as used, each indicator's value and score, total and class."""

    run = models.ForeignKey(EvaluationRun, on_delete=models.CASCADE, related_name="results")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.SET_NULL, null=True,
                                   related_name="evaluation_results")
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    name = models.CharField(_("企业名称"), max_length=120)
    group = models.CharField(_("分组"), max_length=10)  # engine.scheme.ABOVE / BELOW
    status = models.CharField(_("评价状态"), max_length=10)  # rated / T / out
    reason = models.CharField(_("不参评原因"), max_length=100, blank=True)
    klass = models.CharField(_("等级"), max_length=1, blank=True, db_index=True)  # A–D, T, or "" when out of scope
    total = models.DecimalField(_("总分"), max_digits=10, decimal_places=2, null=True)
    bonus = models.DecimalField(_("加减分"), max_digits=8, decimal_places=2, default=0)
    rank = models.PositiveIntegerField(_("排名"), null=True)
    rank_of = models.PositiveIntegerField(_("参评数"), null=True)
    percentile = models.DecimalField(_("超过企业比例(%)"), max_digits=5, decimal_places=1, null=True)
    forced = models.CharField(_("直接评D原因"), max_length=200, blank=True)
    follows = models.CharField(_("随宗地主评价"), max_length=18, blank=True)
    unit = models.PositiveIntegerField(_("评价单元"))  # records in one pooled parcel share a unit
    streak = models.PositiveSmallIntegerField(_("连续同类年数"), default=0)
    # Inputs as evaluated (the import sheet's columns).
    above_scale = models.BooleanField(_("规上"))
    land_mu = AreaField(_("用地面积(亩)"))
    revenue = AmountField(_("营业收入(万元)"))
    tax = AmountField(_("税收(万元)"))
    inputs = models.JSONField(_("其他输入"), default=dict)  # every other DataRecord field
    indicators = models.JSONField(_("指标"), default=dict)  # key → {"value", "score", "imputed"}
    bonuses = models.JSONField(_("加减分项"), default=list)  # [{"label", "points"}]
    policies = models.JSONField(_("差别化政策"), default=list)  # [{"name", "rate", "amount", "note", "years"}]
    underused = models.BooleanField(_("用而不足"), default=False)

    class Meta:
        verbose_name = _("评价结果")
        verbose_name_plural = _("评价结果")
        ordering = ["run", "group", "rank", "credit_code"]
        indexes = [
            models.Index(fields=["run", "group", "rank"], name="evaluation_result_rank_idx"),
            models.Index(fields=["run", "credit_code"], name="evaluation_result_code_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.klass}"
