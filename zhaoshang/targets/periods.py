"""Calendar periods of a year (全年, 一季度…, 1月…) and time progress (时间进度 = months elapsed ÷ months)."""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from zhaoshang.targets.choices import Granularity

QUARTER_NAMES = {1: "一季度", 2: "二季度", 3: "三季度", 4: "四季度"}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    code: str  # "Y", "Q1".."Q4", "M01".."M12"

    @property
    def first_month(self) -> int:
        if self.code == "Y":
            return 1
        if self.code.startswith("Q"):
            return 3 * int(self.code[1]) - 2
        return int(self.code[1:])

    @property
    def last_month(self) -> int:
        if self.code == "Y":
            return 12
        if self.code.startswith("Q"):
            return 3 * int(self.code[1])
        return int(self.code[1:])

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def label(self) -> str:
        if self.code == "Y":
            return f"{self.year}年"
        if self.code.startswith("Q"):
            return f"{self.year}年{QUARTER_NAMES[int(self.code[1])]}"
        return f"{self.year}年{self.first_month}月"

    def until(self, as_of: date) -> date:
        """The last day counted when looking as of a date: the period's end, or the date within it."""
        return min(self.end, as_of)

    def months_elapsed(self, as_of: date) -> Decimal:
        """Months of the period gone by on `as_of`, the current month by its share of days."""
        if as_of < self.start:
            return Decimal(0)
        if as_of >= self.end:
            return Decimal(self.last_month - self.first_month + 1)
        full = as_of.month - self.first_month
        days = calendar.monthrange(as_of.year, as_of.month)[1]
        return Decimal(full) + Decimal(as_of.day) / Decimal(days)

    def time_progress(self, as_of: date) -> Decimal:
        """时间进度 in percent (one decimal), as reports state it against a completion rate."""
        months = Decimal(self.last_month - self.first_month + 1)
        return (self.months_elapsed(as_of) * 100 / months).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def parse(year: int, code: str) -> Period:
    if code == "Y" or (len(code) == 2 and code[0] == "Q" and code[1] in "1234") or (
            len(code) == 3 and code[0] == "M" and code[1:].isdigit() and 1 <= int(code[1:]) <= 12):
        return Period(year, code)
    raise ValueError(f"unknown period {code!r}")


def periods_of(year: int, granularity: str) -> list[Period]:
    if granularity == Granularity.QUARTER:
        return [Period(year, f"Q{quarter}") for quarter in range(1, 5)]
    if granularity == Granularity.MONTH:
        return [Period(year, f"M{month:02d}") for month in range(1, 13)]
    return [Period(year, "Y")]


def period_containing(day: date, granularity: str) -> Period:
    if granularity == Granularity.QUARTER:
        return Period(day.year, f"Q{(day.month - 1) // 3 + 1}")
    if granularity == Granularity.MONTH:
        return Period(day.year, f"M{day.month:02d}")
    return Period(day.year, "Y")
