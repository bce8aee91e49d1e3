"""The enterprise library in and out of Excel, and the lookups the project import shares with it.

An import reads and checks every row first, outside any transaction so its progress reports are seen,
then writes everything in one transaction — or nothing, if any row is bad.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhaoshang.changelog.models import ChangeRecord
from zhaoshang.changelog.services import FieldValue, import_records, snapshot
from zhaoshang.core import xlsx
from zhaoshang.core.services import ensure_can_write
from zhaoshang.core.xlsx import CellError, Column, Row
from zhaoshang.enterprises.choices import EnterpriseLocation, EnterpriseTagKind
from zhaoshang.enterprises.credit_code import normalise, validate_credit_code
from zhaoshang.enterprises.models import Enterprise, EnterpriseContact, EnterpriseTag
from zhaoshang.geo.models import Division, Industry, IndustryLevel
from zhaoshang.jobs.runner import handler

SHEET_TITLE = "企业"

MSG_INDUSTRY = ("行业代码“{value}”不存在。请填写《国民经济行业分类》(GB/T 4754-2017)的大类两位或中类三位数字代码, "
                "如 39 或 391。")
MSG_DIVISION_UNKNOWN = "找不到行政区划“{value}”。请填写六位区划代码(如 310115), 或“上海市浦东新区”这样的名称。"
MSG_DIVISION_AMBIGUOUS = "“{value}”对应多个行政区划({options}), 请改填六位区划代码。"
MSG_NAME_AMBIGUOUS = "企业库中有{n}家名为“{name}”的企业, 请填写统一社会信用代码以区分。"
MSG_TAG_UNKNOWN = "标签“{value}”无法识别。可用标签: {labels}; 年份写在冒号后, 如“高新技术企业:2022”。"
MSG_TAG_YEAR = "标签“{label}”的年份 {year} 应在 1980 年到今年之间。"
MSG_TAG_TWICE = "标签“{label}”写了两次。"
MSG_DUPLICATE_ROW = "与第{other}行是同一家企业({key}), 同一企业在一个文件中只能有一行。"
MSG_CONTACT_NAME = "填写了职务或电话, 请同时填写联系人姓名。"
MSG_STALE = "导入期间有企业被他人修改, 为免覆盖他人的修改, 未写入任何数据。请重新导入。"

CREDIT_CODE = xlsx.header_of(Enterprise, "credit_code")
NAME = xlsx.header_of(Enterprise, "name")
INDUSTRY = "行业代码"
DIVISION = xlsx.header_of(Enterprise, "division")
TAGS = xlsx.header_of(EnterpriseTag, "kind")
CONTACT = "联系人"
CONTACT_ROLE = xlsx.header_of(EnterpriseContact, "role")
CONTACT_PHONE = xlsx.header_of(EnterpriseContact, "phone")

INDUSTRY_NOTE = "《国民经济行业分类》(GB/T 4754-2017)大类两位或中类三位数字代码, 如 39(计算机、通信和其他电子设备制造业)"
TAG_LABELS = "、".join(str(label) for label in EnterpriseTagKind.labels)
TAG_SEPARATORS = re.compile(r"[；;、,，\n]+")

ENTERPRISE_COLUMNS: tuple[Column, ...] = (
    Column(CREDIT_CODE, width=22, note="18位, 境外企业可不填。填了按代码匹配企业库中的企业, 未填按企业名称完全一致匹配; "
                                       "匹配到则更新该企业, 否则新建; 空白时不改动已有企业的代码"),
    Column.of(Enterprise, "name", required=True, width=32),
    Column.of(Enterprise, "location", keep_if_blank=True, note="默认“区外目标企业”"),
    Column(INDUSTRY, note=INDUSTRY_NOTE),
    Column(DIVISION, width=24, note="六位行政区划代码(GB/T 2260), 或名称如“上海市浦东新区”“浦东新区”; 重名的地区请填代码"),
    Column.of(Enterprise, "country", keep_if_blank=True, note="默认“中国”"),
    Column.of(Enterprise, "address", width=30),
    Column.of(Enterprise, "legal_representative"),
    Column.of(Enterprise, "registered_capital", width=16),
    Column.of(Enterprise, "established_on", width=12),
    Column.of(Enterprise, "website", width=24, note="可不写 https://"),
    Column.of(Enterprise, "description", width=40),
    Column(TAGS, width=34, note="多个标签用“；”分隔, 年份写在冒号后, 如“高新技术企业:2022；专精特新:2023；上市”。可用标签: "
                               + TAG_LABELS + "。该列存在时, 企业的标签以此为准(空白即清除标签)"),
    Column(CONTACT, note="主要联系人姓名。已有同名联系人则更新其职务和电话, 否则新增; 导入不会删除联系人"),
    Column(CONTACT_ROLE),
    Column(CONTACT_PHONE, width=16, note="数字、+、-、括号和空格"),
)
# The contact's cells, read and checked as fields of the contact rather than of the enterprise.
CONTACT_COLUMNS = (Column(CONTACT, field="name"), Column(CONTACT_ROLE, field="role"),
                   Column(CONTACT_PHONE, field="phone"))

TEMPLATE_NOTES = (
    "企业导入模板: 每行一家企业; 表头请勿修改, 不需要的列可以删除(删除的列导入时不改动原值)。",
    "统一社会信用代码填写时按代码匹配本园区企业库, 未填时按企业名称完全一致匹配; 匹配到的企业被更新, 未匹配到的新建。",
    "同一家企业(同一代码或同一名称)在一个文件中只能出现一行。",
    "导入前会检查全部行: 只要有一行有误, 就不写入任何数据, 并列出每个错误的行号、列名和原因。",
    "空白单元格表示清空该项; 标注“空白时保持原值”的列除外。导入的每项改动都记入变更记录, 来源为“Excel导入”。",
)


# ------------------------------------------------------------------------------------------ lookups


class IndustryIndex:
    """GB/T 4754 industries by code, loaded once (a few hundred rows)."""

    LEVELS = (IndustryLevel.DIVISION, IndustryLevel.GROUP)

    def __init__(self):
        self.by_code = {industry.code: industry for industry in Industry.objects.all()}

    def find(self, value: Any) -> Industry:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
            code = str(int(value)).zfill(2)  # a code typed as a number loses its leading zero: 1 for 01
        else:
            text = xlsx.to_text(value)
            code = text.split()[0] if text else ""  # "39 计算机…" as well as "39"
        industry = self.by_code.get(code)
        if industry is None or industry.level not in self.LEVELS:
            raise CellError(MSG_INDUSTRY.format(value=xlsx.show(value)))
        return industry


class DivisionIndex:
    """GB/T 2260 divisions by code and by the names people write: 浦东新区, 上海市浦东新区, 南通市启东市."""

    def __init__(self):
        divisions = {division.pk: division for division in Division.objects.only("id", "code", "name", "level",
                                                                                  "parent_id")}
        self.by_id = divisions
        self.by_code = {division.code: division for division in divisions.values()}
        self.full_names: dict[int, str] = {}
        self._by_name: dict[str, list[Division]] = defaultdict(list)
        for division in divisions.values():
            chain: list[str] = []  # names from the province down, each once (直辖市 repeat as city)
            node = division
            while node is not None:
                if not chain or chain[0] != node.name:
                    chain.insert(0, node.name)
                node = divisions.get(node.parent_id)
            self.full_names[division.pk] = "".join(chain)
            ancestors = chain[:-1]
            for mask in range(2 ** len(ancestors)):  # any ancestors kept, in order: 江苏省启东市 too
                prefix = "".join(name for bit, name in enumerate(ancestors) if mask >> bit & 1)
                self._by_name[prefix + chain[-1]].append(division)

    def find(self, value: Any) -> Division:
        text = "".join(xlsx.to_text(value).split())
        match = re.match(r"^(\d{6})", text)
        if match:
            division = self.by_code.get(match.group(1))
            if division is None:
                raise CellError(MSG_DIVISION_UNKNOWN.format(value=xlsx.show(value)))
            return division
        candidates = self._by_name.get(text, [])
        if not candidates:
            raise CellError(MSG_DIVISION_UNKNOWN.format(value=xlsx.show(value)))
        if len({self.full_names[candidate.pk] for candidate in candidates}) > 1:
            options = "、".join(f"{candidate.code} {self.full_names[candidate.pk]}" for candidate in candidates[:5])
            raise CellError(MSG_DIVISION_AMBIGUOUS.format(value=xlsx.show(value), options=options))
        # One place listed at two levels (北京市 as province and as city): the higher level stands for it.
        return min(candidates, key=lambda candidate: candidate.code)

    def label(self, division_id: int | None) -> str | None:
        """What an export writes: the full name if it finds this division again, else its code."""
        if division_id is None:
            return None
        full_name = self.full_names[division_id]
        try:
            found = self.find(full_name)
        except CellError:
            found = None
        return full_name if found is not None and found.pk == division_id else self.by_id[division_id].code


class EnterpriseIndex:
    """The zone's library by credit code and by exact name, from one query of three columns."""

    def __init__(self, zone_id: int):
        self.by_code: dict[str, Enterprise] = {}
        self.by_name: dict[str, list[Enterprise]] = defaultdict(list)
        for enterprise in Enterprise.objects.filter(zone_id=zone_id).only("id", "zone_id", "name", "credit_code"):
            self.add(enterprise)

    def add(self, enterprise: Enterprise) -> None:
        if enterprise.credit_code:
            self.by_code[enterprise.credit_code] = enterprise
        self.by_name[enterprise.name].append(enterprise)

    def find(self, *, code: str, name: str) -> Enterprise | None:
        """By code when given, else by exact name; a name shared by several enterprises raises CellError.

        A code not in the library may still be an enterprise entered earlier by name alone; that one is it.
        """
        if code and code in self.by_code:
            return self.by_code[code]
        candidates = self.by_name.get(name, [])
        if code:
            candidates = [candidate for candidate in candidates if not candidate.credit_code]
        if len(candidates) > 1:
            raise CellError(MSG_NAME_AMBIGUOUS.format(n=len(candidates), name=name))
        return candidates[0] if candidates else None


