"""A clock set back to the day a demo event happened.

The services stamp `created_at`, `recorded_at` and the change log with `timezone.now()`, and check that no
event lies after `timezone.localdate()`. Loading three years of history in one go would stamp every row
with the minute of loading, so the history pages would say everything was recorded today. While a demo
write runs, `django.utils.timezone.now` answers the working day the write belongs to instead (never later
than the real now), so the services' own rules still hold on that day and the history reads as it would
have been kept. Only the demo loader uses this, in its own process, one write at a time.
"""

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.utils import timezone

OFFICE_OPENS = time(8, 30)
OFFICE_MINUTES = 8 * 60


class DemoClock:
    def __init__(self) -> None:
        self._real_now = timezone.now
        self._ticks = 0

    def moment(self, day: date) -> datetime:
        """A time of day within office hours, different for each write, never after the real now."""
        self._ticks += 1
        start = timezone.make_aware(datetime.combine(day, OFFICE_OPENS))
        return min(start + timedelta(minutes=(self._ticks * 37) % OFFICE_MINUTES), self._real_now())

    @contextmanager
    def on(self, day: date):
        moment = self.moment(day)
        timezone.now = lambda: moment
        try:
            yield moment
        finally:
            timezone.now = self._real_now
