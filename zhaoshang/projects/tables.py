import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from zhaoshang.core.tables import NUMBER, TABLE_ATTRS, ZoneColumnMixin
from zhaoshang.core.templatetags.zs import money, stage_colour
from zhaoshang.projects.models import Interaction, Project


class ProjectTable(ZoneColumnMixin, tables.Table):
    code = tables.Column(verbose_name="编号", attrs={"td": {"class": "text-nowrap small text-muted"}})
    name = tables.Column(verbose_name="项目名称", linkify=True, attrs={"td": {"style": "min-width: 11em"}})
    zone = tables.Column(verbose_name="园区")
    investor = tables.Column(verbose_name="投资方", linkify=lambda record: record.investor.get_absolute_url(),
                             order_by="investor__name")
    total_investment_cny = tables.Column(verbose_name="总投资", attrs=NUMBER)
    stage = tables.Column(verbose_name="阶段")
    stage_date = tables.DateColumn(verbose_name="阶段日期", format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    team = tables.Column(verbose_name="责任小组")
    officer = tables.Column(verbose_name="责任人", order_by="officer__full_name")
    channel = tables.Column(verbose_name="招商方式")
    flags = tables.Column(verbose_name="标识", empty_values=(), orderable=False)

    class Meta:
        model = Project
        fields = ("code", "name", "zone", "investor", "total_investment_cny", "stage", "stage_date", "team",
                  "officer", "channel", "flags")
        attrs = TABLE_ATTRS
        empty_text = "没有符合条件的项目。"
        order_by = ("-stage_date",)

    def render_total_investment_cny(self, record):
        text = money(record.total_investment, record.currency)
        return format_html('<span title="折合人民币 {}">{}</span>', money(record.total_investment_cny), text)

    def render_stage(self, record):
        badge = format_html('<span class="badge text-bg-{} stage-badge">{}</span>', stage_colour(record.stage),
                            record.get_stage_display())
        if record.status != "active":
            badge += format_html(' <span class="badge text-bg-{}">{}</span>',
                                 "danger" if record.status == "dropped" else "secondary", record.get_status_display())
        return badge

    def render_flags(self, record):
        flags = []
        if record.major_level:
            flags.append(("danger", record.get_major_level_display()))
        if record.top500:
            flags.append(("warning", record.get_top500_display()))
        if record.is_sci_tech:
            flags.append(("info", "科创"))
        if record.is_foreign:
            flags.append(("primary", "外资"))
        if record.is_expansion:
            flags.append(("secondary", "增资扩产"))
        return format_html_join("", '<span class="badge rounded-pill text-bg-{} me-1">{}</span>', flags)


class InteractionTable(tables.Table):
    date = tables.DateColumn(verbose_name="日期", format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    kind = tables.Column(verbose_name="方式")
    subject = tables.Column(verbose_name="项目/企业", empty_values=(), order_by=("project__name", "enterprise__name"))
    people = tables.Column(verbose_name="参与人员")
    notes = tables.Column(verbose_name="对接情况")
    next_step = tables.Column(verbose_name="下一步")
    next_step_due = tables.DateColumn(verbose_name="期限", format="Y-m-d")
    recorded_by = tables.Column(verbose_name="登记人", order_by="recorded_by__full_name")

    class Meta:
        model = Interaction
        fields = ("date", "kind", "subject", "people", "notes", "next_step", "next_step_due", "recorded_by")
        attrs = TABLE_ATTRS
        empty_text = "暂无对接记录。"
        order_by = ("-date",)

    def render_subject(self, record):
        if record.project_id:
            return format_html('<a href="{}">{}</a>', record.project.get_absolute_url(), record.project.name)
        return format_html('<a href="{}">{}</a>', record.enterprise.get_absolute_url(), record.enterprise.name)

    def render_notes(self, value):
        return value if len(value) <= 60 else value[:60] + "…"
