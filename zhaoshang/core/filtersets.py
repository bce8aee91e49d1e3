"""The base every list's FilterSet shares."""

import django_filters
from django import forms

from zhaoshang.accounts.access import visible_zones


class StyledFilterSet(django_filters.FilterSet):
    """Bootstrap classes on every widget, and a zone choice only for a user who sees several zones."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        if "zone" in self.filters:
            zones = visible_zones(request.user)
            if zones.count() <= 1:
                del self.filters["zone"]
            else:
                self.filters["zone"].queryset = zones
        for filter_ in self.filters.values():
            widget = filter_.field.widget
            widget.attrs["class"] = "form-select form-select-sm" if isinstance(widget, forms.Select) \
                else "form-control form-control-sm"

