"""Money as exact decimals: CNY in 万元, USD in 万美元 (1 亿元 = 10,000 万元)."""

from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.db import models
from django.utils.translation import gettext_lazy as _

WAN_PER_YI = Decimal(10000)


class Currency(models.TextChoices):
    CNY = "CNY", _("人民币")
    USD = "USD", _("美元")


# 万 with two decimals is exact to 100 元; fourteen digits reach 10^12 万元, beyond any project.
MoneyField = partial(models.DecimalField, max_digits=14, decimal_places=2)


def to_yi(wan: Decimal | None) -> Decimal | None:
    """万 → 亿, rounded to two decimals as reports print them."""
    if wan is None:
        return None
    return (Decimal(wan) / WAN_PER_YI).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def format_wan(value: Decimal | None, currency: str = Currency.CNY) -> str:
    """A human figure: 5亿元 for 50000 万元, 3000万美元 for 3000 万美元."""
    if value is None:
        return "—"
    value = Decimal(value)
    yi_unit, wan_unit = ("亿元", "万元") if currency == Currency.CNY else ("亿美元", "万美元")
    if abs(value) >= WAN_PER_YI:
        return f"{_trim(value / WAN_PER_YI)}{yi_unit}"
    return f"{_trim(value)}{wan_unit}"


def _trim(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"
    return text.rstrip("0").rstrip(".") if "." in text else text
