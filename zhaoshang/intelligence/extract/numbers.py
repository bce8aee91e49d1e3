"""Numbers as reports write them: 42, 1,200, 358.52, 两, 十五, 二〇二三, 三点五, 20余 — as exact Decimals.

cn2an was tried and left out: it returns floats for decimals (an amount must stay exact), rejects
common forms such as 三点五亿 and 三十余 in "smart" mode, and costs a tenth of a second at start-up.
Chinese numerals in this genre are small (counts, months, quarters, 十亿), so a short parser does.
"""

import re
from decimal import Decimal, InvalidOperation

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "零〇○一二两三四五六七八九十百千"
# An Arabic or Chinese number, as a regex fragment (no groups).
NUMBER = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{CN_NUMERAL}]+(?:点[{CN_NUMERAL}]+)?)"
_NUMBER_FULL = re.compile(rf"^{NUMBER}$")


def _cn_integer(text: str) -> int:
    if text and all(ch in CN_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(CN_DIGITS[ch]) for ch in text))  # 二〇二三 is read digit by digit
    total, digit = 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (1 if digit is None else digit) * CN_UNITS[ch]  # 十五: an implied 一 before 十
            digit = None
        else:
            raise ValueError(text)
    return total + (digit or 0)


def parse_number(text: str) -> Decimal:
    """'1,200.5' → 1200.5; '三点五' → 3.5; '十五' → 15; '二〇二三' → 2023. ValueError otherwise."""
    text = text.strip()
    if not text or not _NUMBER_FULL.match(text):
        raise ValueError(f"not a number: {text!r}")
    if text[0].isdigit():
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid digits
            raise ValueError(text) from exc
    whole, _, fraction = text.partition("点")
    value = Decimal(_cn_integer(whole)) if whole else Decimal(0)
    if fraction:
        value += Decimal("0." + "".join(str(CN_DIGITS[ch]) for ch in fraction if ch in CN_DIGITS))
    return value


def to_int(text: str) -> int | None:
    try:
        value = parse_number(text)
    except ValueError:
        return None
    return int(value) if value == value.to_integral_value() else None


def decimal_text(value: Decimal) -> str:
    """'50000', '21400', '0.8' — plain digits, no exponent, no trailing zeros."""
    text = format(value.normalize(), "f")
    return text


# Counts of projects or enterprises: 42个, 20余个, 近30家, 两个, 十余个.
COUNT = re.compile(rf"(?P<about>近|约|超|逾)?(?P<n>{NUMBER})(?P<more>余|多)?(?:个|家|项|宗)")
