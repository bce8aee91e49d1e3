from datetime import date
from decimal import ROUND_HALF_UP, Decimal


from zhaoshang.core.money import Currency
from zhaoshang.organisation.models import ExchangeRate, Team


def exchange_rate(*, zone_id: int | None, currency: str, on: date) -> Decimal:
    """CNY per unit on a date: the zone's own table first, then the deployment's defaults."""
    if currency == Currency.CNY:
        return Decimal(1)
    rates = ExchangeRate.objects.filter(currency=currency)
    zone_rates, default_rates = rates.filter(zone_id=zone_id), rates.filter(zone__isnull=True)
    # The zone's table applies from its first date on; before that the deployment's defaults do.
    for scoped in (zone_rates, default_rates):
        rate = scoped.filter(valid_from__lte=on).order_by("-valid_from").first()
        if rate:
            return rate.rate
    for scoped in (zone_rates, default_rates):
        rate = scoped.order_by("valid_from").first()
        if rate:
            return rate.rate
    raise LookupError(f"没有 {currency} 对人民币的汇率, 请在汇率表中补充。")


def to_cny(amount: Decimal | None, *, currency: str, zone_id: int | None, on: date) -> Decimal:
    if amount is None:
        return Decimal(0)
    if currency == Currency.CNY:
        return amount
    return (amount * exchange_rate(zone_id=zone_id, currency=currency, on=on)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def teams_of_zone(zone_id: int):
    return Team.objects.filter(zone_id=zone_id, is_active=True).order_by("name")
