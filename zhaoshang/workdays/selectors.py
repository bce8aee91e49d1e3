"""Working days on China's official calendar: holidays off, make-up days (调休) on.

Where a year's schedule comes from, first match wins:
1. a year marked complete in CalendarYear: the days entered in CalendarDay, the plain week otherwise;
2. the schedule chinese-calendar ships (2004 to 2026 in version 1.11);
3. nobody knows it: the plain week (Monday to Friday) is used *and* the result carries a warning naming
   the year, so a figure built on it is never shown as exact. `is_workday` alone, which can return no
   warning, raises CalendarUnknownError instead.

Counting convention: `working_days_between(start, end)` counts the working days d with start < d <= end,
the way "57个工作日 from land acquisition to listing" counts days gone by since the start.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Iterable

import chinese_calendar
from chinese_calendar import constants as builtin_schedule

from zhaoshang.workdays.models import CalendarDay, CalendarYear

MSG_YEAR_UNKNOWN = ("{year}年的法定节假日安排尚未录入, 工作日暂按周一至周五计算, 可能不准。"
                    "请园区管理员在“工作日历”中录入{year}年的放假安排并标记完成。")
# A walk through the calendar longer than this is a bug in the caller (a date typed as 0204-01-01).
MAX_SPAN_DAYS = 366 * 60

SOURCE_ENTERED = "entered"
SOURCE_BUILTIN = "builtin"
SOURCE_UNKNOWN = "unknown"

# chinese-calendar names holidays in English; the page shows the official Chinese names.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


class CalendarUnknownError(LookupError):
    """A day in a year whose official schedule nobody has entered."""

    def __init__(self, year: int):
        super().__init__(MSG_YEAR_UNKNOWN.format(year=year))
        self.year = year
        self.message = str(self)


@dataclass(frozen=True)
class WorkdayCount:
    """A number of working days, with a warning for each year counted on the plain week."""

    days: int
    warnings: tuple[str, ...] = ()

    @property
    def exact(self) -> bool:
        return not self.warnings


@dataclass(frozen=True)
class WorkdayDate:
    """A date reached by counting working days, with the same warnings."""

    date: date
    warnings: tuple[str, ...] = ()

    @property
    def exact(self) -> bool:
        return not self.warnings


@cache
def builtin_years() -> frozenset[int]:
    """The years chinese-calendar knows (it raises NotImplementedError outside them)."""
    return frozenset(day.year for day in builtin_schedule.holidays)


def _plain_week(day: date) -> bool:
    return day.weekday() < 5


@dataclass
class WorkCalendar:
    """One reading of the calendar tables: build it once, then ask it about as many days as needed.

    Years are loaded on first use (two queries for any number of years asked together through `load`).
    """

    _entered: dict[int, dict[date, bool]] = field(default_factory=dict)
    _loaded: set[int] = field(default_factory=set)
    _counts: dict[int, list[int]] = field(default_factory=dict)
    unknown_seen: set[int] = field(default_factory=set)  # years read on the plain week, for warnings

    def load(self, years: Iterable[int]) -> None:
        wanted = set(years) - self._loaded
        if not wanted:
            return
        complete = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
        for year in complete:
            self._entered[year] = {}
        if complete:
            # Entered days are read by their own date's year: a notice may move a day of the year before
            # (2012's 元旦 made 2011-12-31 a working day), and that day belongs to 2011's schedule.
            days = CalendarDay.objects.filter(date__year__in=complete).values_list("date", "is_workday")
            for day, is_workday in days:
                self._entered[day.year][day] = is_workday
        self._loaded |= wanted

    def source(self, year: int) -> str:
        self.load([year])
        if year in self._entered:
            return SOURCE_ENTERED
        if year in builtin_years():
            return SOURCE_BUILTIN
        return SOURCE_UNKNOWN

    def status(self, day: date) -> tuple[bool, bool]:
        """(is a working day, known from an official schedule)."""
        source = self.source(day.year)
        if source == SOURCE_ENTERED:
            return self._entered[day.year].get(day, _plain_week(day)), True
        if source == SOURCE_BUILTIN:
            return chinese_calendar.is_workday(day), True
        self.unknown_seen.add(day.year)
        return _plain_week(day), False

    def is_workday(self, day: date) -> bool:
        workday, known = self.status(day)
        if not known:
            raise CalendarUnknownError(day.year)
        return workday

    def warnings_for(self, years: Iterable[int]) -> tuple[str, ...]:
        return tuple(MSG_YEAR_UNKNOWN.format(year=year) for year in sorted(set(years)))

    def _running_counts(self, year: int) -> list[int]:
        """Working days from 1 January up to and including each day of the year, by day of the year."""
        counts = self._counts.get(year)
        if counts is None:
            counts, total, day = [], 0, date(year, 1, 1)
            while day.year == year:
                total += self.status(day)[0]
                counts.append(total)
                day += timedelta(days=1)
            self._counts[year] = counts
        return counts

    def _upto(self, day: date) -> int:
        return self._running_counts(day.year)[day.timetuple().tm_yday - 1]

    def between(self, start: date, end: date) -> WorkdayCount:
        """Working days d with start < d <= end (negative when end is before start)."""
        if end < start:
            result = self.between(end, start)
            return WorkdayCount(-result.days, result.warnings)
        _check_span(start, end)
        if end == start:
            return WorkdayCount(0)
        self.load(range(start.year, end.year + 1))
        days = sum(self._running_counts(year)[-1] for year in range(start.year, end.year))
        days += self._upto(end) - self._upto(start)
        first_counted = start + timedelta(days=1)
        unknown = [year for year in range(first_counted.year, end.year + 1) if self.source(year) == SOURCE_UNKNOWN]
        return WorkdayCount(days, self.warnings_for(unknown))

    def add(self, day: date, n: int) -> WorkdayDate:
        """The n-th working day after `day` (before it when n is negative); `day` itself for 0."""
        step = timedelta(days=1 if n >= 0 else -1)
        remaining, current, unknown = abs(n), day, set()
        while remaining:
            current += step
            _check_span(day, current)
            workday, known = self.status(current)
            if not known:
                unknown.add(current.year)
            remaining -= workday
        return WorkdayDate(current, self.warnings_for(unknown))

    def cutoff(self, end: date, n: int) -> WorkdayDate:
        """The date a start must lie before for (start, end] to hold at least n working days.

        Used to turn "idle for n working days" into a database filter: `last_activity < cutoff`.
        With n = 0 every start on or before `end` qualifies, hence end + 1 day.
        """
        if n <= 0:
            return WorkdayDate(end + timedelta(days=1))
        # The n-th working day counting back from `end` itself: from end + 1, n working days back.
        return self.add(end + timedelta(days=1), -n)


def _check_span(start: date, end: date) -> None:
    if abs((end - start).days) > MAX_SPAN_DAYS:
        raise ValueError(f"working days asked over more than 60 years: {start} .. {end}")


def is_workday(day: date) -> bool:
    """Whether `day` is a working day; CalendarUnknownError if its year's schedule is not known."""
    return WorkCalendar().is_workday(day)