def read_credit_code(row: Row, header: str) -> str:
    """The row's code, normalised; a bad one is a row error with the validator's message."""
    code = normalise(row.value(header, default=""))
    if code:
        try:
            validate_credit_code(code)
        except ValidationError as exc:
            row.error(header, exc.messages[0])
            return ""
    return code


# ------------------------------------------------------------------------------------------- tags


def parse_tags(value: Any) -> list[tuple[str, int | None]]:
    """“高新技术企业:2022；专精特新(2023)；上市” → [(kind, year), ...]."""
    to_kind = xlsx.to_choice(EnterpriseTagKind.choices)
    tags: dict[str, int | None] = {}
    for part in TAG_SEPARATORS.split(xlsx.to_text(value).translate(xlsx.FULL_WIDTH)):
        part = part.strip()
        if not part:
            continue
        match = re.match(r"^(.+?)\s*(?::\s*(\d{4})|\(\s*(\d{4})\s*\))?$", part)
        try:
            kind = to_kind(match.group(1))
        except CellError:
            raise CellError(MSG_TAG_UNKNOWN.format(value=part, labels=TAG_LABELS)) from None
        label = EnterpriseTagKind(kind).label
        if kind in tags:
            raise CellError(MSG_TAG_TWICE.format(label=label))
        year = int(match.group(2) or match.group(3) or 0) or None
        try:  # the model's own rule for the year (1980 on, not after this year), as the web form meets it
            EnterpriseTag(kind=kind, year=year).clean_fields(exclude=["enterprise"])
        except ValidationError:
            raise CellError(MSG_TAG_YEAR.format(label=label, year=year)) from None
        tags[kind] = year
    return list(tags.items())


