"""Checks every write service makes, whoever calls it (view, import, job or shell)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.accounts.access import can_write
from zhaoshang.changelog.selectors import changes_since

MSG_NO_PERMISSION = "您没有修改该园区数据的权限。"
MSG_CONCURRENT = "保存失败: 您打开编辑页之后, 其他人已修改了这条记录: {changes}。请刷新页面, 在最新内容上重新修改。"
MSG_CONCURRENT_UNKNOWN = "保存失败: 您打开编辑页之后, 这条记录已被他人修改。请刷新页面, 在最新内容上重新修改。"


def ensure_can_write(user, zone_id: int) -> None:
    """A user given to a service must be allowed to write the zone; None means the system itself."""
    if user is not None and not can_write(user, zone_id):
        raise PermissionDenied(MSG_NO_PERMISSION)


def actor(by):
    """The user to record as having done a write: None for the system (a job, the demo, the shell)."""
    return by if getattr(by, "pk", None) else None


class ConcurrentEditError(ValidationError):
    """The record changed since the version the user started from; nothing was saved."""

    def __init__(self, instance, expected_version: int):
        records = list(changes_since(instance, expected_version))
        if records:
            described = "; ".join(
                f"{record.actor.display_name if record.actor else record.get_source_display()} "
                f"在 {timezone.localtime(record.at):%m-%d %H:%M} 将“{record.field_label}”"
                f"由“{record.old_value or '空'}”改为“{record.new_value or '空'}”"
                for record in records
            )
            message = MSG_CONCURRENT.format(changes=described)
        else:
            message = MSG_CONCURRENT_UNKNOWN
        self.changes = records
        super().__init__(message, code="concurrent_edit")


def check_version(instance, expected_version: int | None) -> None:
    if expected_version is not None and instance.version != expected_version:
        raise ConcurrentEditError(instance, expected_version)


__all__ = ["ConcurrentEditError", "actor", "check_version", "ensure_can_write"]
