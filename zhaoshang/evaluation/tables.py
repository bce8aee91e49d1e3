"""Tables of runs, results, yearly figures and parcels (django-tables2)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from zhaoshang.core.tables import NUMBER, TABLE_ATTRS, ZoneColumnMixin
from zhaoshang.evaluation.engine.scheme import GROUP_LABELS
from zhaoshang.evaluation.engine.score import STATUS_LABELS
from zhaoshang.evaluation.engine.data import LEASED
from zhaoshang.evaluation.models import EnterpriseYear, EvaluationResult, EvaluationRun, Parcel, RunStatus

CLASS_BADGES = {"A": "success", "B": "primary", "C": "warning", "D": "danger", "T": "secondary"}
STATUS_BADGES = {RunStatus.DRAFT: "secondary", RunStatus.PUBLISHED: "success", RunStatus.SUPERSEDED: "light"}


def class_badge(klass: str):
    if not klass:
        return format_html('<span class="text-muted small">{}</span>', "不在范围")
    return format_html('<span class="badge text-bg-{} class-badge">{}</span>', CLASS_BADGES.get(klass, "secondary"),
                       klass)


def run_status_badge(run: EvaluationRun):
    if run.job_id and run.job.status in ("queued", "running"):
        return format_html('<span class="badge text-bg-info">{}</span>', "评价中")
    if run.job_id and run.job.status == "failed":
        return format_html('<span class="badge text-bg-danger">{}</span>', "评价失败")
    return format_html('<span class="badge text-bg-{} border">{}</span>', STATUS_BADGES.get(run.status, "secondary"),
                       run.get_status_display())


def _number(value, places: int = 2) -> str:
    return "—" if value is None else f"{value:,.{places}f}"


class RunTable(ZoneColumnMixin, tables.Table):
    year = tables.Column(verbose_name="评价年度", linkify=lambda record: record.get_absolute_url())
    zone = tables.Column(verbose_name="园区")
    scheme_name = tables.Column(verbose_name="评价方案")
    status = tables.Column(verbose_name="状态", empty_values=())
    counts = tables.Column(verbose_name="A / B / C / D / T", empty_values=(), orderable=False)
    created_at = tables.DateTimeColumn(verbose_name="评价时间", format="Y-m-d H:i")
    created_by = tables.Column(verbose_name="评价人")
    published_at = tables.DateTimeColumn(verbose_name="发布时间", format="Y-m-d H:i")
    note = tables.Column(verbose_name="说明", orderable=False)

    class Meta:
        model = EvaluationRun
        fields = ("year", "zone", "scheme_name", "status", "counts", "created_at", "created_by", "published_at", "note")
        attrs = TABLE_ATTRS
        empty_text = "还没有评价结果。"
        orderable = False

    def render_year(self, value):
        return f"{value}年"

    def render_status(self, record):
        return run_status_badge(record)

    def render_counts(self, record):
        if not record.counts:
            return "—"
        totals = {klass: sum(group.get(klass, 0) for group in record.counts.values()) for klass in "ABCDT"}
        return " / ".join(str(totals[klass]) for klass in "ABCDT")

    def render_created_by(self, value):
        return value.display_name


class ResultTable(tables.Table):
    rank = tables.Column(verbose_name="排名", attrs={"td": {"class": "amount"}})
    name = tables.Column(verbose_name="企业名称", linkify=lambda record: reverse("evaluation:report_card",
                                                                                args=[record.pk]))
    credit_code = tables.Column(verbose_name="统一社会信用代码", attrs={"td": {"class": "small text-nowrap"}})
    group = tables.Column(verbose_name="分组")
    klass = tables.Column(verbose_name="等级", empty_values=())
    total = tables.Column(verbose_name="总分", attrs={"td": {"class": "amount"}})
    land_mu = tables.Column(verbose_name="用地(亩)", attrs={"td": {"class": "amount"}})
    tax = tables.Column(verbose_name="税收(万元)", attrs={"td": {"class": "amount"}})
    revenue = tables.Column(verbose_name="营业收入(万元)", attrs={"td": {"class": "amount"}})
    tax_per_mu = tables.Column(verbose_name="亩均税收", empty_values=(), orderable=False,
                               attrs={"td": {"class": "amount"}})
    status = tables.Column(verbose_name="说明", empty_values=(), orderable=False)

    class Meta:
        model = EvaluationResult
        fields = ("rank", "name", "credit_code", "group", "klass", "total", "land_mu", "tax", "revenue", "tax_per_mu",
                  "status")
        attrs = TABLE_ATTRS
        empty_text = "没有符合条件的企业。"

    def render_rank(self, record):
        return f"{record.rank}/{record.rank_of}" if record.rank else "—"

    def render_group(self, value):
        return GROUP_LABELS.get(value, value)

    def render_klass(self, record):
        return class_badge(record.klass)

    def render_total(self, value):
        return _number(value)

    def render_land_mu(self, value):
        return _number(value)

    def render_tax(self, value):
        return _number(value)

    def render_revenue(self, value):
        return _number(value)

    def render_tax_per_mu(self, record):
        value = (record.indicators.get("tax_per_mu") or {}).get("value")
        if value is None and record.land_mu:
            value = float(record.tax) / float(record.land_mu)
        return _number(value)

    def render_status(self, record):
        notes = []
        if record.status != "rated":
            notes.append(record.reason or STATUS_LABELS.get(record.status, record.status))
        elif record.follows:
            notes.append(record.reason or f"随宗地主 {record.follows} 评价")
        if record.forced:
            notes.append(f"直接评为D类: {record.forced}")
        if record.underused:
            notes.append("用而不足")
        return format_html('<span class="small">{}</span>', "; ".join(notes)) if notes else ""


def number(value, places: int = 2) -> str:
    return "—" if value is None else f"{value:,.{places}f}"


class AmountColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, attrs=NUMBER, **kwargs)

    def render(self, value):
        return number(value)


class DataTable(ZoneColumnMixin, tables.Table):
    enterprise = tables.Column(verbose_name="企业名称", linkify=lambda record: record.enterprise.get_absolute_url(),
                               order_by=("enterprise__name",))
    credit_code = tables.Column(verbose_name="统一社会信用代码", accessor="enterprise__credit_code",
                                attrs={"td": {"class": "small text-nowrap"}})
    zone = tables.Column(verbose_name="园区")
    year = tables.Column(verbose_name="年度")
    above_scale = tables.Column(verbose_name="规模")
    land_mu = AmountColumn(verbose_name="用地面积(亩)")
    parcel = tables.Column(verbose_name="宗地", order_by=("parcel__code",))
    revenue = AmountColumn(verbose_name="营业收入(万元)")
    tax = AmountColumn(verbose_name="税收(万元)")
    tax_per_mu = AmountColumn(verbose_name="亩均税收(万元/亩)")
    value_added = AmountColumn(verbose_name="工业增加值(万元)")
    energy_tce = AmountColumn(verbose_name="综合能耗(吨标煤)")
    industry = tables.Column(verbose_name="行业", order_by=("industry__code",))

    class Meta:
        model = EnterpriseYear
        fields = ("enterprise", "credit_code", "zone", "year", "above_scale", "land_mu", "parcel", "revenue", "tax",
                  "tax_per_mu", "value_added", "energy_tce", "industry")
        attrs = TABLE_ATTRS
        empty_text = "没有符合条件的企业年度数据。"

    def render_year(self, value):
        return f"{value}年"

    def render_above_scale(self, value):
        return "规上" if value else "规下"

    def render_parcel(self, record):
        if record.tenure != LEASED:
            return record.parcel.code
        return format_html('{} <span class="badge text-bg-light border">{}</span>', record.parcel.code, "租赁")

    def render_industry(self, value):
        return format_html('<span class="small">{}</span>', str(value))


class ParcelTable(ZoneColumnMixin, tables.Table):
    code = tables.Column(verbose_name="宗地编号")
    zone = tables.Column(verbose_name="园区")
    location = tables.Column(verbose_name="坐落")
    area_mu = AmountColumn(verbose_name="宗地面积(亩)")
    supplied_on = tables.DateColumn(verbose_name="供地日期", format="Y-m-d")
    owner = tables.Column(verbose_name="土地使用权人", linkify=lambda record: record.owner.get_absolute_url(),
                          order_by=("owner__name",))
    occupants = tables.Column(verbose_name="本年用地企业", empty_values=(), orderable=False)
    used_mu = tables.Column(verbose_name="本年申报用地(亩)", empty_values=(), orderable=False,
                            attrs={"td": {"class": "amount"}})
    note = tables.Column(verbose_name="备注", orderable=False)

    class Meta:
        model = Parcel
        fields = ("code", "zone", "location", "area_mu", "supplied_on", "owner", "occupants", "used_mu", "note")
        attrs = TABLE_ATTRS
        empty_text = "宗地登记中还没有宗地。"

    def render_occupants(self, record):
        rows = record.this_year
        if not rows:
            return format_html('<span class="text-muted small">{}</span>', "无申报")
        return format_html_join(
            "", '<div class="small text-nowrap"><a href="{}">{}</a> {} 亩{}</div>',
            ((row.enterprise.get_absolute_url(), row.enterprise.name, number(row.land_mu),
              "(租赁)" if row.tenure == LEASED else "") for row in rows))

    def render_used_mu(self, record):
        return number(sum((row.land_mu for row in record.this_year), start=0)) if record.this_year else "—"