def tags_text(tags: list[tuple[str, int | None]], separator: str = "、") -> str:
    """Tags as the detail page and the change log show them, in the model's order (by kind)."""
    return separator.join(str(EnterpriseTag(kind=kind, year=year)) for kind, year in sorted(tags))


def tags_cell(tags: list[tuple[str, int | None]]) -> str:
    return "；".join(f"{EnterpriseTagKind(kind).label}:{year}" if year else str(EnterpriseTagKind(kind).label)
                    for kind, year in sorted(tags))


# ------------------------------------------------------------------------------------------ export


def _silent(percent: int, message: str = "") -> None:
    return None


def _contact_cells(contacts: list[EnterpriseContact]) -> list[Any]:
    primary = contacts[0] if contacts else None  # the model orders primary first
    return [primary.name, primary.role, primary.phone] if primary else [None, None, None]


def _export_rows(queryset: QuerySet, divisions: DivisionIndex):
    queryset = queryset.select_related("industry").prefetch_related("tags", "contacts")
    for enterprise in queryset.iterator(chunk_size=2000):
        values = {column.header: xlsx.export_value(enterprise, column.field)
                  for column in xlsx.field_columns(ENTERPRISE_COLUMNS)}
        values[CREDIT_CODE] = enterprise.credit_code or None
        values[INDUSTRY] = enterprise.industry.code if enterprise.industry_id else None
        values[DIVISION] = divisions.label(enterprise.division_id)
        values[TAGS] = tags_cell([(tag.kind, tag.year) for tag in enterprise.tags.all()]) or None
        values.update(zip((CONTACT, CONTACT_ROLE, CONTACT_PHONE), _contact_cells(list(enterprise.contacts.all()))))
        yield [values.get(column.header) for column in ENTERPRISE_COLUMNS]


