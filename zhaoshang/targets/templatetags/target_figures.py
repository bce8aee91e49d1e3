"""Template helpers for a target's figures in their unit: 个, 万元 (shown in 亿元 when large), 万美元, %."""

from decimal import Decimal

from django import template

from zhaoshang.core.money import Currency, format_wan

register = template.Library()


@register.filter
def figure(value, unit: str = "") -> str:
    """3 → 3; 50000 (万元) → 5亿元; 8000 (万美元) → 8,000万美元; 65.3 (%) → 65.3%."""
    if value is None:
        return "—"
    value = Decimal(value)
    if unit == "万元":
        return format_wan(value, Currency.CNY)
    if unit == "万美元":
        return format_wan(value, Currency.USD)
    if unit == "%":
        return f"{value:.1f}%"
    return f"{value.normalize():,f}" if value == value.to_integral_value() else f"{value:,}"


@register.filter
def points(value) -> str:
    """A lead over time progress in points, with its sign: +5.0, -13.8."""
    if value is None:
        return "—"
    return f"{value:+.1f}"


@register.filter
def short_label(period) -> str:
    """一季度, 1—6月: a period's label without its year, for column headers."""
    return period.label.removeprefix(f"{period.year}年")
