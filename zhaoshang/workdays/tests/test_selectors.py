"""Working days on the official calendar, counted by hand from the State Council's notices."""

from datetime import date

import pytest

from zhaoshang.workdays import services
from zhaoshang.workdays.selectors import (
    CalendarUnknownError,
    WorkCalendar,
    add_working_days,
    is_workday,
    working_days_between,
)

pytestmark = pytest.mark.django_db

# 2024 国庆: 10月1日至7日放假调休; 9月29日(周日)、10月12日(周六)上班.
# 2024 中秋: 9月15日至17日放假调休; 9月14日(周六)上班.


def test_make_up_days_are_working_days_and_the_holiday_is_not():
    assert is_workday(date(2024, 9, 29)) is True  # Sunday, worked
    assert is_workday(date(2024, 10, 12)) is True  # Saturday, worked
    assert is_workday(date(2024, 10, 7)) is False  # Monday, off
    assert is_workday(date(2024, 10, 13)) is False  # an ordinary Sunday


def test_it_counts_working_days_across_national_day():
    # (Fri 9-27, Mon 10-14]: 9-29, 9-30, 10-08, 10-09, 10-10, 10-11, 10-12, 10-14 = 8
    # (the plain week would say 11).
    result = working_days_between(date(2024, 9, 27), date(2024, 10, 14))
    assert result.days == 8
    assert result.exact and result.warnings == ()


def test_it_counts_back_across_mid_autumn_and_national_day():
    # (9-10, 10-14]: 9-11..13 (3), 9-14 Sat worked (4), 9-18..20 (7), 9-23..27 (12), 9-29 (13), 9-30 (14),
    # 10-08..11 (18), 10-12 (19), 10-14 (20).
    assert working_days_between(date(2024, 9, 10), date(2024, 10, 14)).days == 20
    assert working_days_between(date(2024, 9, 11), date(2024, 10, 14)).days == 19
    assert working_days_between(date(2024, 10, 14), date(2024, 9, 10)).days == -20


def test_adding_working_days_skips_the_holiday_and_lands_on_make_up_days():
    assert add_working_days(date(2024, 9, 30), 1).date == date(2024, 10, 8)
    assert add_working_days(date(2024, 10, 8), -1).date == date(2024, 9, 30)
    assert add_working_days(date(2024, 10, 11), 1).date == date(2024, 10, 12)
    assert add_working_days(date(2024, 9, 27), 8).date == date(2024, 10, 14)
    assert add_working_days(date(2024, 9, 27), 0).date == date(2024, 9, 27)


def test_a_cutoff_is_where_the_count_reaches_n():
    calendar = WorkCalendar()
    cutoff = calendar.cutoff(date(2024, 10, 14), 20).date
    assert cutoff == date(2024, 9, 11)
    assert calendar.between(date(2024, 9, 10), date(2024, 10, 14)).days == 20  # before the cutoff: ≥ 20
    assert calendar.between(cutoff, date(2024, 10, 14)).days == 19


def test_a_year_nobody_entered_is_a_warning_not_a_guess():
    with pytest.raises(CalendarUnknownError, match="2028年的法定节假日安排尚未录入"):
        is_workday(date(2028, 3, 1))
    result = working_days_between(date(2028, 1, 2), date(2028, 1, 9))  # Sunday to Sunday
    assert result.days == 5
    assert not result.exact
    assert len(result.warnings) == 1 and "2028年" in result.warnings[0]
    moved = add_working_days(date(2028, 1, 7), 1)
    assert moved.date == date(2028, 1, 10) and "2028年" in moved.warnings[0]


def test_only_the_unknown_year_of_a_range_warns():
    result = working_days_between(date(2026, 12, 30), date(2027, 1, 5))
    assert [("2027年" in warning) for warning in result.warnings] == [True]
    assert not any("2026年" in warning for warning in result.warnings)


def test_a_hand_entered_2027_schedule_is_used_once_complete(zone_admin):
    # A 2027 National Day as a notice would give it: 10-01 (Fri) .. 10-07 off, 9-26 (Sun) and 10-09 (Sat) on.
    services.holiday_enter(by=zone_admin, name="国庆节", first_day=date(2027, 10, 1), last_day=date(2027, 10, 7),
                           makeup_days=[date(2027, 9, 26), date(2027, 10, 9)])
    before = working_days_between(date(2027, 9, 24), date(2027, 10, 11))
    assert not before.exact  # entered but not marked complete: still a warning

    services.calendar_year_complete(year=2027, source="国办发明电〔2026〕9号", by=zone_admin)
    # (9-24, 10-11]: 9-26, 9-27..30, 10-08, 10-09, 10-11 = 8
    result = working_days_between(date(2027, 9, 24), date(2027, 10, 11))
    assert (result.days, result.exact) == (8, True)
    assert is_workday(date(2027, 10, 9)) is True
    assert is_workday(date(2027, 10, 4)) is False
    assert is_workday(date(2027, 3, 1)) is True  # a Monday the notice does not mention


def test_a_year_marked_complete_overrides_the_built_in_schedule(zone_admin):
    services.holiday_enter(by=zone_admin, name="元旦", first_day=date(2026, 1, 1), last_day=date(2026, 1, 1))
    assert is_workday(date(2026, 10, 1)) is False  # built in: National Day
    services.calendar_year_complete(year=2026, source="更正", by=zone_admin)
    assert is_workday(date(2026, 10, 1)) is True  # the entered year knows only 元旦
    assert is_workday(date(2026, 1, 1)) is False
