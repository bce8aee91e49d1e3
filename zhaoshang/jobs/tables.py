import django_tables2 as tables
from django.utils.html import format_html

from zhaoshang.core.tables import TABLE_ATTRS
from zhaoshang.jobs.models import Job, JobStatus

STATUS_COLOURS = {JobStatus.QUEUED: "secondary", JobStatus.RUNNING: "info", JobStatus.SUCCEEDED: "success",
                  JobStatus.FAILED: "danger"}


class JobTable(tables.Table):
    title = tables.Column(verbose_name="任务", linkify=("jobs:detail", [tables.A("pk")]))
    status = tables.Column(verbose_name="状态")
    created_by = tables.Column(verbose_name="提交人", order_by="created_by__full_name")
    created_at = tables.DateTimeColumn(verbose_name="提交时间", format="Y-m-d H:i")
    finished_at = tables.DateTimeColumn(verbose_name="结束时间", format="Y-m-d H:i")

    class Meta:
        model = Job
        fields = ("title", "status", "created_by", "created_at", "finished_at")
        attrs = TABLE_ATTRS
        empty_text = "还没有后台任务。"

    def render_status(self, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', STATUS_COLOURS[record.status],
                           record.get_status_display())
