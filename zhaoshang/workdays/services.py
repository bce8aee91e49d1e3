"""Entering a year's official holiday schedule (国务院办公厅关于部分节假日安排的通知) by hand.

The calendar is one for the whole country, so it is shared by every zone of the deployment: any zone
administrator may enter it (the notice is public and the same for all), and the superuser.
"""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhaoshang.accounts.models import Role
from zhaoshang.workdays.models import CalendarDay, CalendarYear

MSG_NOT_ALLOWED = "只有园区管理员或系统管理员可以录入节假日安排。"
MSG_RANGE_ORDER = "放假结束日期不能早于开始日期。"
MSG_RANGE_TOO_LONG = "一次放假最长录入 {days} 天, 请检查日期。"
MSG_MAKEUP_WEEKDAY = "{day} 是{weekday}, 调休上班日应是周六或周日。"
MSG_MAKEUP_IN_HOLIDAY = "{day} 同时出现在放假日期和调休上班日期中。"
MSG_DAY_TAKEN = "{day} 已录入为“{existing}”, 如需更改请先删除该日。"
MSG_NAME_REQUIRED = "请填写节日名称, 如 国庆节。"
MSG_SOURCE_REQUIRED = "请填写依据的通知文号, 如 国办发明电〔2026〕X号。"
MSG_YEAR_EMPTY = "{year}年还没有录入任何放假或调休日期, 不能标记为已录入完成。"
MSG_YEAR_COMPLETE_ALREADY = "{year}年已标记为录入完成。"
MAX_HOLIDAY_DAYS = 15
WEEKDAYS = "一二三四五六日"


def can_edit_calendar(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active
                and (user.is_superuser or user.role == Role.ZONE_ADMIN))


def _ensure_can_edit(by) -> None:
    if by is not None and not can_edit_calendar(by):
        raise PermissionDenied(MSG_NOT_ALLOWED)


def _describe(row: CalendarDay) -> str:
    return f"{row.name or ''}{'上班' if row.is_workday else '放假'}"


@transaction.atomic
def holiday_enter(*, by, name: str, first_day: date, last_day: date,
                  makeup_days: list[date] = ()) -> list[CalendarDay]:
    """One holiday of the notice: the days off (weekend days in it included, as the notice lists them)
    and the weekend days worked in exchange. Nothing is written if any date is wrong."""
    _ensure_can_edit(by)
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors.setdefault("name", []).append(MSG_NAME_REQUIRED)
    if last_day < first_day:
        errors.setdefault("last_day", []).append(MSG_RANGE_ORDER)
    elif (last_day - first_day).days >= MAX_HOLIDAY_DAYS:
        errors.setdefault("last_day", []).append(MSG_RANGE_TOO_LONG.format(days=MAX_HOLIDAY_DAYS))
    days_off = [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)] \
        if "last_day" not in errors else []
    for day in makeup_days:
        if day.weekday() < 5:
            errors.setdefault("makeup_days", []).append(
                MSG_MAKEUP_WEEKDAY.format(day=day, weekday="周" + WEEKDAYS[day.weekday()]))
        if day in days_off:
            errors.setdefault("makeup_days", []).append(MSG_MAKEUP_IN_HOLIDAY.format(day=day))
    wanted = {day: False for day in days_off} | {day: True for day in makeup_days}
    existing = {row.date: row for row in CalendarDay.objects.filter(date__in=list(wanted))}
    for day, row in existing.items():
        if row.is_workday != wanted[day] or row.name != _label(name, wanted[day]):
            errors.setdefault("first_day" if not wanted[day] else "makeup_days", []).append(
                MSG_DAY_TAKEN.format(day=day, existing=_describe(row)))
    if errors:
        raise ValidationError(errors)
    recorder = by if getattr(by, "pk", None) else None
    rows = [CalendarDay(date=day, is_workday=is_workday, name=_label(name, is_workday), entered_by=recorder)
            for day, is_workday in sorted(wanted.items()) if day not in existing]
    for row in rows:
        row.full_clean()
    return CalendarDay.objects.bulk_create(rows)


def _label(name: str, is_workday: bool) -> str:
    return f"{name}调休" if is_workday else name


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay, by) -> None:
    _ensure_can_edit(by)
    day.delete()


@transaction.atomic
def calendar_year_complete(*, year: int, source: str, by) -> CalendarYear:
    """Mark a year's schedule as entered in full: from now on it is used instead of any other source."""
    _ensure_can_edit(by)
    if not source.strip():
        raise ValidationError({"source": MSG_SOURCE_REQUIRED})
    if CalendarYear.objects.filter(year=year).exists():
        raise ValidationError(MSG_YEAR_COMPLETE_ALREADY.format(year=year))
    if not CalendarDay.objects.filter(date__year=year).exists():
        raise ValidationError(MSG_YEAR_EMPTY.format(year=year))
    record = CalendarYear(year=year, source=source.strip(), entered_by=by if getattr(by, "pk", None) else None)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def calendar_year_reopen(*, year: int, by) -> None:
    """Take back the mark, to correct the entries: the year falls back to the built-in schedule, if any."""
    _ensure_can_edit(by)
    CalendarYear.objects.filter(year=year).delete()
