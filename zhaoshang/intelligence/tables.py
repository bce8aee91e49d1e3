import django_tables2 as tables
from django.utils.html import format_html

from zhaoshang.core.tables import NUMBER, TABLE_ATTRS, ZoneColumnMixin
from zhaoshang.intelligence.choices import Comparator
from zhaoshang.intelligence.models import Article, FigureRecord

EVIDENCE_LENGTH = 80


class ArticleTable(ZoneColumnMixin, tables.Table):
    title = tables.Column(verbose_name="标题", linkify=True, attrs={"td": {"style": "min-width: 14em"}})
    zone = tables.Column(verbose_name="园区")
    source = tables.Column(verbose_name="来源")
    published_on = tables.DateColumn(verbose_name="发布日期", format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    pending_count = tables.Column(verbose_name="待处理项目", attrs=NUMBER)
    project_count = tables.Column(verbose_name="项目", attrs=NUMBER)
    statistic_count = tables.Column(verbose_name="统计", attrs=NUMBER)
    target_count = tables.Column(verbose_name="目标", attrs=NUMBER)
    uploaded_by = tables.Column(verbose_name="上传人", order_by="uploaded_by__full_name")
    uploaded_at = tables.DateTimeColumn(verbose_name="上传时间", format="Y-m-d H:i")

    class Meta:
        model = Article
        fields = ("title", "zone", "source", "published_on", "pending_count", "project_count", "statistic_count",
                  "target_count", "uploaded_by", "uploaded_at")
        attrs = TABLE_ATTRS
        empty_text = "还没有文章。粘贴文字或上传文件后, 系统抽取其中的项目、统计和目标。"

    def render_pending_count(self, value):
        return format_html('<span class="badge text-bg-warning">{}</span>', value) if value else "0"


class FigureTable(ZoneColumnMixin, tables.Table):
    kind = tables.Column(verbose_name="类别")
    subject = tables.Column(verbose_name="主体")
    event = tables.Column(verbose_name="事项")
    period_start = tables.Column(verbose_name="期间", empty_values=())
    count = tables.Column(verbose_name="项目数", empty_values=(), attrs=NUMBER)
    amount = tables.Column(verbose_name="金额", attrs=NUMBER)
    evidence = tables.Column(verbose_name="原文", orderable=False)
    article = tables.Column(verbose_name="文章", order_by="article__title")
    zone = tables.Column(verbose_name="收录园区", accessor="article__zone", order_by="article__zone__name")

    class Meta:
        model = FigureRecord
        fields = ("kind", "subject", "event", "period_start", "count", "amount", "evidence", "article", "zone")
        attrs = TABLE_ATTRS
        empty_text = "没有符合条件的统计或目标。"
        order_by = ("-period_start",)

    def render_period_start(self, record):
        if record.period_start is None:
            return "—"
        return f"{record.period_start:%Y-%m-%d} 至 {record.period_end:%Y-%m-%d}"

    def render_count(self, record):
        if record.count is None:
            return "—"
        prefix = Comparator(record.comparator).label if record.comparator else ""
        return f"{prefix}{record.count}个"

    def render_amount(self, record):
        # A target with a count sets a size class: 不少于30个 of 1亿元以上.
        return f"{record.amount_label}以上" if record.kind == "target" and record.count is not None \
            else record.amount_label

    def render_evidence(self, value):
        return value if len(value) <= EVIDENCE_LENGTH else value[:EVIDENCE_LENGTH] + "…"

    def render_article(self, record):
        return format_html('<a href="{}#ev-{}">{}</a>', record.article.get_absolute_url(), record.key,
                           record.article.title)
