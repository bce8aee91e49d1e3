from datetime import date

import pytest

from zhaoshang.workdays.models import CalendarDay, CalendarYear

pytestmark = [pytest.mark.django_db, pytest.mark.urls("zhaoshang.construction.tests.urls")]


def test_everyone_reads_the_calendar(client, officer, city_viewer):
    for user in (officer, city_viewer):
        client.force_login(user)
        page = client.get("/calendar/2024/")
        assert page.status_code == 200
        assert "2024-10-12" in page.content.decode() and "内置" in page.content.decode()
        assert client.get("/calendar/").status_code == 200
        assert "录入一个节日" not in page.content.decode()


def test_an_unknown_year_says_so(client, officer):
    client.force_login(officer)
    assert "尚未录入完成" in client.get("/calendar/2029/").content.decode()


def test_readers_cannot_enter_the_calendar(client, officer, zone_leader, city_viewer):
    for user in (officer, zone_leader, city_viewer):
        client.force_login(user)
        response = client.post("/calendar/2027/holidays/", {"name": "元旦", "first_day": "2027-01-01",
                                                            "last_day": "2027-01-01"})
        assert response.status_code == 403
        assert client.post("/calendar/2027/complete/", {"source": "x"}).status_code == 403
    assert not CalendarDay.objects.exists()


def test_a_zone_administrator_enters_a_year_and_marks_it_complete(client, zone_admin):
    client.force_login(zone_admin)
    response = client.post("/calendar/2027/holidays/", {
        "name": "国庆节", "first_day": "2027-10-01", "last_day": "2027-10-07",
        "makeup_days": "2027-09-26，2027-10-09"})
    assert response.status_code == 302
    assert CalendarDay.objects.filter(is_workday=True).count() == 2
    response = client.post("/calendar/2027/complete/", {"source": "国办发明电〔2026〕9号"})
    assert response.status_code == 302 and CalendarYear.objects.filter(year=2027).exists()
    assert "依据 国办发明电〔2026〕9号" in client.get("/calendar/2027/").content.decode()


def test_a_bad_date_in_the_make_up_list_is_shown(client, zone_admin):
    client.force_login(zone_admin)
    response = client.post("/calendar/2027/holidays/", {
        "name": "国庆节", "first_day": "2027-10-01", "last_day": "2027-10-07", "makeup_days": "9月26日"})
    assert response.status_code == 200
    assert "无法识别的日期“9月26日”" in response.content.decode()
    assert not CalendarDay.objects.filter(date=date(2027, 10, 1)).exists()
