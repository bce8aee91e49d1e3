"""Money as exact Decimals in 万 of its currency."""

from decimal import Decimal

import pytest

from zhaoshang.intelligence.extract.money import find_money, parse_money
from zhaoshang.intelligence.extract.numbers import parse_number


@pytest.mark.parametrize("text, value, currency", [
    ("5亿元", "50000", "CNY"),
    ("358.52亿元", "3585200", "CNY"),
    ("4000万元", "4000", "CNY"),
    ("五千万元", "5000", "CNY"),
    ("千万美元", "1000", "USD"),
    ("3000万美元", "3000", "USD"),
    ("3000万美圆", "3000", "USD"),
    ("2.14亿美元", "21400", "USD"),
    ("15亿港元", "150000", "HKD"),
    ("1.5亿欧元", "15000", "EUR"),
    ("人民币5亿元", "50000", "CNY"),
    ("8000元", "0.8", "CNY"),
    ("1,200万元", "1200", "CNY"),
    ("十亿元", "100000", "CNY"),
    ("三点五亿元", "35000", "CNY"),
])
def test_amounts(text, value, currency):
    money = parse_money(text)
    assert money.value == Decimal(value)
    assert money.currency == currency
    assert money.as_json()["value"] == value


def test_a_range_keeps_both_bounds():
    for text in ("3-5亿元", "3亿至5亿元", "3至5亿元"):
        money = parse_money(text)
        assert (money.value, money.high) == (Decimal(30000), Decimal(50000))


@pytest.mark.parametrize("text, qualifier", [
    ("约3亿元", "about"), ("近3亿元", "about"), ("3亿元左右", "about"),
    ("10亿元以上", "at_least"), ("超10亿元", "at_least"), ("5亿多元", "at_least"), ("5000多万元", "at_least"),
    ("不足1亿元", "at_most"), ("5亿元", None),
])
def test_qualifiers(text, qualifier):
    assert parse_money(text).qualifier == qualifier


def test_签约_before_an_amount_is_not_约():
    money = parse_money("今年力争签约100亿元以上项目1个")
    assert money.value == Decimal(1000000)
    assert money.qualifier == "at_least"


def test_a_class_of_projects_has_an_implied_one():
    money = parse_money("亿元以上项目")
    assert money.value == Decimal(10000) and money.implied


def test_several_amounts_with_their_places():
    text = "总投资12亿元,其中固定资产投资9.6亿元"
    found = find_money(text)
    assert [text[m.start:m.end] for m in found] == ["12亿元", "9.6亿元"]


def test_percentages_and_bare_numbers_are_not_money():
    assert find_money("增长59%,完成率65.3%,共42个") == ()


def test_chinese_numerals():
    assert parse_number("十五") == 15
    assert parse_number("二十") == 20
    assert parse_number("一百零五") == 105
    assert parse_number("二〇二三") == 2023
    assert parse_number("两千") == 2000
    with pytest.raises(ValueError):
        parse_number("许多")