def export_enterprises(queryset: QuerySet) -> bytes:
    """The (filtered) enterprises as an .xlsx with the import headers, so the file can come back."""
    return xlsx.write_workbook(title=SHEET_TITLE, columns=ENTERPRISE_COLUMNS,
                               rows=_export_rows(queryset, DivisionIndex()))


# Keyed by field for plain columns and by header for the others.
TEMPLATE_EXAMPLE = {
    "name": "南通某某新材料科技有限公司", "location": EnterpriseLocation.TARGET.label, INDUSTRY: "39",
    DIVISION: "江苏省南通市启东市", "country": "中国", "address": "启东经济开发区某某路88号",
    "legal_representative": "张三", "registered_capital": 5000, "established_on": date(2018, 6, 1),
    "website": "www.example.com", "description": "主营高性能复合材料。", TAGS: "高新技术企业:2022；专精特新:2023",
    CONTACT: "李四", CONTACT_ROLE: "总经理", CONTACT_PHONE: "0513-12345678",
}


def enterprise_template() -> bytes:
    """Headers, one example row and a 说明 sheet listing every column.

    The example has no credit code: a made-up one fails its check character, and a real one is someone's.
    """
    row = [TEMPLATE_EXAMPLE.get(column.field or column.header) for column in ENTERPRISE_COLUMNS]
    return xlsx.write_workbook(title=SHEET_TITLE, columns=ENTERPRISE_COLUMNS, rows=[row], notes=TEMPLATE_NOTES,
                               model=Enterprise)


# ------------------------------------------------------------------------------------------ import


@dataclass
class _Item:
    """One checked row and what writing it means."""

    row: Row
    code: str
    name: str
    fields: dict[str, Any]
    tags: list[tuple[str, int | None]] | None  # None: no 标签 column, tags stay as they are
    contact: dict[str, str] | None
    match: Enterprise | None = None
    enterprise: Enterprise | None = None  # what is written: new, or the loaded one with the row applied
    unchanged: bool = False
    before: dict[str, FieldValue] | None = None
    changed: set[str] = field(default_factory=set)  # tracked fields the row changes
    before_stamp: tuple[int, datetime] | None = None  # (version, updated_at) when checked
    new_tags: list[EnterpriseTag] = field(default_factory=list)
    changed_tags: list[EnterpriseTag] = field(default_factory=list)
    removed_tags: list[int] = field(default_factory=list)
    new_contact: EnterpriseContact | None = None
    changed_contact: EnterpriseContact | None = None
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)


