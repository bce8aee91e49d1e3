"""Writing the change log. Services call these with a before-snapshot, so every writer is covered."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from zhaoshang.changelog.context import current_context
from zhaoshang.changelog.models import ChangeAction, ChangeRecord


@dataclass(frozen=True)
class FieldValue:
    raw: Any
    display: str


def _display(instance: models.Model, field: models.Field) -> FieldValue:
    if isinstance(field, models.ForeignKey):
        raw = getattr(instance, field.attname)
        return FieldValue(raw, "" if raw is None else str(getattr(instance, field.name)))
    raw = getattr(instance, field.attname)
    if raw is None or raw == "":
        return FieldValue(None, "")
    if field.choices:
        return FieldValue(raw, str(dict(field.flatchoices).get(raw, raw)))
    if isinstance(raw, bool):
        return FieldValue(raw, "是" if raw else "否")
    if isinstance(raw, Decimal):
        return FieldValue(raw, format(raw.normalize(), "f"))
    if isinstance(raw, (date, datetime)):
        return FieldValue(raw, raw.isoformat())
    return FieldValue(raw, str(raw))


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, FieldValue]:
    meta = instance._meta
    return {name: _display(instance, meta.get_field(name)) for name in fields}


def change_records(
    instance: models.Model,
    *,
    zone_id: int,
    before: dict[str, FieldValue] | None,
    fields: Iterable[str],
    actor=None,
    version: int | None = None,
    action: str | None = None,
    at: datetime | None = None,
) -> list[ChangeRecord]:
    """Unsaved rows describing how `instance` differs from `before` (None: it was just created)."""
    context = current_context()
    common = dict(
        zone_id=zone_id,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        version=version,
        actor=actor if getattr(actor, "pk", None) else None,
        source=context.source,
        source_ref=context.ref,
        at=at or timezone.now(),
    )
    if before is None:
        return [ChangeRecord(action=action or ChangeAction.CREATE, **common)]
    after = snapshot(instance, fields)
    meta = instance._meta
    return [
        ChangeRecord(
            action=action or ChangeAction.UPDATE,
            field=name,
            field_label=str(meta.get_field(name).verbose_name),
            old_value=before[name].display,
            new_value=after[name].display,
            **common,
        )
        for name in fields
        if before[name].raw != after[name].raw
    ]


def log_changes(instance: models.Model, **kwargs) -> list[ChangeRecord]:
    return ChangeRecord.objects.bulk_create(change_records(instance, **kwargs))


def note_record(instance, *, zone_id: int, actor, label: str, old: str = "", new: str = "",
                version: int | None = None, at: datetime | None = None) -> ChangeRecord:
    """An unsaved note like `log_note` writes (a stage reached, tags replaced), for one bulk_create."""
    (record,) = change_records(instance, zone_id=zone_id, before=None, fields=(), actor=actor, version=version,
                               action=ChangeAction.UPDATE, at=at)
    record.field_label, record.old_value, record.new_value = label, old, new
    return record


def import_records(instance, *, zone_id: int, actor, before: dict[str, FieldValue] | None,
                   notes: list[tuple[str, str, str]], at: datetime) -> list[ChangeRecord]:
    """The change log of one imported row: its creation or its field changes, then its notes."""
    records = change_records(instance, zone_id=zone_id, before=before, fields=type(instance).TRACKED_FIELDS,
                             actor=actor, version=instance.version, at=at)
    return records + [note_record(instance, zone_id=zone_id, actor=actor, label=label, old=old, new=new,
                                  version=instance.version, at=at) for label, old, new in notes]


def log_note(instance: models.Model, *, zone_id: int, actor, label: str, old: str = "", new: str = "",
             version: int | None = None) -> ChangeRecord:
    """A change that is not a plain field edit (a stage event, a contact added), in words."""
    record = note_record(instance, zone_id=zone_id, actor=actor, label=label, old=old, new=new, version=version)
    record.save()
    return record
