"""Reads for assessment: who sees which scorecard, and a card's scores, rankings and red flags.

Every actual figure comes from `targets.metrics.measure`, called once for all the periods and indicators a
page needs, grouped by team (a zone's card) or by zone (a division's card). The arithmetic, per subject
and period:

    points of an indicator = weight × min(actual ÷ target, cap), rounded to 0.01; 0 without a target
    score                  = Σ points + adjustments (加分/扣分)

Points are rounded one indicator at a time, so a score is the sum of the points the table shows and two
subjects level on the page are level in the ranking (1, 1, 3).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from zhaoshang.accounts.access import can_manage_zone, visible_zones, zones_under_division
from zhaoshang.accounts.models import Role
from zhaoshang.assessment.models import ScoreAdjustment, Scorecard, ScoreIndicator, ScoreTarget
from zhaoshang.organisation.models import Team, Zone
from zhaoshang.targets.choices import RATE_METRICS
from zhaoshang.targets.metrics import DEFAULT_PAIRING, Measure, measure
from zhaoshang.targets.periods import Period, parse, period_containing
from zhaoshang.targets.selectors import UNITS, cumulative, usd_pairing

ZERO = Decimal(0)
POINTS = Decimal("0.01")
# How many earlier years a red-flag streak is followed back through `Scorecard.previous`.
MAX_STREAK_YEARS = 20


# ------------------------------------------------------------------------------------------- who sees


def visible_scorecards(user) -> QuerySet:
    """A zone's card to whoever sees the zone; a division's card to its viewers (and those above) and to
    every zone under it, so each zone sees the whole ranking of its division."""
    if not user.is_authenticated or not user.is_active:
        return Scorecard.objects.none()
    if user.is_superuser:
        return Scorecard.objects.all()
    zones = visible_zones(user)
    q = Q(zone__in=zones)
    for path in ("division", "division__parent", "division__parent__parent"):
        q |= Q(division__in=zones.values(path))
    if user.role == Role.DIVISION_VIEWER and user.division_id:
        q |= Q(division__in=_divisions_under(user.division_id))
    return Scorecard.objects.filter(q)


def _divisions_under(division_id: int) -> QuerySet:
    from zhaoshang.geo.models import Division

    return Division.objects.filter(Q(pk=division_id) | Q(parent=division_id) | Q(parent__parent=division_id))


def can_edit_scorecard(user, scorecard: Scorecard) -> bool:
    """A zone's card: that zone's administrator. A division's card: a superuser only, because division
    viewers are read-only by design (they read it, they do not keep it)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if scorecard.is_zone_teams:
        return can_manage_zone(user, scorecard.zone_id)
    return user.is_superuser


def creatable_zones(user) -> QuerySet:
    """Zones whose teams' card the user may create: a zone administrator's own, every zone for a superuser."""
    return Zone.objects.filter(pk__in=[zone.pk for zone in visible_zones(user) if can_manage_zone(user, zone.pk)])


def subjects(scorecard: Scorecard) -> list:
    """Who is ranked: the zone's active teams (and retired ones that have targets or points on this card),
    or every zone under the division."""
    if scorecard.is_zone_teams:
        used = Q(pk__in=ScoreTarget.objects.filter(indicator__scorecard=scorecard).values("team")) | Q(
            pk__in=ScoreAdjustment.objects.filter(scorecard=scorecard).values("team"))
        return list(Team.objects.filter(Q(is_active=True) | used, zone=scorecard.zone_id).order_by("name"))
    return list(Zone.objects.filter(zones_under_division(scorecard.division_id))
                .select_related("division__parent__parent").order_by("name"))


# -------------------------------------------------------------------------------------------- periods


def as_period(scorecard: Scorecard, period: Period | str) -> Period:
    """A period of the card, from a Period or its code ("M03", "Q1"); ValueError for one it does not have."""
    code = period.code if isinstance(period, Period) else str(period)
    if code not in {item.code for item in scorecard.periods}:
        raise ValueError(f"{scorecard} has no period {code!r}")
    return parse(scorecard.year, code)


def complete_periods(scorecard: Scorecard, as_of: date) -> list[Period]:
    """The periods over by `as_of` (their last day included): only these award a red flag."""
    return [period for period in scorecard.periods if period.end <= as_of]


def default_period(scorecard: Scorecard, as_of: date) -> Period:
    """The latest complete period; in a year with none complete yet, the period under way (or the first)."""
    done = complete_periods(scorecard, as_of)
    if done:
        return done[-1]
    if as_of.year == scorecard.year:
        return period_containing(as_of, scorecard.granularity)
    return scorecard.periods[0]