def _read_row(row: Row, *, industries: IndustryIndex, divisions: DivisionIndex,
              library: EnterpriseIndex) -> _Item:
    code = read_credit_code(row, CREDIT_CODE)
    lookups = {INDUSTRY: ("industry", industries.find), DIVISION: ("division", divisions.find)}
    fields = xlsx.read_fields(row, ENTERPRISE_COLUMNS, Enterprise, lookups=lookups)
    name = fields.get("name", "")
    if code:
        fields["credit_code"] = code
    tags = row.value(TAGS, parse_tags, default=[]) if row.has(TAGS) else None
    contact = None
    if any(row.raw(header) is not None for header in (CONTACT, CONTACT_ROLE, CONTACT_PHONE)):
        contact = xlsx.read_fields(row, CONTACT_COLUMNS, EnterpriseContact)
        if not contact.get("name"):
            row.error(CONTACT, MSG_CONTACT_NAME)
        xlsx.clean_fields(row, EnterpriseContact(**contact), CONTACT_COLUMNS)
    match = None
    if name:
        try:
            match = library.find(code=code, name=name)
        except CellError as exc:
            row.error(NAME, exc.message)
    return _Item(row=row, code=code, name=name, fields=fields, tags=tags, contact=contact, match=match)


def _duplicates(items: list[_Item]) -> list[dict]:
    """Two rows that would write the same enterprise are both wrong: which one should win is a guess."""
    first: dict[tuple, _Item] = {}
    errors = []
    for item in items:
        if not (item.match or item.code or item.name):
            continue
        key = ("pk", item.match.pk) if item.match else ("code", item.code) if item.code else ("name", item.name)
        other = first.setdefault(key, item)
        if other is item:
            continue
        for this, that in ((item, other), (other, item)):
            header, shown = (CREDIT_CODE, this.code) if this.code else (NAME, this.name)
            errors.append({"row": this.row.number, "column": header, "value": shown,
                           "message": MSG_DUPLICATE_ROW.format(other=that.row.number, key=shown)})
    return errors


def _load(pks: list[int]) -> dict[int, Enterprise]:
    found: dict[int, Enterprise] = {}
    for chunk in xlsx.chunked(pks):
        queryset = (Enterprise.objects.filter(pk__in=chunk).select_related("industry", "division")
                    .prefetch_related("tags", "contacts"))
        found.update((enterprise.pk, enterprise) for enterprise in queryset)
    return found


def _plan_new(item: _Item, *, zone, by) -> None:
    enterprise = Enterprise(zone=zone, created_by=by if getattr(by, "pk", None) else None, **item.fields)
    xlsx.clean_fields(item.row, enterprise, ENTERPRISE_COLUMNS)
    item.enterprise = enterprise
    item.new_tags = [EnterpriseTag(enterprise=enterprise, kind=kind, year=year) for kind, year in item.tags or ()]
    if item.contact:
        item.new_contact = EnterpriseContact(enterprise=enterprise, is_primary=True, **item.contact)


def _plan_update(item: _Item, enterprise: Enterprise) -> bool:
    """Apply the row to the loaded enterprise; True if anything changes."""
    item.enterprise, item.before = enterprise, snapshot(enterprise, Enterprise.TRACKED_FIELDS)
    item.before_stamp = (enterprise.version, enterprise.updated_at)
    xlsx.assign(enterprise, item.fields)
    xlsx.clean_fields(item.row, enterprise, ENTERPRISE_COLUMNS)
    after = snapshot(enterprise, Enterprise.TRACKED_FIELDS)
    item.changed = {name for name in Enterprise.TRACKED_FIELDS if item.before[name].raw != after[name].raw}
    if item.tags is not None:
        current = {tag.kind: tag for tag in enterprise.tags.all()}
        old = [(tag.kind, tag.year) for tag in current.values()]
        wanted = dict(item.tags)
        item.removed_tags = [tag.pk for kind, tag in current.items() if kind not in wanted]
        for kind, year in wanted.items():
            if kind not in current:
                item.new_tags.append(EnterpriseTag(enterprise=enterprise, kind=kind, year=year))
            elif current[kind].year != year:
                current[kind].year = year
                item.changed_tags.append(current[kind])
        if sorted(old) != sorted(item.tags):
            item.notes.append(("企业标签", tags_text(old), tags_text(item.tags)))
    if item.contact and item.contact.get("name"):
        contacts = list(enterprise.contacts.all())
        same = next((contact for contact in contacts if contact.name == item.contact["name"]), None)
        if same is None:
            item.new_contact = EnterpriseContact(enterprise=enterprise, **item.contact,
                                                 is_primary=not any(contact.is_primary for contact in contacts))
            item.notes.append(("新增联系人", "", str(item.new_contact)))
        else:
            old_text = f"{same} {same.phone}".strip()
            before = (same.role, same.phone)
            xlsx.assign(same, item.contact)
            if (same.role, same.phone) != before:
                item.changed_contact = same
                item.notes.append(("修改联系人", old_text, f"{same} {same.phone}".strip()))
    return bool(item.changed or item.notes)


