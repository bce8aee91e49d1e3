from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.workdays import services
from zhaoshang.workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def test_a_holiday_is_entered_with_its_weekend_days_and_make_up_days(zone_admin):
    rows = services.holiday_enter(by=zone_admin, name="劳动节", first_day=date(2027, 5, 1),
                                  last_day=date(2027, 5, 5), makeup_days=[date(2027, 4, 25)])
    assert len(rows) == 6
    assert CalendarDay.objects.get(date=date(2027, 4, 25)).is_workday is True
    assert CalendarDay.objects.get(date=date(2027, 4, 25)).name == "劳动节调休"
    assert set(CalendarDay.objects.filter(is_workday=False).values_list("name", flat=True)) == {"劳动节"}


def test_entering_the_same_holiday_twice_adds_nothing(zone_admin):
    services.holiday_enter(by=zone_admin, name="元旦", first_day=date(2027, 1, 1), last_day=date(2027, 1, 1))
    assert services.holiday_enter(by=zone_admin, name="元旦", first_day=date(2027, 1, 1),
                                  last_day=date(2027, 1, 1)) == []
    assert CalendarDay.objects.count() == 1


def test_a_make_up_day_must_be_a_weekend_day(zone_admin):
    with pytest.raises(ValidationError) as error:
        services.holiday_enter(by=zone_admin, name="国庆节", first_day=date(2027, 10, 1),
                               last_day=date(2027, 10, 7), makeup_days=[date(2027, 9, 28)])
    assert services.MSG_MAKEUP_WEEKDAY.format(day=date(2027, 9, 28), weekday="周二") in error.value.messages
    assert not CalendarDay.objects.exists()


def test_a_day_entered_with_another_meaning_is_refused(zone_admin):
    services.holiday_enter(by=zone_admin, name="国庆节", first_day=date(2027, 10, 1), last_day=date(2027, 10, 7))
    with pytest.raises(ValidationError, match="2027-10-02 已录入为“国庆节放假”"):
        services.holiday_enter(by=zone_admin, name="中秋节", first_day=date(2027, 10, 2), last_day=date(2027, 10, 2))


def test_only_a_zone_administrator_enters_the_calendar(officer, zone_leader, city_viewer):
    for user in (officer, zone_leader, city_viewer):
        with pytest.raises(PermissionDenied):
            services.holiday_enter(by=user, name="元旦", first_day=date(2027, 1, 1), last_day=date(2027, 1, 1))


def test_a_year_is_complete_only_with_entries_and_a_notice(zone_admin):
    with pytest.raises(ValidationError, match="2027年还没有录入"):
        services.calendar_year_complete(year=2027, source="国办发明电〔2026〕9号", by=zone_admin)
    services.holiday_enter(by=zone_admin, name="元旦", first_day=date(2027, 1, 1), last_day=date(2027, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.calendar_year_complete(year=2027, source="  ", by=zone_admin)
    assert error.value.message_dict == {"source": [services.MSG_SOURCE_REQUIRED]}
    services.calendar_year_complete(year=2027, source="国办发明电〔2026〕9号", by=zone_admin)
    assert CalendarYear.objects.get(year=2027).entered_by == zone_admin
    services.calendar_year_reopen(year=2027, by=zone_admin)
    assert not CalendarYear.objects.exists()
