"""Every write to a scorecard goes through here: its settings, indicators, targets and adjustments.

Who may write (selectors.can_edit_scorecard): a zone's teams card, that zone's administrator; a division's
zones card, a superuser, because division viewers are read-only by design. `by=None` is the system itself
(a shell or a data migration).
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhaoshang.assessment.models import (
    MSG_TEAM_OTHER_ZONE,
    MSG_ZONE_OUTSIDE,
    ScoreAdjustment,
    Scorecard,
    ScoreIndicator,
    ScoreTarget,
)
from zhaoshang.assessment.selectors import can_edit_scorecard, subjects
from zhaoshang.organisation.models import Team, Zone
from zhaoshang.targets.models import MetricSpec

MSG_NOT_ZONE_ADMIN = "只有本园区的管理员可以设置本园区的小组考核。"
MSG_NOT_SUPERUSER = "辖区内园区的考核方案由系统管理员设置; 市/省级查看用户和园区用户只能查看排名。"
MSG_OTHER_CARD = "该指标不属于本考核方案。"

SCORECARD_FIELDS = ("name", "year", "cap", "cumulative", "previous")
# The indicator's own fields, then what it measures: every field of the shared metric spec.
INDICATOR_FIELDS = ("name", "order", "weight", *(field.name for field in MetricSpec._meta.fields))


def ensure_can_edit(by, scorecard: Scorecard) -> None:
    if by is not None and not can_edit_scorecard(by, scorecard):
        raise PermissionDenied(MSG_NOT_ZONE_ADMIN if scorecard.is_zone_teams else MSG_NOT_SUPERUSER)


def _lock(scorecard: Scorecard) -> Scorecard:
    """Writes to one card queue behind each other, so two people saving targets cannot both insert one."""
    return Scorecard.objects.select_for_update().get(pk=scorecard.pk)


def _by(by):
    return by if getattr(by, "pk", None) else None


@transaction.atomic
def scorecard_create(*, by, scope: str, name: str, year: int, zone: Zone | None = None, division=None,
                     cap: Decimal = Decimal("1.2"), cumulative: bool = False,
                     previous: Scorecard | None = None) -> Scorecard:
    scorecard = Scorecard(scope=scope, zone=zone, division=division, name=name, year=year, cap=cap,
                          cumulative=cumulative, previous=previous, created_by=_by(by))
    ensure_can_edit(by, scorecard)
    scorecard.full_clean()
    scorecard.save()
    return scorecard


@transaction.atomic
def scorecard_update(*, scorecard: Scorecard, by, **fields: Any) -> Scorecard:
    """Name, year, cap, cumulative and the previous year's card. Whom a card ranks (its scope, zone or
    division) is fixed: the targets and adjustments name subjects of that kind."""
    fixed = set(fields) - set(SCORECARD_FIELDS)
    if fixed:
        raise TypeError(f"scorecard_update cannot change {', '.join(sorted(fixed))}")
    ensure_can_edit(by, scorecard)
    scorecard = _lock(scorecard)
    for name, value in fields.items():
        setattr(scorecard, name, value)
    scorecard.full_clean()
    scorecard.save(update_fields=[*fields, "updated_at"])
    return scorecard


@transaction.atomic
def scorecard_delete(*, scorecard: Scorecard, by) -> None:
    ensure_can_edit(by, scorecard)
    scorecard.delete()


@transaction.atomic
def indicator_save(*, scorecard: Scorecard, by, indicator: ScoreIndicator | None = None,
                   **fields: Any) -> ScoreIndicator:
    """Create an indicator of the card, or change one: its name, weight and what it measures."""
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"indicator_save cannot set {', '.join(sorted(unknown))}")
    ensure_can_edit(by, scorecard)
    if indicator is not None and indicator.scorecard_id != scorecard.pk:
        raise ValidationError(MSG_OTHER_CARD)
    indicator = indicator or ScoreIndicator(scorecard=scorecard)
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: ScoreIndicator, by) -> None:
    ensure_can_edit(by, indicator.scorecard)
    indicator.delete()


@transaction.atomic
def targets_set(*, scorecard: Scorecard, by, values: dict[tuple[int, int, str], Decimal | None]) -> int:
    """Set many targets at once: {(indicator id, subject id, period code): value}. A blank or 0 removes the
    target (a subject without one scores 0 on that indicator; dividing by 0 has no meaning).

    All or nothing: any bad key or value and nothing is written. Returns how many targets changed.
    """
    ensure_can_edit(by, scorecard)
    scorecard = _lock(scorecard)
    field = scorecard.subject_field
    indicators = {indicator.pk: indicator for indicator in scorecard.indicators.all()}
    people = {subject.pk: subject for subject in subjects(scorecard)}
    if not values:
        return 0
    if any(indicator_id not in indicators for indicator_id, _, _ in values):
        raise ValidationError(MSG_OTHER_CARD)
    if any(subject_id not in people for _, subject_id, _ in values):
        raise ValidationError({field: MSG_TEAM_OTHER_ZONE if scorecard.is_zone_teams else MSG_ZONE_OUTSIDE})
    existing = {(target.indicator_id, getattr(target, f"{field}_id"), target.period): target
                for target in ScoreTarget.objects.filter(indicator__scorecard=scorecard,
                                                         period__in={code for _, _, code in values})}
    new, changed, removed = [], [], []
    for key, value in values.items():
        indicator_id, subject_id, code = key
        target = existing.get(key)
        if not value:
            if target is not None:
                removed.append(target.pk)
            continue
        if target is None:
            target = ScoreTarget(indicator=indicators[indicator_id], period=code, value=value,
                                 **{field: people[subject_id]})
            new.append(target)
        elif target.value != value:
            target.value = value
            changed.append(target)
        else:
            continue
        target.indicator = indicators[indicator_id]  # checks below read its card from memory, not the database
        setattr(target, field, people[subject_id])
        target.full_clean(exclude=["indicator", "team", "zone"], validate_unique=False, validate_constraints=False)
    ScoreTarget.objects.filter(pk__in=removed).delete()
    ScoreTarget.objects.bulk_create(new)
    ScoreTarget.objects.bulk_update(changed, ["value"])
    return len(new) + len(changed) + len(removed)


@transaction.atomic
def adjustment_create(*, scorecard: Scorecard, by, subject: Team | Zone, period: str, points: Decimal,
                      reason: str) -> ScoreAdjustment:
    """加分 (positive) or 扣分 (negative) for one subject in one period, with the reason the scheme gives."""
    ensure_can_edit(by, scorecard)
    adjustment = ScoreAdjustment(
        scorecard=scorecard, period=period, points=points, reason=reason.strip(), recorded_by=_by(by),
        team=subject if isinstance(subject, Team) else None, zone=subject if isinstance(subject, Zone) else None)
    adjustment.full_clean()
    adjustment.save()
    return adjustment


@transaction.atomic
def adjustment_delete(*, adjustment: ScoreAdjustment, by) -> None:
    ensure_can_edit(by, adjustment.scorecard)
    adjustment.delete()