def working_days_between(start: date, end: date) -> WorkdayCount:
    """Working days after `start` up to and including `end`, with warnings for unknown years."""
    return WorkCalendar().between(start, end)


def add_working_days(day: date, n: int) -> WorkdayDate:
    """The date n working days after `day` (before, for negative n), with warnings for unknown years."""
    return WorkCalendar().add(day, n)


# ------------------------------------------------------------------------------------- the calendar pages


@dataclass(frozen=True)
class ScheduleDay:
    date: date
    is_workday: bool
    name: str
    entry: CalendarDay | None = None  # the row, for entered days (so the page can offer to delete it)


@dataclass(frozen=True)
class YearSchedule:
    year: int
    source: str
    record: CalendarYear | None
    days: list[ScheduleDay]  # the days that differ from, or are named in, the plain week
    builtin_days: list[ScheduleDay]  # chinese-calendar's own, for comparison while a year is entered by hand
    workdays: int | None  # working days in the year, when known


def _builtin_days(year: int) -> list[ScheduleDay]:
    if year not in builtin_years():
        return []
    rows = [ScheduleDay(day, False, HOLIDAY_NAMES.get(name, name))
            for day, name in builtin_schedule.holidays.items() if day.year == year]
    rows += [ScheduleDay(day, True, f"{HOLIDAY_NAMES.get(name, name)}调休上班")
             for day, name in builtin_schedule.workdays.items() if day.year == year]
    return sorted(rows, key=lambda row: row.date)


def year_schedule(year: int) -> YearSchedule:
    """What the calendar holds for a year: where it comes from, its days off and make-up days."""
    calendar = WorkCalendar()
    source = calendar.source(year)
    entered = [ScheduleDay(row.date, row.is_workday, row.name, row)
               for row in CalendarDay.objects.filter(date__year=year).select_related("entered_by")]
    builtin = _builtin_days(year)
    days = builtin if source == SOURCE_BUILTIN and not entered else entered
    workdays = None
    if source != SOURCE_UNKNOWN:
        workdays = calendar.between(date(year - 1, 12, 31), date(year, 12, 31)).days
    return YearSchedule(year=year, source=source, record=CalendarYear.objects.filter(year=year).first(),
                        days=days, builtin_days=builtin if entered else [], workdays=workdays)


@dataclass(frozen=True)
class YearRow:
    year: int
    source: str
    record: CalendarYear | None
    entered_days: int


def calendar_years(today: date) -> list[YearRow]:
    """Every year the calendar knows or has entries for, plus this year and the next two, newest first."""
    records = {record.year: record for record in CalendarYear.objects.select_related("entered_by")}
    entered: dict[int, int] = {}
    for day in CalendarDay.objects.values_list("date", flat=True):
        entered[day.year] = entered.get(day.year, 0) + 1
    years = set(records) | set(entered) | {today.year, today.year + 1, today.year + 2}
    years |= {year for year in builtin_years() if year >= today.year - 3}
    rows = []
    for year in sorted(years, reverse=True):
        source = SOURCE_ENTERED if year in records else SOURCE_BUILTIN if year in builtin_years() else SOURCE_UNKNOWN
        rows.append(YearRow(year, source, records.get(year), entered.get(year, 0)))
    return rows
