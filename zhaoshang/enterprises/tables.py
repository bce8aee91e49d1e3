import django_tables2 as tables
from django.utils.html import format_html_join

from zhaoshang.core.tables import TABLE_ATTRS, ZoneColumnMixin
from zhaoshang.enterprises.models import Enterprise


class EnterpriseTable(ZoneColumnMixin, tables.Table):
    name = tables.Column(verbose_name="企业名称", linkify=True)
    credit_code = tables.Column(verbose_name="统一社会信用代码", attrs={"td": {"class": "small text-nowrap"}})
    zone = tables.Column(verbose_name="园区")
    location = tables.Column(verbose_name="类别")
    industry = tables.Column(verbose_name="行业")
    division = tables.Column(verbose_name="所在地区")
    tags = tables.Column(verbose_name="标签", empty_values=(), orderable=False)
    project_count = tables.Column(verbose_name="项目数", attrs={"td": {"class": "amount"}})

    class Meta:
        model = Enterprise
        fields = ("name", "credit_code", "zone", "location", "industry", "division", "tags", "project_count")
        attrs = TABLE_ATTRS
        empty_text = "没有符合条件的企业。"

    def render_tags(self, record):
        return format_html_join("", '<span class="badge rounded-pill text-bg-light border me-1">{}</span>',
                                ((str(tag),) for tag in record.tags.all()))

    def render_division(self, value):
        return value.full_name
