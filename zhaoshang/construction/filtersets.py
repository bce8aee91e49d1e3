"""The 督办 list's filters: state, light, kind, zone, team and officer (choices from visible zones only)."""

import django_filters
from django import forms

from zhaoshang.accounts.access import visible_zones
from zhaoshang.accounts.models import User
from zhaoshang.construction.choices import Light, SupervisionKind
from zhaoshang.construction.models import Supervision
from zhaoshang.organisation.models import Team

STATE_OPEN, STATE_RESOLVED, STATE_ALL = "open", "resolved", "all"
STATE_CHOICES = [(STATE_OPEN, "未办结"), (STATE_RESOLVED, "已办结"), (STATE_ALL, "全部")]


class SupervisionFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label="状态", choices=STATE_CHOICES, method="filter_state", empty_label=None)
    zone = django_filters.ModelChoiceFilter(label="园区", queryset=None, empty_label="全部园区")
    light = django_filters.ChoiceFilter(label="灯号", choices=Light.choices, empty_label="全部灯号")
    kind = django_filters.ChoiceFilter(label="类型", choices=SupervisionKind.choices, empty_label="全部类型")
    team = django_filters.ModelChoiceFilter(label="责任小组", field_name="project__team", queryset=None,
                                            empty_label="全部小组")
    officer = django_filters.ModelChoiceFilter(label="责任人", field_name="project__officer", queryset=None,
                                               empty_label="全部人员")
    project = django_filters.NumberFilter(field_name="project_id", widget=forms.HiddenInput)

    class Meta:
        model = Supervision
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # Without a choice the list shows what is still open.
        data = data.copy() if data is not None else {}
        data.setdefault("state", STATE_OPEN)
        super().__init__(data, queryset, request=request, prefix=prefix)
        zones = visible_zones(request.user)
        self.filters["zone"].queryset = zones.order_by("name")
        self.filters["team"].queryset = Team.objects.filter(zone__in=zones).order_by("zone", "name")
        self.filters["officer"].queryset = User.objects.filter(zone__in=zones).order_by("full_name")
        if zones.count() <= 1:
            del self.filters["zone"]
        for filter_ in self.filters.values():
            widget = filter_.field.widget
            if not isinstance(widget, forms.HiddenInput):
                widget.attrs["class"] = ("form-select form-select-sm" if isinstance(widget, forms.Select)
                                         else "form-control form-control-sm")

    def filter_state(self, queryset, name, value):
        if value == STATE_OPEN:
            return queryset.filter(resolved_at__isnull=True)
        if value == STATE_RESOLVED:
            return queryset.filter(resolved_at__isnull=False)
        return queryset
