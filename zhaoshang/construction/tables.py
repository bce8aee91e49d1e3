from urllib.parse import quote

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from zhaoshang.construction.models import Supervision
from zhaoshang.core.tables import TABLE_ATTRS, ZoneColumnMixin

LIGHT_BADGES = {"red": "danger", "yellow": "warning", "green": "success"}


def light_badge(light: str, label: str):
    return format_html('<span class="badge text-bg-{} light-badge">{}</span>', LIGHT_BADGES.get(light, "secondary"),
                       label)


class SupervisionTable(ZoneColumnMixin, tables.Table):
    light = tables.Column(verbose_name="灯号", attrs={"td": {"class": "text-nowrap"}})
    zone = tables.Column(verbose_name="园区")
    project = tables.Column(verbose_name="项目", linkify=lambda record: record.project.get_absolute_url(),
                            attrs={"td": {"style": "min-width: 10em"}})
    kind = tables.Column(verbose_name="类型", attrs={"td": {"class": "text-nowrap"}})
    reason = tables.Column(verbose_name="原因", orderable=False)
    officer = tables.Column(verbose_name="责任人", accessor="project__officer", attrs={"td": {"class": "text-nowrap"}})
    team = tables.Column(verbose_name="责任小组", accessor="project__team")
    since = tables.DateColumn(verbose_name="起始日期", format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    state = tables.Column(verbose_name="办理", empty_values=(), orderable=False, attrs={"td": {"class": "text-nowrap"}})

    class Meta:
        model = Supervision
        fields = ("light", "zone", "project", "kind", "reason", "officer", "team", "since", "state")
        attrs = TABLE_ATTRS
        empty_text = "没有符合条件的督办事项。"
        orderable = False

    def __init__(self, *args, writable_zone_ids=frozenset(), back: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.writable_zone_ids = writable_zone_ids
        self.back = back  # the list as filtered, to come back to after resolving

    def render_light(self, record):
        badge = light_badge(record.light, record.get_light_display())
        if record.light == "green" and not record.resolved_at:
            badge += format_html(' <span class="small text-muted">{}</span>', "已消除, 待办结")
        return badge

    def render_officer(self, value):
        return value.display_name

    def render_state(self, record):
        if record.resolved_at:
            return format_html('<div class="small">{} 办结 · {}</div><div class="small text-muted">{}</div>',
                               record.resolved_at.strftime("%Y-%m-%d"),
                               record.resolved_by.display_name if record.resolved_by else "系统",
                               record.resolution)
        if record.zone_id in self.writable_zone_ids:
            url = reverse("construction:supervision_resolve", args=[record.pk]) + f"?next={quote(self.back)}"
            return format_html('<a class="btn btn-sm btn-outline-primary text-nowrap" href="{}" hx-get="{}" '
                               'hx-target="#app-modal-content">办结</a>', url, url)
        return format_html('<span class="small text-muted">{}</span>', "未办结")
