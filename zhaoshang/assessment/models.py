"""Assessment (考核): scorecards of weighted indicators, their targets per subject, adjustments.

Teams of a zone are scored monthly, zones of a city or province quarterly. Score of a subject in a period =
Σ weight × min(actual ÷ target, cap) + adjustments; the holder of the rotating red flag is the top score.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.models import TimeStampedModel
from zhaoshang.targets.choices import ScorecardScope
from zhaoshang.targets.models import MetricSpec


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


class ScoreIndicator(MetricSpec):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    name = models.CharField(_("指标名称"), max_length=100)
    weight = models.DecimalField(_("权重(分)"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["scorecard", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ScoreTarget(models.Model):
    """One subject's target for one indicator and period (a team under a zone card, a zone under a division)."""

    indicator = models.ForeignKey(ScoreIndicator, on_delete=models.CASCADE, related_name="targets")
    team = models.ForeignKey("organisation.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    zone = models.ForeignKey("organisation.Zone", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
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


class ScoreAdjustment(models.Model):
    """Points the scheme adds or takes off (加分/扣分), with the reason."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="adjustments")
    team = models.ForeignKey("organisation.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    zone = models.ForeignKey("organisation.Zone", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    period = models.CharField(_("期间"), max_length=3)
    points = models.DecimalField(_("加减分"), max_digits=6, decimal_places=2, help_text=_("加分填正数, 扣分填负数"))
    reason = models.CharField(_("事由"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("加减分")
        verbose_name_plural = _("加减分")
        constraints = [
            models.CheckConstraint(name="score_adjustment_one_subject",
                                   condition=Q(team__isnull=False, zone__isnull=True) | Q(team__isnull=True,
                                                                                            zone__isnull=False)),
        ]
