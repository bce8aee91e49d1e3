"""The zone's enterprise library: companies in the zone and companies it wants."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.models import TimeStampedModel, ZoneScopedQuerySet
from zhaoshang.core.money import MoneyField
from zhaoshang.enterprises.choices import EnterpriseLocation, EnterpriseTagKind
from zhaoshang.enterprises.credit_code import validate_credit_code

MSG_DUPLICATE_CODE = "本园区企业库中已有统一社会信用代码为该值的企业, 不能重复登记。"
MSG_TAG_YEAR_FUTURE = "获得年份 {year} 晚于今年, 请核对。"


def validate_not_future_year(year: int) -> None:
    """A qualification is recorded once obtained: its year cannot lie ahead (web, import and shell alike)."""
    if year is not None and year > timezone.localdate().year:
        raise ValidationError(MSG_TAG_YEAR_FUTURE.format(year=year))


class Enterprise(TimeStampedModel):
    # Each zone keeps its own library: the same company may be a target of two zones, and neither
    # may see the other's notes and contacts. The code is therefore unique within a zone.
    zone = models.ForeignKey("organisation.Zone", on_delete=models.CASCADE, related_name="enterprises")
    name = models.CharField(_("企业名称"), max_length=120)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code],
        help_text=_("18位, 境外企业可不填"),
    )
    location = models.CharField(
        _("企业类别"), max_length=10, choices=EnterpriseLocation.choices, default=EnterpriseLocation.TARGET
    )
    industry = models.ForeignKey(
        "geo.Industry", verbose_name=_("所属行业"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="enterprises",
    )
    division = models.ForeignKey(
        "geo.Division", verbose_name=_("所在地区"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="enterprises",
    )
    country = models.CharField(_("国家/地区"), max_length=30, default="中国")
    address = models.CharField(_("地址"), max_length=200, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    registered_capital = MoneyField(
        _("注册资本(万元)"), null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    website = models.URLField(_("网站"), blank=True)
    description = models.TextField(_("企业简介"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ZoneScopedQuerySet.as_manager()

    TRACKED_FIELDS = (
        "name", "credit_code", "location", "industry", "division", "country", "address",
        "legal_representative", "registered_capital", "established_on", "website", "description",
    )

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "credit_code"], condition=~Q(credit_code=""),
                name="enterprise_unique_code_in_zone", violation_error_message=MSG_DUPLICATE_CODE,
            ),
        ]
        indexes = [models.Index(fields=["zone", "name"], name="enterprise_zone_name_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("enterprises:detail", args=[self.pk])


class EnterpriseTag(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(_("标签"), max_length=20, choices=EnterpriseTagKind.choices)
    year = models.PositiveSmallIntegerField(
        _("获得年份"), null=True, blank=True,
        validators=[MinValueValidator(1980), validate_not_future_year],
    )

    class Meta:
        verbose_name = _("企业标签")
        verbose_name_plural = _("企业标签")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind"], name="enterprise_tag_unique",
                violation_error_message=_("该企业已有此标签。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}({self.year})" if self.year else self.get_kind_display()


class EnterpriseContact(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(
        _("电话"), max_length=30, blank=True,
        validators=[RegexValidator(r"^[0-9+\-() 转]{5,30}$", _("电话只能包含数字、+、-、括号和空格。"))],
    )
    email = models.EmailField(_("邮箱"), blank=True)
    is_primary = models.BooleanField(_("主要联系人"), default=False)

    class Meta:
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")
        ordering = ["-is_primary", "name"]

    def __str__(self) -> str:
        return f"{self.name} {self.role}".strip()