def _write(items: list[_Item], *, zone, by) -> None:
    now = timezone.now()
    created = [item for item in items if item.match is None]
    updated = [item for item in items if item.match is not None]
    xlsx.ensure_unchanged_since(Enterprise, {item.enterprise.pk: item.before_stamp for item in updated}, MSG_STALE)
    Enterprise.objects.bulk_create([item.enterprise for item in created])
    for item in updated:
        item.enterprise.version += 1
        item.enterprise.updated_at = now
    changed = set().union(*(item.changed for item in updated))
    # Only the fields some row changes: bulk_update's cost grows with rows × fields.
    Enterprise.objects.bulk_update(
        [item.enterprise for item in updated],
        [Enterprise._meta.get_field(name).attname for name in Enterprise.TRACKED_FIELDS if name in changed]
        + ["version", "updated_at"], batch_size=xlsx.UPDATE_BATCH)
    EnterpriseTag.objects.bulk_create([tag for item in items for tag in item.new_tags])
    EnterpriseTag.objects.bulk_update([tag for item in updated for tag in item.changed_tags], ["year"],
                                      batch_size=xlsx.UPDATE_BATCH)
    for chunk in xlsx.chunked([pk for item in updated for pk in item.removed_tags]):
        EnterpriseTag.objects.filter(pk__in=chunk).delete()
    EnterpriseContact.objects.bulk_create([item.new_contact for item in items if item.new_contact])
    EnterpriseContact.objects.bulk_update([item.changed_contact for item in updated if item.changed_contact],
                                          ["role", "phone"], batch_size=xlsx.UPDATE_BATCH)
    ChangeRecord.objects.bulk_create([
        record for item in items
        for record in import_records(item.enterprise, zone_id=zone.pk, actor=by, before=item.before, notes=item.notes,
                                     at=now)])


def import_enterprises(*, zone, by, data: bytes, progress: Callable[[int, str], None] = _silent) -> dict:
    """Create or update the zone's enterprises from an .xlsx; all rows or none.

    Returns {"created": n, "updated": m, "unchanged": k}; raises XlsxError (a JobError) listing every bad
    row, and PermissionDenied if `by` may not write the zone.
    """
    ensure_can_write(by, zone.pk)
    progress(0, "正在读取文件")
    sheet = xlsx.read_sheet(data, columns=ENTERPRISE_COLUMNS, sheet_name=SHEET_TITLE)
    industries, divisions, library = IndustryIndex(), DivisionIndex(), EnterpriseIndex(zone.pk)
    items = [_read_row(row, industries=industries, divisions=divisions, library=library)
             for row in xlsx.with_progress(sheet.rows, progress, end=60)]
    duplicates = _duplicates(items)
    loaded = _load([item.match.pk for item in items if item.match])
    progress(70, "正在比对企业库")
    for item in items:
        if item.match is None:
            _plan_new(item, zone=zone, by=by)
        else:
            item.unchanged = not _plan_update(item, loaded[item.match.pk])
    error = xlsx.rows_error(sheet.rows, duplicates)
    if error:
        raise error
    progress(85, "正在写入数据库")
    try:
        with transaction.atomic():
            _write([item for item in items if not item.unchanged], zone=zone, by=by)
    except IntegrityError as exc:  # a code registered by someone else since the check
        raise xlsx.XlsxError(MSG_STALE) from exc
    created = sum(1 for item in items if item.match is None)
    unchanged = sum(1 for item in items if item.unchanged)
    return {"created": created, "updated": len(items) - created - unchanged, "unchanged": unchanged}


@handler("enterprises.import")
def enterprise_import_job(job, progress) -> dict:
    return xlsx.run_import(import_enterprises, job, progress)
