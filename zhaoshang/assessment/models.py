"""Assessment (考核): scorecards of weighted indicators, their targets per subject, adjustments.

Teams of a zone are scored monthly, zones of a city or province quarterly. Score of a subject in a period =
Σ weight × min(actual ÷ target, cap) + adjustments; the holder of the rotating red flag is the top score.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.models import TimeStampedModel
from zhaoshang.targets.choices import STAGE_METRICS, Granularity, ScorecardScope
from zhaoshang.targets.models import MetricSpec
from zhaoshang.targets.periods import Period, periods_of

MSG_STAGE_REQUIRED = "按阶段计数或计投资的指标须选择阶段。"
MSG_PERIOD_MONTH = "小组按月考核, 期间须为 M01–M12(1–12月)。"
MSG_PERIOD_QUARTER = "园区按季度考核, 期间须为 Q1–Q4(一至四季度)。"
MSG_TEAM_REQUIRED = "园区内考核的对象是本园区的招商小组, 请选择小组。"
MSG_TEAM_OTHER_ZONE = "只能选择本园区的招商小组。"
MSG_ZONE_REQUIRED = "辖区考核的对象是辖区内的园区, 请选择园区。"
MSG_ZONE_OUTSIDE = "只能选择本行政区划内的园区。"
MSG_PREVIOUS = "上一年度方案须是同一园区(或行政区划)、同类对象、上一年度的方案。"


class Scorecard(TimeStampedModel):
    name = models.CharField(_("名称"), max_length=100, help_text=_("如 2024年招商小组月度考核"))
    scope = models.CharField(_("考核对象"), max_length=20, choices=ScorecardScope.choices)
    zone = models.ForeignKey("organisation.Zone", verbose_name=_("园区"), on_delete=models.CASCADE, null=True,
                             blank=True, related_name="scorecards")
    division = models.ForeignKey("geo.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="scorecards")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    cap = models.DecimalField(_("单项完成率封顶(倍)"), max_digits=4, decimal_places=2, default=Decimal("1.2"),
                              validators=[MinValueValidator(Decimal("1"))],
                              help_text=_("单项完成率超过此倍数按此倍数计分"))
    cumulative = models.BooleanField(_("按年累计考核"), default=False,
                                     help_text=_("勾选: 每期按年初至当期累计; 不勾选: 只看当期"))
    previous = models.ForeignKey("self", verbose_name=_("上一年度方案"), on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+",
                                 help_text=_("选择后, 流动红旗的连续次数接着上一年度方案往下数"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                name="scorecard_scope_matches",
                condition=(Q(scope="zone_teams", zone__isnull=False, division__isnull=True)
                           | Q(scope="division_zones", zone__isnull=True, division__isnull=False)),
                violation_error_message=_("园区内考核须选择园区, 辖区考核须选择行政区划。")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assessment:detail", args=[self.pk])

    @property
    def is_zone_teams(self) -> bool:
        return self.scope == ScorecardScope.ZONE_TEAMS

    @property
    def granularity(self) -> str:
        """Teams are assessed monthly, zones quarterly."""
        return Granularity.MONTH if self.is_zone_teams else Granularity.QUARTER

    @property
    def periods(self) -> list[Period]:
        return periods_of(self.year, self.granularity)

    @property
    def subject_field(self) -> str:
        """The field of a target or adjustment naming the subject: "team" or "zone"."""
        return "team" if self.is_zone_teams else "zone"

    @property
    def subject_label(self) -> str:
        return "小组" if self.is_zone_teams else "园区"

    @property
    def owner_label(self) -> str:
        return str(self.zone) if self.is_zone_teams else self.division.full_name

    def clean(self):
        previous = self.previous
        if previous is not None and (
                previous.pk == self.pk or previous.scope != self.scope or previous.zone_id != self.zone_id
                or previous.division_id != self.division_id or previous.year != self.year - 1):
            raise ValidationError({"previous": MSG_PREVIOUS})

    def check_subject(self, *, team, zone, period: str) -> None:
        """A target or adjustment names one subject of this card and one of its periods."""
        errors = {}
        if self.is_zone_teams:
            if team is None or zone is not None:
                errors["team"] = MSG_TEAM_REQUIRED
            elif team.zone_id != self.zone_id:
                errors["team"] = MSG_TEAM_OTHER_ZONE
        elif zone is None or team is not None:
            errors["zone"] = MSG_ZONE_REQUIRED
        elif not _under(zone.division, self.division_id):
            errors["zone"] = MSG_ZONE_OUTSIDE
        if period not in {item.code for item in self.periods}:
            errors["period"] = MSG_PERIOD_MONTH if self.is_zone_teams else MSG_PERIOD_QUARTER
        if errors:
            raise ValidationError(errors)


def _under(division, ancestor_id: int) -> bool:
    """The division is the ancestor or lies below it (district → city → province)."""
    node = division
    while node is not None:
        if node.pk == ancestor_id:
            return True
        node = node.parent
    return False


class ScoreIndicator(MetricSpec):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    name = models.CharField(_("指标名称"), max_length=100)
    weight = models.DecimalField(_("权重(分)"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["scorecard", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "name"], name="score_indicator_unique_name",
                                    violation_error_message=_("本方案已有同名指标。")),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.metric in STAGE_METRICS and not self.stage:
            raise ValidationError({"stage": MSG_STAGE_REQUIRED})


class ScoreTarget(models.Model):
    """One subject's target for one indicator and period (a team under a zone card, a zone under a division)."""

    indicator = models.ForeignKey(ScoreIndicator, on_delete=models.CASCADE, related_name="targets")
    team = models.ForeignKey("organisation.Team", verbose_name=_("小组"), on_delete=models.CASCADE, null=True,
                             blank=True, related_name="+")
    zone = models.ForeignKey("organisation.Zone", verbose_name=_("园区"), on_delete=models.CASCADE, null=True,
                             blank=True, related_name="+")
    period = models.CharField(_("期间"), max_length=3)
    value = models.DecimalField(_("目标值"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("考核目标值")
        verbose_name_plural = _("考核目标值")
        constraints = [
            models.CheckConstraint(name="score_target_one_subject",
                                   condition=Q(team__isnull=False, zone__isnull=True) | Q(team__isnull=True,
                                                                                            zone__isnull=False)),
            models.UniqueConstraint(fields=["indicator", "team", "period"], condition=Q(team__isnull=False),
                                    name="score_target_once_per_team"),
            models.UniqueConstraint(fields=["indicator", "zone", "period"], condition=Q(zone__isnull=False),
                                    name="score_target_once_per_zone"),
        ]

    def clean(self):
        self.indicator.scorecard.check_subject(team=self.team, zone=self.zone, period=self.period)


class ScoreAdjustment(models.Model):
    """Points the scheme adds or takes off (加分/扣分), with the reason."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="adjustments")
    team = models.ForeignKey("organisation.Team", verbose_name=_("小组"), on_delete=models.CASCADE, null=True,
                             blank=True, related_name="+")
    zone = models.ForeignKey("organisation.Zone", verbose_name=_("园区"), on_delete=models.CASCADE, null=True,
                             blank=True, related_name="+")
    period = models.CharField(_("期间"), max_length=3)
    points = models.DecimalField(_("加减分"), max_digits=6, decimal_places=2, help_text=_("加分填正数, 扣分填负数"))
    reason = models.CharField(_("事由"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("加减分")
        verbose_name_plural = _("加减分")
        constraints = [
            models.CheckConstraint(name="score_adjustment_one_subject",
                                   condition=Q(team__isnull=False, zone__isnull=True) | Q(team__isnull=True,
                                                                                            zone__isnull=False)),
            models.CheckConstraint(name="score_adjustment_not_zero", condition=~Q(points=0),
                                   violation_error_message=_("加减分不能为0。")),
        ]
        ordering = ["period", "id"]

    def clean(self):
        self.scorecard.check_subject(team=self.team, zone=self.zone, period=self.period)

    @property
    def subject(self):
        return self.team or self.zone
