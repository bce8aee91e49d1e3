"""Articles a zone collected, the records the extractor read from them, and the review of each record."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.models import ZoneScopedQuerySet
from zhaoshang.core.money import WAN_PER_YI, Currency, MoneyField, format_wan
from zhaoshang.intelligence.choices import (
    AMOUNT_KIND_LABELS,
    EVENT_CHOICES,
    EVENT_LABELS,
    FIGURE_STATUSES,
    OUTPUT_KIND_LABELS,
    PROJECT_STATUSES,
    Comparator,
    FigureKind,
    ReviewStatus,
)
from zhaoshang.intelligence.extract.money import UNITS

MSG_DUPLICATE_ARTICLE = "本园区已收录过这篇文章。"


class Article(models.Model):
    """One text as a user pasted or uploaded it (an HTML page as its readable text)."""

    zone = models.ForeignKey("organisation.Zone", verbose_name=_("园区"), on_delete=models.CASCADE,
                             related_name="articles")
    title = models.CharField(_("标题"), max_length=200)
    source = models.CharField(_("来源"), max_length=100, blank=True, help_text=_("如: 启东发布、某市商务局网站"))
    url = models.URLField(_("网址"), max_length=500, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True,
                                    help_text=_("用于解析“去年”“今年一季度”等相对日期; 不填时从文中推断"))
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    text = models.TextField(_("原文"))
    # SHA-256 of the normalised text without white space: the same article pasted, uploaded as a page or
    # in Traditional characters is one article.
    content_hash = models.CharField(_("内容指纹"), max_length=64, editable=False)
    cleaning = models.JSONField(_("清洗步骤"), default=list, blank=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("情报文章")
        verbose_name_plural = _("情报文章")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "content_hash"], name="article_unique_text_in_zone",
                                    violation_error_message=MSG_DUPLICATE_ARTICLE),
        ]
        indexes = [models.Index(fields=["zone", "-uploaded_at"], name="article_zone_uploaded_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("intelligence:article", args=[self.pk])


class RecordQuerySet(ZoneScopedQuerySet):
    zone_field = "article__zone"


class ExtractedRecord(models.Model):
    """What both kinds of record share: the extractor's JSON, the sentence it came from, the review."""

    article = models.ForeignKey(Article, verbose_name=_("文章"), on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(_("序号"))
    data = models.JSONField(_("抽取结果"))
    evidence = models.TextField(_("依据"), blank=True)
    # [span_start, span_end) of the evidence in the article's text; None where it could not be placed.
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    reason = models.CharField(_("驳回原因"), max_length=200, blank=True)
    # A project's total (else fixed-asset) investment; a statistic's total; a target's threshold. In 万 of
    # the currency, as the extractor gives it (CNY and USD, also HKD, EUR … which projects do not take).
    amount = MoneyField(_("金额(万)"), null=True, blank=True)
    currency = models.CharField(_("币种"), max_length=3, blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["article", "position"]

    @property
    def span(self) -> tuple[int, int] | None:
        return (self.span_start, self.span_end) if self.span_start is not None else None

    @property
    def amount_label(self) -> str:
        """5亿元, 3000万美元, 1.4亿港元; a currency projects do not take keeps its own name."""
        if self.amount is None:
            return "—"
        if self.currency in Currency.values:
            return format_wan(self.amount, self.currency)
        name = UNITS.get(self.currency, "万" + self.currency)[1:]  # 万港元 → 港元
        value, unit = (self.amount / WAN_PER_YI, "亿") if self.amount >= WAN_PER_YI else (self.amount, "万")
        return f"{format(value.normalize(), 'f')}{unit}{name}"


class ProjectRecord(ExtractedRecord):
    """A project the article names; a person accepts it as a lead, merges it into a project or rejects it."""

    name = models.CharField(_("项目名称"), max_length=150)
    investor_name = models.CharField(_("投资方"), max_length=120, blank=True)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    amount_kind = models.CharField(_("金额类别"), max_length=20, blank=True)
    stage = models.CharField(_("阶段"), max_length=20, blank=True)
    stage_date = models.CharField(_("阶段日期"), max_length=10, blank=True, help_text=_("YYYY, YYYY-MM 或 YYYY-MM-DD"))
    status = models.CharField(_("处理状态"), max_length=10, choices=PROJECT_STATUSES, default=ReviewStatus.PENDING)
    project = models.ForeignKey("projects.Project", verbose_name=_("项目"), on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="extracted_records")

    class Meta(ExtractedRecord.Meta):
        verbose_name = _("抽取的项目")
        verbose_name_plural = _("抽取的项目")
        default_related_name = "project_records"
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="project_record_unique_position",
                                    violation_error_message=_("同一文章的记录序号重复。")),
            models.CheckConstraint(
                condition=Q(status=ReviewStatus.PENDING, decided_at__isnull=True)
                | (~Q(status=ReviewStatus.PENDING) & Q(decided_at__isnull=False)),
                name="project_record_decided_when_not_pending",
                violation_error_message=_("已处理的记录须有处理时间, 待处理的不能有。"),
            ),
        ]
        indexes = [models.Index(fields=["article", "status"], name="project_record_status_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def key(self) -> str:
        """Names the record in the page: its card is #record-p12, its evidence #ev-p12."""
        return f"p{self.pk}"

    @property
    def stage_label(self) -> str:
        return EVENT_LABELS.get(self.stage, self.stage)

    @property
    def amount_kind_label(self) -> str:
        return AMOUNT_KIND_LABELS.get(self.amount_kind, "")

    @property
    def outputs(self) -> list[str]:
        """The announced outputs as a reader writes them: 应税销售 6亿元, 就业 300人."""
        shown = []
        for item in self.data.get("outputs") or []:
            label = OUTPUT_KIND_LABELS.get(item.get("kind"), item.get("kind") or "")
            value = item.get("value") or ""
            if item.get("unit") == "万元":
                shown.append(f"{label} {format_wan(Decimal(value))}")
            else:
                shown.append(f"{label} {value}{item.get('unit') or ''}")
        return shown


class FigureRecord(ExtractedRecord):
    """A statistic ("一季度签约42个项目") or a target ("全年新签约亿元以上项目不少于30个"): market intelligence."""

    kind = models.CharField(_("类别"), max_length=10, choices=FigureKind.choices)
    subject = models.CharField(_("主体"), max_length=100, blank=True)
    event = models.CharField(_("事项"), max_length=30, choices=EVENT_CHOICES, blank=True)
    period_start = models.DateField(_("期间起"), null=True, blank=True)
    period_end = models.DateField(_("期间止"), null=True, blank=True)
    count = models.PositiveIntegerField(_("项目个数"), null=True, blank=True)
    comparator = models.CharField(_("比较"), max_length=2, choices=Comparator.choices, blank=True)
    status = models.CharField(_("处理状态"), max_length=10, choices=FIGURE_STATUSES, default=ReviewStatus.KEPT)

    class Meta(ExtractedRecord.Meta):
        verbose_name = _("统计与目标")
        verbose_name_plural = _("统计与目标")
        default_related_name = "figure_records"
        constraints = [
            models.UniqueConstraint(fields=["article", "kind", "position"], name="figure_record_unique_position",
                                    violation_error_message=_("同一文章的记录序号重复。")),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True) | Q(period_end__isnull=True)
                | Q(period_start__lte=models.F("period_end")),
                name="figure_record_period_in_order",
                violation_error_message=_("期间的起始日期不能晚于截止日期。"),
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "event", "period_start"], name="figure_record_search_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject} {self.event_label}"

    @property
    def key(self) -> str:
        return f"{'s' if self.kind == FigureKind.STATISTIC else 't'}{self.pk}"

    @property
    def event_label(self) -> str:
        return self.get_event_display() if self.event else ""


class ProjectSource(models.Model):
    """An article is a source of a project: the one a lead came from, or one merged into it later."""

    project = models.ForeignKey("projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE,
                                related_name="source_articles")
    article = models.ForeignKey(Article, verbose_name=_("文章"), on_delete=models.CASCADE,
                                related_name="project_sources")
    record = models.ForeignKey(ProjectRecord, verbose_name=_("抽取记录"), on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("关联人"), on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    linked_at = models.DateTimeField(_("关联时间"), auto_now_add=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目来源文章")
        verbose_name_plural = _("项目来源文章")
        ordering = ["-linked_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "article"], name="project_source_unique",
                                    violation_error_message=_("这篇文章已是该项目的来源。")),
        ]

    def __str__(self) -> str:
        return f"{self.project} ← {self.article}"
