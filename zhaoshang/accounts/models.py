from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ZONE_ADMIN = "zone_admin", _("园区管理员")
    ZONE_LEADER = "zone_leader", _("园区领导")
    TEAM_LEADER = "team_leader", _("小组组长")
    OFFICER = "officer", _("招商专员")
    DIVISION_VIEWER = "division_viewer", _("市/省级查看")


# Roles that may change a zone's data; a zone leader and a division viewer only read.
WRITER_ROLES = frozenset({Role.ZONE_ADMIN, Role.TEAM_LEADER, Role.OFFICER})
ZONE_ROLES = frozenset({Role.ZONE_ADMIN, Role.ZONE_LEADER, Role.TEAM_LEADER, Role.OFFICER})


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机"), max_length=20, blank=True)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    zone = models.ForeignKey(
        "organisation.Zone", verbose_name=_("所属园区"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="users",
    )
    division = models.ForeignKey(
        "geo.Division", verbose_name=_("查看范围(行政区划)"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="viewers",
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                name="user_zone_role_has_zone",
                condition=Q(is_superuser=True) | ~Q(role__in=sorted(ZONE_ROLES)) | Q(zone__isnull=False),
                violation_error_message=_("园区角色的用户必须指定所属园区。"),
            ),
            models.CheckConstraint(
                name="user_viewer_has_division",
                condition=Q(is_superuser=True) | ~Q(role="division_viewer") | Q(division__isnull=False),
                violation_error_message=_("市/省级查看用户必须指定行政区划。"),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.username
