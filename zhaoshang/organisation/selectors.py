from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from zhaoshang.accounts.models import WRITER_ROLES, User
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


MSG_OFFICER_NOT_ASSIGNABLE = "责任人须是本园区在岗的招商人员(园区管理员、小组组长或招商专员)。"
MSG_TEAM_NOT_ASSIGNABLE = "责任小组须是本园区在用的小组。"


def assignable_officers(zone_id: int, *, keep: int | None = None):
    """Who may be made responsible for a project; `keep` is the current one, kept even if since retired,
    so editing something else does not silently clear it."""
    return User.objects.filter(
        Q(zone_id=zone_id, is_active=True, role__in=sorted(WRITER_ROLES)) | Q(pk=keep)
    ).order_by("full_name")


def assignable_teams(zone_id: int, *, keep: int | None = None):
    return Team.objects.filter(Q(zone_id=zone_id, is_active=True) | Q(pk=keep)).order_by("name")


def is_assignable_officer(user, zone_id: int) -> bool:
    return user.zone_id == zone_id and user.is_active and user.role in WRITER_ROLES


def is_assignable_team(team, zone_id: int) -> bool:
    return team.zone_id == zone_id and team.is_active