def period_label(scorecard: Scorecard, period: Period) -> str:
    """2024年二季度, or on a cumulative card 2024年二季度(1—6月累计)."""
    if scorecard.cumulative and period.first_month > 1:
        return f"{period.label}(1—{period.last_month}月累计)"
    return period.label


# ------------------------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Cell:
    """One indicator of one subject: actual, target, completion rate (uncapped) and the points it earns."""

    indicator: ScoreIndicator
    actual: Decimal
    target: Decimal | None
    rate: Decimal | None
    points: Decimal
    capped: bool

    @property
    def unit(self) -> str:
        return UNITS[self.indicator.metric]

    @property
    def rate_percent(self) -> Decimal | None:
        return None if self.rate is None else (self.rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Row:
    rank: int
    subject: object  # a Team or a Zone
    cells: tuple[Cell, ...]
    adjustments: tuple[ScoreAdjustment, ...]
    adjustment_total: Decimal
    score: Decimal

    @property
    def missing_targets(self) -> list[ScoreIndicator]:
        return [cell.indicator for cell in self.cells if cell.target is None]


def _span(scorecard: Scorecard, period: Period) -> Period:
    """What is measured for a period: the period itself, or January to its end on a cumulative card."""
    return cumulative(period) if scorecard.cumulative else period


def _cell(scorecard: Scorecard, indicator: ScoreIndicator, actual: Decimal, target: Decimal | None) -> Cell:
    if not target:
        return Cell(indicator, actual, None, None, ZERO, False)
    rate = actual / target
    capped = rate > scorecard.cap
    points = (indicator.weight * min(rate, scorecard.cap)).quantize(POINTS, rounding=ROUND_HALF_UP)
    return Cell(indicator, actual, target, rate, points, capped)


def _ranked(rows: list[tuple]) -> list[Row]:
    """Rank by score, ties level (1, 1, 3); level subjects by name."""
    rows.sort(key=lambda item: (-item[-1], str(item[0])))
    ranked = []
    for index, (subject, cells, adjustments, adjustment_total, score) in enumerate(rows):
        rank = ranked[-1].rank if ranked and ranked[-1].score == score else index + 1
        ranked.append(Row(rank, subject, cells, adjustments, adjustment_total, score))
    return ranked


def _pairing(scorecard: Scorecard) -> Decimal:
    """A zone's own 10:1 pairing for its teams; a division ranks all its zones by one rule, the default."""
    return usd_pairing(scorecard.zone_id) if scorecard.is_zone_teams else DEFAULT_PAIRING


def score_periods(scorecard: Scorecard, periods: list[Period], as_of: date) -> dict[str, list[Row]]:
    """The ranking of every given period as of a date: {period code: rows, best first}.

    A fixed number of queries however many subjects and periods: the indicators, subjects, targets and
    adjustments, and one `measure` call for all of them.
    """
    indicators = list(scorecard.indicators.select_related("industry"))
    people = subjects(scorecard)
    field = scorecard.subject_field
    targets: dict[tuple, Decimal] = {}
    for indicator_id, subject_id, code, value in ScoreTarget.objects.filter(
            indicator__scorecard=scorecard).values_list("indicator_id", f"{field}_id", "period", "value"):
        targets[(indicator_id, subject_id, code)] = value
    adjustments: dict[tuple, list[ScoreAdjustment]] = defaultdict(list)
    for adjustment in scorecard.adjustments.order_by("period", "id"):
        adjustments[(getattr(adjustment, f"{field}_id"), adjustment.period)].append(adjustment)
    zone_ids = [scorecard.zone_id] if scorecard.is_zone_teams else [zone.pk for zone in people]
    figures = measure([Measure((indicator.pk, period.code), indicator, _span(scorecard, period))
                       for period in periods for indicator in indicators],
                      zone_ids=zone_ids, as_of=as_of, group=field, pairing=_pairing(scorecard)) if periods else {}
    codes = [period.code for period in scorecard.periods]
    result = {}
    for period in periods:
        # A cumulative card adds up the targets and points of every period so far; a rate is year to date
        # already, so its target is the period's own.
        counted = codes[:codes.index(period.code) + 1] if scorecard.cumulative else [period.code]
        rows = []
        for subject in people:
            cells = tuple(
                _cell(scorecard, indicator, figures.get(((indicator.pk, period.code), subject.pk), ZERO),
                      _target(targets, indicator, subject.pk, counted))
                for indicator in indicators)
            own = tuple(item for code in counted for item in adjustments.get((subject.pk, code), ()))
            adjustment_total = sum((item.points for item in own), ZERO)
            rows.append((subject, cells, own, adjustment_total, sum((cell.points for cell in cells), ZERO)
                         + adjustment_total))
        result[period.code] = _ranked(rows)
    return result


def _target(targets: dict, indicator: ScoreIndicator, subject_id: int, codes: list[str]) -> Decimal | None:
    if indicator.metric in RATE_METRICS:
        codes = codes[-1:]
    values = [targets[key] for key in ((indicator.pk, subject_id, code) for code in codes) if key in targets]
    return sum(values, ZERO) if values else None


def ranking(scorecard: Scorecard, period: Period | str, as_of: date) -> list[Row]:
    """The ranking table of one period as of a date, best first (for the cockpit and the export)."""
    period = as_period(scorecard, period)
    return score_periods(scorecard, [period], as_of)[period.code]


# ------------------------------------------------------------------------------------------ red flags


@dataclass(frozen=True)
class Holder:
    subject: object
    score: Decimal
    streak: int  # periods in a row holding the flag, this one included ("连续14次拿下流动红旗")


@dataclass(frozen=True)
class FlagPeriod:
    period: Period
    holders: tuple[Holder, ...]  # empty when nobody scored above 0


def _winners(rows: list[Row]) -> list[Row]:
    """The top score holds the flag, all of them when level; nobody when the best is 0 (nothing assessed)."""
    return [row for row in rows if row.rank == 1 and row.score > 0]


def flag_history(scorecard: Scorecard, scores: dict[str, list[Row]], as_of: date) -> list[FlagPeriod]:
    """The holders of every period complete by `as_of` (all must be in `scores`), each with their streak,
    carried over from the previous years' cards linked by `previous`."""
    winners = [(period, _winners(scores[period.code])) for period in complete_periods(scorecard, as_of)]
    streak: dict[int, int] = {}
    if scorecard.previous_id and winners and winners[0][1]:
        streak = _carried(scorecard.previous, as_of, {row.subject.pk for row in winners[0][1]}, 1)
    history = []
    for period, rows in winners:
        streak = {row.subject.pk: streak.get(row.subject.pk, 0) + 1 for row in rows}
        history.append(FlagPeriod(period, tuple(Holder(row.subject, row.score, streak[row.subject.pk])
                                                for row in rows)))
    return history


def _carried(scorecard: Scorecard, as_of: date, wanted: set[int], depth: int) -> dict[int, int]:
    """How many periods in a row, up to the end of this (earlier) card's year, each wanted subject held
    the flag; followed further back only for a subject that held it all year."""
    periods = complete_periods(scorecard, as_of)
    if not wanted or depth > MAX_STREAK_YEARS or len(periods) < len(scorecard.periods):
        return {}
    scores = score_periods(scorecard, periods, as_of)
    held = [{row.subject.pk for row in _winners(scores[period.code])} for period in periods]
    streaks = {}
    for pk in wanted:
        count = 0
        for holders in reversed(held):
            if pk not in holders:
                break
            count += 1
        if count:
            streaks[pk] = count
    all_year = {pk for pk, count in streaks.items() if count == len(periods)}
    if all_year and scorecard.previous_id:
        for pk, count in _carried(scorecard.previous, as_of, all_year, depth + 1).items():
            streaks[pk] += count
    return streaks


def red_flag_holders(scorecard: Scorecard, as_of: date) -> list[FlagPeriod]:
    """The red flag of every period complete by `as_of`, oldest first; the last is the current holder."""
    periods = complete_periods(scorecard, as_of)
    return flag_history(scorecard, score_periods(scorecard, periods, as_of), as_of)


@dataclass(frozen=True)
class Overview:
    """What the scorecard page shows: one period's ranking, its flag, and the flags of the year so far."""

    period: Period
    rows: list[Row]
    complete: bool
    flag: FlagPeriod | None
    history: list[FlagPeriod]


def scorecard_overview(scorecard: Scorecard, period: Period | str, as_of: date) -> Overview:
    """One scoring pass serves the chosen period's table and the year's red flags."""
    period = as_period(scorecard, period)
    periods = complete_periods(scorecard, as_of)
    wanted = sorted(set(periods) | {period}, key=lambda item: item.first_month)
    scores = score_periods(scorecard, wanted, as_of)
    history = flag_history(scorecard, scores, as_of)
    flag = next((item for item in history if item.period == period), None)
    return Overview(period, scores[period.code], period.end <= as_of, flag, history)
