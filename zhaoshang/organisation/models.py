"""Zones, their departments and teams, and the members of each team."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.models import TimeStampedModel, ZoneScopedQuerySet
from zhaoshang.core.money import Currency, MoneyField
from zhaoshang.organisation.choices import (
    DepartmentKind,
    MemberRole,
    TeamKind,
    ZoneKind,
)


class ZoneQuerySet(models.QuerySet):
    def visible_to(self, user):
        from zhaoshang.accounts.access import visible_zones

        return self.filter(pk__in=visible_zones(user).values("pk"))


class Zone(TimeStampedModel):
    name = models.CharField(_("园区名称"), max_length=80, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    code = models.CharField(
        _("园区代号"), max_length=12, unique=True,
        validators=[RegexValidator(r"^[A-Z][A-Z0-9]{1,11}$", _("代号用 2–12 位大写字母或数字, 以字母开头, 如 QDKFQ。"))],
        help_text=_("项目编号的前缀, 如 QDKFQ-2024-0001。"),
    )
    kind = models.CharField(_("园区类型"), max_length=20, choices=ZoneKind.choices)
    division = models.ForeignKey(
        "geo.Division", verbose_name=_("所在行政区划"), on_delete=models.PROTECT, related_name="zones"
    )

    objects = ZoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("园区")
        verbose_name_plural = _("园区")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Department(TimeStampedModel):
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("部门名称"), max_length=60)
    kind = models.CharField(_("部门类型"), max_length=20, choices=DepartmentKind.choices)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["zone", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"], name="department_unique_name_in_zone",
                violation_error_message=_("本园区已有同名部门。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Team(TimeStampedModel):
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="teams")
    department = models.ForeignKey(
        Department, verbose_name=_("所属部门"), on_delete=models.SET_NULL, null=True, blank=True, related_name="teams"
    )
    name = models.CharField(_("小组名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=20, choices=TeamKind.choices, default=TeamKind.GROUP)
    base = models.CharField(_("驻点/所在地"), max_length=60, blank=True, help_text=_("如 上海、深圳、粤港澳大湾区"))
    agency = models.CharField(_("代理机构"), max_length=100, blank=True, help_text=_("第三方代理的机构名称"))
    is_active = models.BooleanField(_("在用"), default=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="TeamMembership", related_name="teams")

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("招商小组")
        verbose_name_plural = _("招商小组")
        ordering = ["zone", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"], name="team_unique_name_in_zone",
                violation_error_message=_("本园区已有同名小组。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("组内角色"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_on = models.DateField(_("加入日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("小组成员")
        verbose_name_plural = _("小组成员")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"], name="membership_unique",
                violation_error_message=_("该用户已是本小组成员。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.user}"


class TeamQuota(models.Model):
    """A team's yearly quota, as a third-party agent's contract sets it (e.g. ≥ 40亿元 of signed projects)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="quotas")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    signed_amount = MoneyField(_("签约总投资任务(万元)"), validators=[MinValueValidator(Decimal(0))])
    signed_count = models.PositiveIntegerField(_("签约项目数任务"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("年度任务")
        verbose_name_plural = _("年度任务")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "year"], name="team_quota_unique_year",
                violation_error_message=_("该小组本年度已有任务。"),
            )
        ]


class ExchangeRate(models.Model):
    """CNY per unit of a foreign currency from a date on; a zone's own rates take precedence."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, null=True, blank=True, related_name="exchange_rates")
    currency = models.CharField(_("币种"), max_length=3, choices=Currency.choices)
    valid_from = models.DateField(_("起始日期"))
    rate = models.DecimalField(_("汇率(1外币=人民币元)"), max_digits=10, decimal_places=4,
                               validators=[MinValueValidator(Decimal("0.0001"))])
    source = models.CharField(_("来源"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("汇率")
        verbose_name_plural = _("汇率")
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "currency", "valid_from"], condition=Q(zone__isnull=False),
                name="exchange_rate_unique_zone", violation_error_message=_("该币种在此日期已有汇率。"),
            ),
            models.UniqueConstraint(
                fields=["currency", "valid_from"], condition=Q(zone__isnull=True),
                name="exchange_rate_unique_default", violation_error_message=_("该币种在此日期已有汇率。"),
            ),
            models.CheckConstraint(
                name="exchange_rate_not_cny", condition=~Q(currency="CNY"),
                violation_error_message=_("人民币不需要汇率。"),
            ),
        ]


def default_idle_days() -> dict[str, int]:
    """Working days without a stage event or an interaction before a project turns yellow (red at twice)."""
    return {"lead": 40, "contacted": 30, "negotiating": 20, "intent": 20, "signed": 20, "registered": 20,
            "land_supplied": 15, "started": 20, "completed": 20, "producing": 40}


class ZoneSettings(models.Model):
    """A zone's own thresholds for traffic lights and its defaults for targets."""

    zone = models.OneToOneField(Zone, on_delete=models.CASCADE, related_name="settings")
    lag_yellow_points = models.DecimalField(
        _("投资完成率落后黄灯(百分点)"), max_digits=5, decimal_places=1, default=Decimal("5"),
        validators=[MinValueValidator(Decimal(0))], help_text=_("完成率落后时序进度超过此值亮黄灯"))
    lag_red_points = models.DecimalField(
        _("投资完成率落后红灯(百分点)"), max_digits=5, decimal_places=1, default=Decimal("15"),
        validators=[MinValueValidator(Decimal(0))])
    node_red_after_workdays = models.PositiveSmallIntegerField(
        _("节点逾期转红灯(工作日)"), default=10, help_text=_("节点逾期即黄灯, 逾期超过此工作日数亮红灯"))
    idle_workdays = models.JSONField(
        _("无进展预警(工作日)"), default=default_idle_days,
        help_text=_("各阶段多少个工作日没有阶段进展或对接记录亮黄灯, 两倍亮红灯"))
    usd_pairing = models.DecimalField(
        _("美元门槛折算(万元/万美元)"), max_digits=6, decimal_places=2, default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("“亿元(或1000万美元)以上”的对应比例, 默认 10:1"))

    class Meta:
        verbose_name = _("园区设置")
        verbose_name_plural = _("园区设置")

    def __str__(self) -> str:
        return f"{self.zone} 设置"

    def clean(self):
        if self.lag_red_points < self.lag_yellow_points:
            raise ValidationError({"lag_red_points": _("红灯阈值不能小于黄灯阈值。")})
