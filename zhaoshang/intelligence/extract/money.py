"""Amounts of money in a sentence, as exact Decimals in 万 of their currency (the project's money rule).

Covers 5亿元, 358.52亿元, 3000万美元, 3000万美圆 (spun), 1.4亿港元, 千万美元, 亿元 (in 亿元以上项目), 百亿元,
5亿多元, 约3亿元, 超10亿元, 10亿元以上, 3-5亿元, 3亿至5亿元, 人民币5亿元, 8000元. A range is read as its
lower bound with the upper kept beside it; "以上/超/逾/多" mark a lower bound, "约/近/左右" an estimate.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from zhaoshang.intelligence.extract.numbers import NUMBER, decimal_text, parse_number

# Multipliers into 万.
MULTIPLIERS = {"万亿": Decimal(10) ** 8, "亿": Decimal(10000), "千万": Decimal(1000), "百万": Decimal(100),
               "十万": Decimal(10), "万": Decimal(1), "": Decimal("0.0001")}
CURRENCIES = {"元": "CNY", "人民币": "CNY", "美元": "USD", "美金": "USD", "美圆": "USD", "港元": "HKD",
              "港币": "HKD", "港圆": "HKD", "欧元": "EUR", "日元": "JPY", "英镑": "GBP"}
UNITS = {"CNY": "万元", "USD": "万美元", "HKD": "万港元", "EUR": "万欧元", "JPY": "万日元", "GBP": "万英镑"}

_MULT = r"万亿|亿|千万|百万|十万|万"
_CUR = r"人民币|元|美元|美金|美圆|港元|港币|港圆|欧元|日元|英镑"
MONEY = re.compile(
    rf"(?P<before>(?<!签|节|制|合|公|特|预|契|踐|践|履|违|条|邀)约|近|超过|超|逾|达到|达|将近|大约|接近|不到|不足|不低于|"
    rf"不少于|高达|共计|合计|累计)?"
    rf"(?P<rmb>人民币)?"
    rf"(?P<num>{NUMBER})?(?P<mult1>{_MULT})?"
    rf"(?:\s*(?:-|~|至|到|—|–)\s*(?P<num2>{NUMBER}))?"
    rf"(?P<more1>多|余)?(?P<mult>{_MULT})?(?P<more2>多|余)?"
    rf"(?P<cur>{_CUR})"
    rf"(?P<after>以上|以下|左右|多|之间|以内)?"
)


@dataclass(frozen=True)
class Money:
    value: Decimal  # in 万 of the currency; the lower bound of a range
    currency: str
    start: int
    end: int
    high: Decimal | None = None
    qualifier: str | None = None  # "at_least", "at_most", "about" or None
    implied: bool = False  # "亿元以上项目": a threshold class, the 1 is implied

    @property
    def unit(self) -> str:
        return UNITS[self.currency]

    def as_json(self, kind: str | None = None) -> dict:
        data = {"value": decimal_text(self.value), "unit": self.unit, "currency": self.currency}
        return {"kind": kind, **data} if kind is not None else data


_QUALIFIER = {"以上": "at_least", "超过": "at_least", "超": "at_least", "逾": "at_least", "多": "at_least",
              "余": "at_least", "不低于": "at_least", "不少于": "at_least", "以下": "at_most", "不到": "at_most",
              "不足": "at_most", "以内": "at_most", "约": "about", "近": "about", "左右": "about",
              "将近": "about", "大约": "about", "接近": "about"}


def _parse(match: re.Match, offset: int) -> Money | None:
    num, num2 = match.group("num"), match.group("num2")
    mult = match.group("mult") or ""
    mult1 = match.group("mult1") or ""
    if not num and not mult and not mult1:
        return None  # a bare 元 / 美元
    if not num and match.group("before") in ("不低于", "不少于"):
        return None
    currency = CURRENCIES[match.group("cur")]
    if match.group("cur") == "人民币" and not (num or mult):
        return None
    try:
        low = parse_number(num) if num else Decimal(1)
        high = parse_number(num2) if num2 else None
    except ValueError:
        return None
    if num and not mult and not mult1 and num[0] in "十百千" and len(num) == 1:
        return None  # "十元" alone is not how amounts are written in this genre
    # "3亿-5亿元": mult1 belongs to the first number; "3-5亿元": the shared multiplier to both.
    low_mult = MULTIPLIERS[mult1 or mult]
    high_mult = MULTIPLIERS[mult or mult1]
    value = low * low_mult
    high_value = high * high_mult if high is not None else None
    if num2 and mult1 and not mult:
        return None  # "3亿-5元" is not an amount
    if high_value is not None and high_value < value:
        return None  # "2023-5万元": a year-like run, not a range
    marks = [match.group("after"), match.group("more1"), match.group("more2"), match.group("before")]
    qualifier = next((_QUALIFIER[m] for m in marks if m and m in _QUALIFIER), None)
    return Money(value=value, currency=currency, start=offset + match.start(), end=offset + match.end(),
                 high=high_value, qualifier=qualifier, implied=not num)


@lru_cache(maxsize=8192)
def find_money(text: str, offset: int = 0) -> tuple[Money, ...]:
    """Every amount in text; start/end are offsets in text plus offset. Cached: the extractors look at
    the same clause several times."""
    if not any(ch in text for ch in "元圆币"):
        return ()
    found = []
    for match in MONEY.finditer(text):
        money = _parse(match, offset)
        if money is not None:
            found.append(money)
    return tuple(found)


def parse_money(text: str) -> Money | None:
    """The first amount in a short text ('5亿元', '3000万美圆'), or None."""
    found = find_money(text)
    return found[0] if found else None
