"""What every list table (django-tables2) shares: its look, the right-aligned number column, and a zone
column that only users who see several zones get."""

TABLE_ATTRS = {"class": "table table-hover table-sm align-middle bg-white mb-0"}
NUMBER = {"td": {"class": "amount"}, "th": {"class": "amount"}}


class ZoneColumnMixin:
    """Hides the table's `zone` column unless `show_zone` (a city or province viewer's list spans zones)."""

    def __init__(self, *args, show_zone: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_zone:
            self.columns.hide("zone")
