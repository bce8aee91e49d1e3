"""Template helpers for money, stages and query strings."""

from decimal import Decimal

from django import template

from zhaoshang.core.money import Currency, format_wan, to_yi

register = template.Library()

STAGE_COLOURS = {
    "lead": "secondary", "contacted": "secondary", "negotiating": "info", "intent": "info",
    "signed": "primary", "registered": "primary", "land_supplied": "primary", "started": "warning",
    "completed": "warning", "producing": "success", "full_production": "success",
    "on_hold": "secondary", "resumed": "info", "dropped": "danger",
}


@register.filter
def money(value, currency=Currency.CNY):
    """50000 → 5亿元; 3000 (USD) → 3000万美元."""
    return format_wan(value, currency or Currency.CNY)


@register.filter
def yi(value):
    """万元 → 亿元 with two decimals, for column totals."""
    result = to_yi(value or Decimal(0))
    return f"{result:,}"


@register.filter
def stage_colour(stage):
    return STAGE_COLOURS.get(stage, "secondary")
