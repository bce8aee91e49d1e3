"""The generic change log: who changed which field of which object, when, and through what."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.models import ZoneScopedQuerySet


class ChangeAction(models.TextChoices):
    CREATE = "create", _("新建")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")


class ChangeSource(models.TextChoices):
    WEB = "web", _("网页")
    API = "api", _("接口")
    IMPORT = "import", _("Excel导入")
    JOB = "job", _("后台任务")
    SHELL = "shell", _("命令行")
    DEMO = "demo", _("演示数据")


class ChangeRecord(models.Model):
    zone = models.ForeignKey("organisation.Zone", on_delete=models.CASCADE, related_name="change_records")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(_("对象"), max_length=200)
    action = models.CharField(_("操作"), max_length=10, choices=ChangeAction.choices)
    field = models.CharField(_("字段"), max_length=60, blank=True)
    field_label = models.CharField(_("字段名称"), max_length=60, blank=True)
    old_value = models.TextField(_("原值"), blank=True)
    new_value = models.TextField(_("新值"), blank=True)
    # The object's version after this change: the concurrent-edit check tells what changed since a version.
    version = models.PositiveIntegerField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    source = models.CharField(_("来源"), max_length=10, choices=ChangeSource.choices)
    source_ref = models.CharField(_("来源说明"), max_length=100, blank=True)
    at = models.DateTimeField(_("时间"), db_index=True)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="change_object_idx")]

    def __str__(self) -> str:
        return f"{self.object_repr} {self.get_action_display()} {self.field_label}"
