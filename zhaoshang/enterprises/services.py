"""Writes to the enterprise library."""

from typing import Any, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhaoshang.changelog.services import log_changes, log_note, snapshot
from zhaoshang.core.services import check_version, ensure_can_write
from zhaoshang.enterprises.credit_code import normalise
from zhaoshang.enterprises.models import MSG_DUPLICATE_CODE, Enterprise, EnterpriseContact, EnterpriseTag


def _check_unique_code(enterprise: Enterprise) -> None:
    if enterprise.credit_code and Enterprise.objects.filter(
        zone_id=enterprise.zone_id, credit_code=enterprise.credit_code
    ).exclude(pk=enterprise.pk).exists():
        raise ValidationError({"credit_code": MSG_DUPLICATE_CODE})


def _checked_tags(enterprise: Enterprise, tags: Iterable[tuple[str, int | None]]) -> list[EnterpriseTag]:
    """Tag rows with their kind and year validated (bulk_create and update_or_create skip validation)."""
    rows = [EnterpriseTag(enterprise=enterprise, kind=kind, year=year) for kind, year in tags]
    for row in rows:
        row.clean_fields(exclude=["enterprise"])
    return rows


def _tags_text(enterprise: Enterprise) -> str:
    return "、".join(str(tag) for tag in enterprise.tags.all())


@transaction.atomic
def enterprise_create(*, zone, by, tags: Iterable[tuple[str, int | None]] = (),
                      contacts: Iterable[dict] = (), **fields: Any) -> Enterprise:
    ensure_can_write(by, zone.pk)
    enterprise = Enterprise(zone=zone, created_by=by if getattr(by, "pk", None) else None, **fields)
    enterprise.credit_code = normalise(enterprise.credit_code)
    # Before full_clean: its constraint check would report the duplicate against no field.
    _check_unique_code(enterprise)
    enterprise.full_clean()
    enterprise.save()
    created_tags = EnterpriseTag.objects.bulk_create(_checked_tags(enterprise, tags))
    for contact in contacts:
        contact_add(enterprise=enterprise, by=by, log=False, **contact)
    log_changes(enterprise, zone_id=zone.pk, before=None, fields=Enterprise.TRACKED_FIELDS, actor=by,
                version=enterprise.version)
    if created_tags:
        log_note(enterprise, zone_id=zone.pk, actor=by, label="企业标签", new=_tags_text(enterprise))
    return enterprise


def enterprise_find_or_create(*, zone, by, name: str, credit_code: str = "") -> Enterprise:
    """The library's enterprise with this code (or, without a code, this exact name); else a new target.
    Typing an investor's name on a project must not add a second copy of a company already on file."""
    code = normalise(credit_code)
    library = Enterprise.objects.filter(zone=zone)
    found = library.filter(credit_code=code).first() if code else library.filter(name=name.strip()).first()
    if found is not None:
        return found
    return enterprise_create(zone=zone, by=by, name=name.strip(), credit_code=code)


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, by, expected_version: int | None,
                      tags: Iterable[tuple[str, int | None]] | None = None, **fields: Any) -> Enterprise:
    """Change an enterprise's facts and (when given) its tags, as one edit: one version check, one bump."""
    untracked = set(fields) - set(Enterprise.TRACKED_FIELDS)
    if untracked:  # the zone above all: moving a record out would bypass the permission check
        raise TypeError(f"enterprise_update cannot change {', '.join(sorted(untracked))}")
    ensure_can_write(by, enterprise.zone_id)
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    check_version(enterprise, expected_version)
    before = snapshot(enterprise, Enterprise.TRACKED_FIELDS)
    for name, value in fields.items():
        setattr(enterprise, name, value)
    enterprise.credit_code = normalise(enterprise.credit_code)
    # Compare snapshots, not raw attributes: a snapshot holds None for a blank text field.
    after = snapshot(enterprise, Enterprise.TRACKED_FIELDS)
    fields_changed = any(before[name].raw != after[name].raw for name in Enterprise.TRACKED_FIELDS)
    if fields_changed:
        _check_unique_code(enterprise)
        enterprise.full_clean()
    old_tags = _tags_text(enterprise)
    if tags is not None:
        _replace_tags(enterprise, tags)
    new_tags = _tags_text(enterprise)
    if not fields_changed and new_tags == old_tags:
        return enterprise
    enterprise.version += 1
    enterprise.save()
    if fields_changed:
        log_changes(enterprise, zone_id=enterprise.zone_id, before=before, fields=Enterprise.TRACKED_FIELDS,
                    actor=by, version=enterprise.version)
    if new_tags != old_tags:
        log_note(enterprise, zone_id=enterprise.zone_id, actor=by, label="企业标签", old=old_tags, new=new_tags,
                 version=enterprise.version)
    return enterprise


def _replace_tags(enterprise: Enterprise, tags: Iterable[tuple[str, int | None]]) -> None:
    wanted = {row.kind: row.year for row in _checked_tags(enterprise, tags)}
    enterprise.tags.exclude(kind__in=list(wanted)).delete()
    for kind, year in wanted.items():
        EnterpriseTag.objects.update_or_create(enterprise=enterprise, kind=kind, defaults={"year": year})


def enterprise_set_tags(*, enterprise: Enterprise, by, tags: Iterable[tuple[str, int | None]],
                        expected_version: int | None = None) -> Enterprise:
    """Replace the enterprise's tags (with their years)."""
    return enterprise_update(enterprise=enterprise, by=by, expected_version=expected_version, tags=tags)


def _bump_version(enterprise: Enterprise) -> int:
    """Contacts are part of the record: a change to them must fail a concurrent edit or import of it."""
    Enterprise.objects.filter(pk=enterprise.pk).update(version=F("version") + 1, updated_at=timezone.now())
    enterprise.refresh_from_db(fields=["version", "updated_at"])
    return enterprise.version


@transaction.atomic
def contact_add(*, enterprise: Enterprise, by, log: bool = True, **fields: Any) -> EnterpriseContact:
    ensure_can_write(by, enterprise.zone_id)
    contact = EnterpriseContact(enterprise=enterprise, **fields)
    contact.full_clean()
    contact.save()
    if log:
        log_note(enterprise, zone_id=enterprise.zone_id, actor=by, label="新增联系人", new=str(contact),
                 version=_bump_version(enterprise))
    return contact


@transaction.atomic
def contact_remove(*, contact: EnterpriseContact, by) -> None:
    enterprise = contact.enterprise
    ensure_can_write(by, enterprise.zone_id)
    contact.delete()
    log_note(enterprise, zone_id=enterprise.zone_id, actor=by, label="删除联系人", old=str(contact),
             version=_bump_version(enterprise))
