"""Relative dates and periods, resolved against the article's date."""

from datetime import date

import pytest

from zhaoshang.intelligence.extract.dates import (
    find_dates,
    find_periods,
    infer_article_date,
    iso,
)

ARTICLE = date(2024, 1, 5)


@pytest.mark.parametrize("text, period", [
    ("今年一季度", ["2024-01-01", "2024-03-31"]),
    ("一季度确保新开工", ["2024-01-01", "2024-03-31"]),
    ("2023年一季度", ["2023-01-01", "2023-03-31"]),
    ("全年新签约", ["2024-01-01", "2024-12-31"]),
    ("年内开工", ["2024-01-01", "2024-12-31"]),
    ("去年上半年", ["2023-01-01", "2023-06-30"]),
    ("1-8月", ["2024-01-01", "2024-08-31"]),
    ("1至8月", ["2024-01-01", "2024-08-31"]),
    ("前三季度", ["2024-01-01", "2024-09-30"]),
    ("截至6月底", ["2024-01-01", "2024-06-30"]),
    ("截至目前", ["2024-01-01", "2024-01-05"]),
    ("今年以来", ["2024-01-01", "2024-01-05"]),
    ("4月18日", ["2024-04-18", "2024-04-18"]),
])
def test_periods(text, period):
    assert iso(find_periods(text, ARTICLE)[0].value) == period


def test_a_year_named_first_governs_the_全年_after_it():
    found = find_periods("2023年,全区全年新签约项目52个", ARTICLE)
    assert [iso(f.value) for f in found] == [["2023-01-01", "2023-12-31"]] * 2


@pytest.mark.parametrize("text, value", [
    ("自去年12月动工以来", "2023-12"),
    ("项目于今年4月开工建设", "2024-04"),
    ("2023年8月,团队赴成都", "2023-08"),
])
def test_dates_of_events(text, value):
    assert find_dates(text, ARTICLE)[0].value == value


def test_a_bare_month_takes_the_year_named_before_it():
    found = find_dates("从去年12月9日首次接触企业,到12月26日正式签约", ARTICLE)
    assert [f.value for f in found] == ["2023-12-09", "2023-12-26"]


def test_a_bare_month_after_the_article_is_last_year_when_done_and_this_year_when_planned():
    assert find_dates("10月,公司正式成立", ARTICLE)[0].value == "2023-10"
    assert find_dates("有望9月份正式签约", date(2023, 8, 28), future=True)[0].value == "2023-09"


def test_without_an_article_date_relative_periods_stay_unresolved():
    assert find_periods("今年一季度", None) == ()
    assert iso(find_periods("2022年一季度", None)[0].value) == ["2022-01-01", "2022-03-31"]


def test_the_article_date_is_read_from_a_dateline():
    assert infer_article_date("发布时间:2023-11-16 09:30\n正文") == date(2023, 11, 16)
    assert infer_article_date("没有日期的正文") is None
