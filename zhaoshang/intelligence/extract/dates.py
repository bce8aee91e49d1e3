"""Dates and periods in reports, resolved against the article's date.

Reports rarely print a year: "去年12月动工", "今年一季度", "1-8月", "上半年", "年内", "截至目前" all mean
something only once the article date is known. Periods (for statistics and targets) are [first, last]
days; stage dates keep the precision the text gives: "2023", "2023-12" or "2023-12-26".
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from zhaoshang.intelligence.extract.numbers import to_int

_N = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR = r"(?P<year>(?:19|20)\d{2}|[二〇一九零]{4})年(?:度)?|(?P<rel>去年|今年|明年|前年|本年|当年|上年)"
_QUARTER = {"一": 1, "1": 1, "首": 1, "二": 2, "2": 2, "三": 3, "3": 3, "四": 4, "4": 4}

PERIOD = re.compile(
    rf"(?P<upto>截至|截止|截至到)?(?:{_YEAR})?(?:以来)?"
    r"(?:(?P<q>第?[一二三四1234首])季度?(?P<q_end>末|底)?"
    r"|(?:前|首)(?P<q_upto>[一二三1-3])(?:个)?季度?"
    r"|(?P<half>上半年|下半年)"
    rf"|(?P<m_from>{_N})(?:月)?\s*(?:-|—|–|~|至|到)\s*(?P<m_to>{_N})月(?:份)?"
    rf"|前(?P<m_upto>{_N})(?:个)?月"
    rf"|(?P<d_month>{_N})月(?P<d_day>{_N})日"
    rf"|(?P<m_single>{_N})月(?:份|底|末)?(?![\d一二三四五六七八九十]{{1,3}}日)"
    r"|(?P<whole>全年|年内|年度(?!计划|目标|任务|投资计划)|以来|一年来|年底前|年底|底前|底|末))"
    r"|(?P<year_alone>(?:19|20)\d{2})年度?(?![\d一二三四五六七八九十])"
    r"|(?P<rel_only>去年|今年|明年|前年|本年|上年)"
    r"|(?P<todate>截至目前|截至今年|截至当前|截止目前|目前|至今)"
)

DATE = re.compile(
    rf"(?:(?:(?P<year>(?:19|20)\d{{2}})年)|(?P<rel>去年|今年|明年|前年|上年))?"
    rf"(?P<month>{_N})月(?:份)?(?:(?P<day>{_N})日|(?P<part>初|上旬|中旬|下旬|底|末|中))?"
    rf"|(?P<year_only>(?:19|20)\d{{2}})年(?!\d|度?\s*[-—至])"
)


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    value: object  # a (first, last) pair of dates for periods, a "YYYY[-MM[-DD]]" text for dates


def _year(match: re.Match, ref: date | None, hint: int | None = None) -> int | None:
    if match.group("year"):
        digits = match.group("year")
        return int(digits) if digits.isdigit() else to_int(digits)
    rel = match.group("rel")
    if rel and ref:
        return ref.year + {"去年": -1, "上年": -1, "前年": -2, "明年": 1}.get(rel, 0)
    if hint:
        return hint  # "2023年,全区…全年新签约": the year named before governs
    return ref.year if ref else None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int) -> tuple[date, date] | None:
    if not (1 <= first <= last <= 12):
        return None
    return date(year, first, 1), _month_end(year, last)


def _period(match: re.Match, ref: date | None, hint: int | None = None) -> tuple[date, date] | None:
    period = _span(match, ref, hint)
    if period and match.group("upto"):
        return date(period[1].year, 1, 1), period[1]  # 截至6月底: from the start of the year
    return period


def _span(match: re.Match, ref: date | None, hint: int | None) -> tuple[date, date] | None:
    if match.group("year_alone"):
        year = int(match.group("year_alone"))
        return date(year, 1, 1), date(year, 12, 31)
    if match.group("rel_only"):
        if not ref:
            return None
        year = ref.year + {"去年": -1, "上年": -1, "前年": -2, "明年": 1}.get(match.group("rel_only"), 0)
        return date(year, 1, 1), date(year, 12, 31)
    if match.group("todate"):
        return (date(ref.year, 1, 1), ref) if ref else None
    year = _year(match, ref, hint)
    if year is None:
        return None
    if match.group("d_month"):
        month, day = to_int(match.group("d_month")) or 0, to_int(match.group("d_day")) or 0
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            return date(year, month, day), date(year, month, day)
        return None
    if match.group("q"):
        quarter = _QUARTER[match.group("q")[-1]]
        # 二季度末: by the end of the second quarter, counted from the start of the year
        return _months(year, 1 if match.group("q_end") else quarter * 3 - 2, quarter * 3)
    if match.group("q_upto"):
        return _months(year, 1, _QUARTER[match.group("q_upto")] * 3)
    if match.group("half"):
        return _months(year, 1, 6) if match.group("half") == "上半年" else _months(year, 7, 12)
    if match.group("m_from"):
        return _months(year, to_int(match.group("m_from")) or 0, to_int(match.group("m_to")) or 0)
    if match.group("m_single"):
        month = to_int(match.group("m_single")) or 0
        return _months(year, month, month)
    if match.group("m_upto"):
        return _months(year, 1, to_int(match.group("m_upto")) or 0)
    whole = match.group("whole")
    if whole in ("以来", "一年来") and ref and year == ref.year:
        return date(year, 1, 1), ref  # 今年以来: so far this year
    return date(year, 1, 1), date(year, 12, 31)


@lru_cache(maxsize=8192)
def find_periods(text: str, ref: date | None) -> tuple[Found, ...]:
    found, hint = [], None
    for match in PERIOD.finditer(text):
        if not match.group():
            continue
        period = _period(match, ref, hint)
        if period:
            found.append(Found(match.start(), match.end(), period))
            if match.group("year") or match.group("year_alone"):
                hint = period[0].year
    return tuple(found)


def most_specific(found: list[Found]) -> tuple[date, date] | None:
    """The shortest of the periods (a day over a quarter over a year); the later one on a tie."""
    if not found:
        return None
    return min(reversed(found), key=lambda f: f.value[1] - f.value[0]).value


def find_dates(text: str, ref: date | None, future: bool = False) -> list[Found]:
    """Dates of events; a month without a year takes the year last named in the same text.

    A bare month later in the year than the article is last year's when the event is reported as done,
    and this year's (or next year's) when it is planned.
    """
    found, year_in_force = [], None
    for match in DATE.finditer(text):
        if match.group("year_only"):
            year_in_force = int(match.group("year_only"))
            found.append(Found(match.start(), match.end(), f"{year_in_force:04d}"))
            continue
        month = to_int(match.group("month"))
        if not month or not 1 <= month <= 12:
            continue
        if match.group("year") or match.group("rel"):
            year = _year(match, ref)
        elif year_in_force:
            year = year_in_force
        elif ref:
            if future:
                year = ref.year + 1 if month < ref.month - 1 else ref.year
            else:
                year = ref.year - 1 if month > ref.month + 1 else ref.year
        else:
            year = None
        if year is None:
            continue
        year_in_force = year
        day = to_int(match.group("day")) if match.group("day") else None
        if day and 1 <= day <= calendar.monthrange(year, month)[1]:
            value = f"{year:04d}-{month:02d}-{day:02d}"
        else:
            value = f"{year:04d}-{month:02d}"
        found.append(Found(match.start(), match.end(), value))
    return found


_ARTICLE_DATE = re.compile(r"((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})")


def infer_article_date(text: str) -> date | None:
    """The first full date in the head of the text (a dateline or 发布时间), else None."""
    for match in _ARTICLE_DATE.finditer(text[:400]):
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None


def iso(period: tuple[date, date] | None) -> list[str] | None:
    return [period[0].isoformat(), period[1].isoformat()] if period else None
