"""Tables of target plans and of the rows behind a figure (one per family of counted rows)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from zhaoshang.core.tables import NUMBER, TABLE_ATTRS, ZoneColumnMixin
from zhaoshang.core.templatetags.zs import money
from zhaoshang.targets.models import TargetPlan

NOWRAP = {"td": {"class": "text-nowrap"}}


def _project_link(project):
    return format_html('<a href="{}">{}</a> <span class="small text-muted">{}</span>', project.get_absolute_url(),
                       project.name, project.code)


def _project_amount(project):
    text = money(project.total_investment, project.currency)
    if project.currency != "CNY":
        cny = money(project.total_investment_cny)
        return format_html('{} <span class="small text-muted">(折合{})</span>', text, cny)
    return text


class PlanTable(ZoneColumnMixin, tables.Table):
    year = tables.Column(verbose_name="年度", attrs=NOWRAP)
    name = tables.Column(verbose_name="目标任务", linkify=lambda record: reverse("targets:detail", args=[record.pk]))
    zone = tables.Column(verbose_name="园区")
    scope = tables.Column(verbose_name="对象", empty_values=())
    target_count = tables.Column(verbose_name="目标数", attrs=NUMBER)
    updated_at = tables.DateTimeColumn(verbose_name="更新时间", format="Y-m-d H:i", attrs=NOWRAP)

    class Meta:
        model = TargetPlan
        fields = ("year", "name", "zone", "scope", "target_count", "updated_at")
        attrs = TABLE_ATTRS
        empty_text = "还没有目标任务。"
        order_by = ("-year", "name")

    def render_scope(self, record):
        who = record.team or (record.officer.display_name if record.officer else "")
        return f"{record.get_scope_display()} · {who}" if who else record.get_scope_display()


class RowsTable(tables.Table):
    """The rows behind a figure, in the order the engine counted them; a project column links the project."""

    class Meta:
        attrs = TABLE_ATTRS
        orderable = False
        empty_text = "没有计入的记录。"

    def render_project(self, value):
        return _project_link(value)


class EventRows(RowsTable):
    """Stage events: the projects counted by a stage metric."""

    date = tables.DateColumn(verbose_name="阶段日期", format="Y-m-d", attrs=NOWRAP)
    stage = tables.Column(verbose_name="阶段")
    project = tables.Column(verbose_name="项目")
    amount = tables.Column(verbose_name="总投资", accessor="project", attrs=NUMBER)
    team = tables.Column(verbose_name="责任小组", accessor="project__team")
    officer = tables.Column(verbose_name="责任人", accessor="project__officer__display_name")

    def render_amount(self, value):
        return _project_amount(value)


class ProjectRows(RowsTable):
    """Projects: the new leads counted, by their first recorded event."""

    first_event = tables.DateColumn(verbose_name="首次登记日期", format="Y-m-d", attrs=NOWRAP)
    project = tables.Column(verbose_name="项目", accessor="pk")
    stage = tables.Column(verbose_name="当前阶段")
    amount = tables.Column(verbose_name="总投资", accessor="pk", attrs=NUMBER)
    team = tables.Column(verbose_name="责任小组")
    officer = tables.Column(verbose_name="责任人", accessor="officer__display_name")

    def render_project(self, record):
        return _project_link(record)

    def render_amount(self, record):
        return _project_amount(record)


class FdiRows(RowsTable):
    date = tables.DateColumn(verbose_name="到账日期", format="Y-m-d", attrs=NOWRAP)
    project = tables.Column(verbose_name="项目")
    amount_usd = tables.Column(verbose_name="到账金额(万美元)", attrs=NUMBER)
    note = tables.Column(verbose_name="说明")


class EntryRows(RowsTable):
    project = tables.Column(verbose_name="项目", accessor="plan__project")
    level = tables.Column(verbose_name="重大项目清单", accessor="plan__get_major_level_display")
    month = tables.Column(verbose_name="月份")
    amount = tables.Column(verbose_name="当月完成投资(万元)", attrs=NUMBER)

    def render_month(self, record):
        return f"{record.plan.year}年{record.month}月"


class InteractionRows(RowsTable):
    date = tables.DateColumn(verbose_name="日期", format="Y-m-d", attrs=NOWRAP)
    kind = tables.Column(verbose_name="方式")
    subject = tables.Column(verbose_name="项目/企业", empty_values=())
    people = tables.Column(verbose_name="参与人员")
    recorded_by = tables.Column(verbose_name="登记人", accessor="recorded_by__display_name")

    def render_subject(self, record):
        if record.project_id:
            return _project_link(record.project)
        return format_html('<a href="{}">{}</a>', record.enterprise.get_absolute_url(), record.enterprise.name)


class PlannedTable(RowsTable):
    """A completion rate's denominator: the year's plans of the major projects."""

    project = tables.Column(verbose_name="项目")
    major_level = tables.Column(verbose_name="重大项目清单")
    planned_investment = tables.Column(verbose_name="年度计划投资(万元)", attrs=NUMBER)


DRILL_TABLES = {"events": EventRows, "projects": ProjectRows, "fdi": FdiRows, "entries": EntryRows,
                "interactions": InteractionRows}
