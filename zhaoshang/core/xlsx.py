"""Spreadsheets in and out: read .xlsx with calamine (fast), write with openpyxl in write-only mode (streams).

Imports read a sheet into rows of cells keyed by their Chinese header, turn each cell into a model value
with the converters below, and collect every bad cell as a row error instead of raising, so the user gets
the whole list of what to fix in one go. Exports write the same headers, so a file goes round and back.
"""

import functools
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable, Sequence

import python_calamine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from zhaoshang.core.text import FULL_WIDTH
from zhaoshang.jobs.runner import JobError

INSTRUCTIONS_TITLE = "说明"
XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip archive
HEADER_SEARCH_ROWS = 10  # a title line or two above the header is common in hand-made sheets

MSG_NOT_XLSX = "文件不是有效的 Excel 工作簿(.xlsx), 无法读取。请在 Excel 或 WPS 中“另存为” .xlsx 格式后重新上传。"
MSG_NO_DATA = "工作表“{sheet}”中没有数据行。"
MSG_MISSING_COLUMNS = "表头缺少必填列: {columns}。请下载导入模板, 按模板的表头填写。"
MSG_DUPLICATE_HEADER = "表头“{header}”出现了不止一次, 请删除多余的列。"
MSG_ROWS_BAD = "共有{n}行有误, 未写入任何数据。"
MSG_REQUIRED = "“{column}”为必填项, 请填写。"
MSG_NUMBER = "“{value}”不是数字, 请只填数字(可带千分位逗号), 不要带单位或文字。"
MSG_NEGATIVE = "不能为负数。"
MSG_PLACES = "最多保留{places}位小数。"
MSG_INTEGER = "应为整数。"
MSG_DATE = "无法识别的日期“{value}”, 请写成 2024-03-31、2024/3/31、2024年3月31日 或 20240331。"
MSG_BOOL = "“{value}”无法识别, 请填“是”或“否”(也可填 Y/N、√、1/0; 空白视为否)。"
MSG_CHOICE = "“{value}”不是可选值, 请填写以下之一: {choices}。"

# Cells that Excel (and LibreOffice, WPS) would run as a formula if typed: see OWASP "CSV injection".
FORMULA_PREFIXES = ("=", "+", "-", "@")



class XlsxError(JobError, ValueError):
    """A file the user must fix; nothing was written. A job shows its message and row errors as they are,
    and a view can catch it as a ValueError."""


class CellError(ValueError):
    """One cell's value cannot be used; the message says what to write instead."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    """A column of an import/export sheet.

    `field` names the model field a plain column fills; special columns (lookups, stage dates) leave it
    empty and the app's importer reads them. `keep_if_blank`: a blank cell keeps the record's value (and
    a new record gets the model default) instead of clearing it — for columns such as the currency, where
    an empty cell is more likely an omission than a wish to change the meaning of the amounts.
    """

    header: str
    field: str | None = None
    required: bool = False
    note: str = ""
    width: int = 0
    keep_if_blank: bool = False
    export_only: bool = False

    @classmethod
    def of(cls, model: type[models.Model], field: str, **kwargs: Any) -> "Column":
        """A plain column headed by the field's verbose name, so the form and the sheet say the same."""
        return cls(header_of(model, field), field=field, **kwargs)

    @property
    def display_width(self) -> int:
        # A CJK character is about two Latin ones wide.
        return self.width or max(10, len(self.header) * 2 + 2)


def header_of(model: type[models.Model], field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)


def normalise_header(text: Any) -> str:
    """Headers as people retype them: spaces anywhere, full-width brackets, a * marking required."""
    value = "" if text is None else str(text)
    value = value.translate(FULL_WIDTH)
    return "".join(value.split()).rstrip("*")


def field_columns(columns: Sequence[Column]) -> list[Column]:
    return [column for column in columns if column.field and not column.export_only]


# ---------------------------------------------------------------------------------------------- reading


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def show(value: Any) -> str:
    """A cell as the user typed it, for error lists."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != datetime.min.time() else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


class Row:
    """One data row: its cells by header. Reading a cell never raises; bad cells become `errors`."""

    def __init__(self, number: int, cells: list, positions: dict[str, int]):
        self.number = number
        self._cells = cells
        self._positions = positions
        self.errors: list[dict] = []

    def has(self, header: str) -> bool:
        return normalise_header(header) in self._positions

    def raw(self, header: str) -> Any:
        position = self._positions.get(normalise_header(header))
        if position is None or position >= len(self._cells):
            return None
        value = self._cells[position]
        return None if is_blank(value) else value

    def value(self, header: str, convert: Callable[[Any], Any] = None, *, required: bool = False,
              default: Any = None) -> Any:
        """The converted cell, or `default` when blank or bad (a bad or missing required cell is recorded)."""
        raw = self.raw(header)
        if raw is None:
            if required:
                self.error(header, MSG_REQUIRED.format(column=header))
            return default
        try:
            return (convert or to_text)(raw)
        except CellError as exc:
            self.error(header, exc.message)
            return default

    def error(self, header: str, message: str) -> None:
        self.errors.append({"row": self.number, "column": header, "value": show(self.raw(header)),
                            "message": message})


@dataclass
class Sheet:
    name: str
    positions: dict[str, int]  # normalised header → column index
    rows: list[Row]


def read_sheet(data: bytes, *, columns: Sequence[Column], sheet_name: str = "") -> Sheet:
    """The data rows of the import sheet (`sheet_name` if the file has it, else the first sheet).

    Raises XlsxError for a file that is not a workbook, a sheet without the required headers, or no rows.
    """
    data = bytes(data or b"")
    if not data.startswith(XLSX_MAGIC):
        raise XlsxError(MSG_NOT_XLSX)
    from zhaoshang.core.uploads import UnsafeArchive, check_office_archive

    try:  # again here: a job's data may come from elsewhere than the upload form
        check_office_archive(data, broken=MSG_NOT_XLSX)
    except UnsafeArchive as error:
        raise XlsxError(str(error)) from None
    try:
        book = python_calamine.load_workbook(io.BytesIO(data))
        names = book.sheet_names
        name = sheet_name if sheet_name in names else next((n for n in names if n != INSTRUCTIONS_TITLE), names[0])
        # skip_empty_area=False keeps the grid anchored at A1, so list index + 1 is the Excel row number.
        grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:  # noqa: BLE001 - whatever the parser trips on, the file is not a workbook we can read
        raise XlsxError(MSG_NOT_XLSX) from exc
    required = [column.header for column in columns if column.required and not column.export_only]
    header_index = _find_header(grid, required)
    positions: dict[str, int] = {}
    for position, cell in enumerate(grid[header_index]):
        key = normalise_header(cell)
        if not key:
            continue
        if key in positions:
            raise XlsxError(MSG_DUPLICATE_HEADER.format(header=show(cell)))
        positions[key] = position
    rows = [Row(index + 1, cells, positions) for index, cells in enumerate(grid)
            if index > header_index and not all(is_blank(cell) for cell in cells)]
    if not rows:
        raise XlsxError(MSG_NO_DATA.format(sheet=name))
    return Sheet(name=name, positions=positions, rows=rows)


def _find_header(grid: list[list], required: list[str]) -> int:
    wanted = {normalise_header(header) for header in required}
    first_filled = None
    for index, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        keys = {normalise_header(cell) for cell in cells}
        if first_filled is None and any(keys):
            first_filled = index
        if wanted <= keys:
            return index
    if first_filled is None:
        raise XlsxError(MSG_NO_DATA.format(sheet=""))
    present = {normalise_header(cell) for cell in grid[first_filled]}
    missing = [header for header in required if normalise_header(header) not in present]
    raise XlsxError(MSG_MISSING_COLUMNS.format(columns="、".join(missing)),
                    errors=[{"row": first_filled + 1, "column": header, "value": "", "message": "缺少此列"}
                            for header in missing])


def rows_error(rows: Iterable[Row], extra: Iterable[dict] = ()) -> XlsxError | None:
    """Every error of every row, in sheet order; None when the file is clean."""
    errors = [error for row in rows for error in row.errors] + list(extra)
    if not errors:
        return None
    errors.sort(key=lambda error: error["row"])  # stable: columns stay in the order they were checked
    return XlsxError(MSG_ROWS_BAD.format(n=len({error["row"] for error in errors})), errors=errors)


# ------------------------------------------------------------------------------------- import plumbing

# bulk_update writes one CASE WHEN per field with a branch per row; PostgreSQL, which would take 10,000
# rows in one statement, evaluates that quadratically. A few hundred rows a statement keeps it linear.
UPDATE_BATCH = 500


def chunked(values: Iterable, size: int = 900) -> Iterable[list]:
    """Slices for `__in` lookups: SQLite builds may refuse more than 999 parameters in one statement."""
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


def with_progress(rows: Sequence[Row], progress: Callable[[int, str], None], *, start: int = 5,
                  end: int = 80) -> Iterable[Row]:
    """The rows, reporting progress every 2% or so (each report is an UPDATE, so not every row)."""
    total = len(rows)
    step = max(1, total // 50)
    for index, row in enumerate(rows):
        if index % step == 0:
            progress(start + (end - start) * index // total, f"正在校验第 {index + 1}/{total} 行")
        yield row


def ensure_unchanged_since(model: type[models.Model], stamps: dict[int, tuple], message: str) -> None:
    """Rows are checked outside the transaction; inside it, lock the records to be updated and refuse if
    any was saved since it was read. `stamps`: pk → (version, updated_at) as read."""
    for chunk in chunked(list(stamps)):
        found = model.objects.select_for_update().filter(pk__in=chunk).values_list("pk", "version", "updated_at")
        if any(stamps[pk] != (version, updated_at) for pk, version, updated_at in found):
            raise XlsxError(message)


def run_import(importer: Callable[..., dict], job, progress: Callable[[int, str], None]) -> dict:
    """An importer run as a background job: a refused permission becomes a message the job page shows."""
    try:
        return importer(zone=job.zone, by=job.created_by, data=bytes(job.data), progress=progress)
    except PermissionDenied as exc:
        raise JobError(str(exc)) from exc


# ----------------------------------------------------------------------------------------- converters


def _plain_text(value: Any) -> str:
    return str(value).translate(FULL_WIDTH).strip()


def to_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed into a text column: 13800000000, not 13800000000.0
    if isinstance(value, (date, datetime)):
        return show(value)
    # Excel keeps line breaks as \n; a textarea sends \r\n. One form, so a round trip changes nothing.
    return str(value).replace("\r\n", "\n").strip()


_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")


def to_decimal(value: Any, *, places: int = 2, negative: bool = False) -> Decimal:
    if isinstance(value, bool):
        raise CellError(MSG_NUMBER.format(value=show(value)))
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, int):
        number = Decimal(value)
    else:
        text = "".join(_plain_text(value).split()).replace("，", ",")
        if "," in text:
            # Only thousands separators: "1,5" is a European decimal or a typo, not fifteen.
            if not _GROUPED.match(text.lstrip("-")):
                raise CellError(MSG_NUMBER.format(value=show(value)))
            text = text.replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError(MSG_NUMBER.format(value=show(value))) from None
    if not number.is_finite():
        raise CellError(MSG_NUMBER.format(value=show(value)))
    if number < 0 and not negative:
        raise CellError(MSG_NEGATIVE)
    rounded = number.quantize(Decimal(1).scaleb(-places))
    if rounded != number:
        # Excel keeps numbers as binary floats, so a computed 0.1+0.2 arrives as 0.30000000000000004:
        # that is noise, not a third decimal the user typed.
        if not (isinstance(value, float) and abs(rounded - number) < Decimal("1e-9")):
            raise CellError(MSG_INTEGER if places == 0 else MSG_PLACES.format(places=places))
    return rounded if places else Decimal(int(rounded))


def to_int(value: Any) -> int:
    return int(to_decimal(value, places=0))


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def to_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        text = str(int(value))  # 20240331 typed as a number
    else:
        text = _plain_text(value)
    match = _DATE_TEXT.match(text) or _DATE_DIGITS.match(text)
    if match:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(MSG_DATE.format(value=show(value)))


TRUE_WORDS = frozenset({"是", "Y", "YES", "√", "✓", "✔", "1", "TRUE", "对"})
FALSE_WORDS = frozenset({"否", "N", "NO", "0", "FALSE", "×", "✗", "X"})


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = to_text(value).upper()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(MSG_BOOL.format(value=show(value)))


def to_choice(choices: Sequence[tuple[str, Any]]) -> Callable[[Any], str]:
    """A converter accepting a choice's label (as shown in the UI) or its stored value."""
    lookup: dict[str, str] = {}
    for stored, label in choices:
        lookup[str(stored).upper()] = stored
        lookup[normalise_header(label)] = stored
    labels = "、".join(str(label) for _, label in choices)

    def convert(value: Any) -> str:
        text = normalise_header(to_text(value))
        stored = lookup.get(text) or lookup.get(text.upper())
        if stored is None:
            raise CellError(MSG_CHOICE.format(value=show(value), choices=labels))
        return stored

    return convert


def to_url(value: Any) -> str:
    text = to_text(value)
    # People copy "www.example.com" from a card; the model wants a scheme.
    return text if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text) else f"https://{text}"


def converter_for(field: models.Field) -> Callable[[Any], Any]:
    if field.choices:
        return to_choice(field.flatchoices)
    if isinstance(field, models.BooleanField):
        return to_bool
    if isinstance(field, models.DecimalField):
        return lambda value: to_decimal(value, places=field.decimal_places)
    if isinstance(field, models.IntegerField):
        return to_int
    if isinstance(field, models.DateField):
        return to_date
    if isinstance(field, models.URLField):
        return to_url
    return to_text


def blank_value(field: models.Field) -> Any:
    if isinstance(field, models.BooleanField):
        return False
    return None if field.null else ""


@functools.cache
def _converters(columns: tuple[Column, ...], model: type[models.Model]) -> list[tuple]:
    # Once per sheet layout, not per row: a choice converter builds its lookup from translated labels.
    return [(column.header, column.field, converter_for(model._meta.get_field(column.field)), column)
            for column in field_columns(columns)]


def read_fields(row: Row, columns: Sequence[Column], model: type[models.Model],
                lookups: dict[str, tuple[str, Callable[[Any], Any]]] | None = None) -> dict[str, Any]:
    """The field columns present in the file, converted; a blank cell clears unless `keep_if_blank`.

    `lookups` adds columns resolved another way than by the field's type: header → (field, converter),
    such as an industry code → Industry. A bad cell becomes a row error and is left out.
    """
    wanted = _converters(tuple(columns), model) + [
        (header, name, convert, Column(header)) for header, (name, convert) in (lookups or {}).items()]
    values: dict[str, Any] = {}
    for header, name, convert, column in wanted:
        if not row.has(header):
            continue
        if row.raw(header) is None:
            if column.required:
                row.error(header, MSG_REQUIRED.format(column=header))
            elif not column.keep_if_blank:
                values[name] = blank_value(model._meta.get_field(name))
            continue
        value = row.value(header, convert, default=Ellipsis)
        if value is not Ellipsis:
            values[name] = value
    return values


def assign(instance: models.Model, values: dict[str, Any]) -> None:
    """Set fields read from a sheet. Text equal but for line endings or outer spaces keeps the stored form:
    a web form saves \r\n, the sheet gives \n back, and that is not a change to record."""
    for name, value in values.items():
        old = getattr(instance, name)
        if isinstance(old, str) and isinstance(value, str) and old.replace("\r\n", "\n").strip() == value:
            continue
        setattr(instance, name, value)


def clean_fields(row: Row, instance: models.Model, columns: Sequence[Column]) -> None:
    """The model's own field checks (lengths, digits, choices) on the plain columns, as row errors.

    Only plain fields: foreign keys are resolved from lookups already, and checking them here would cost
    a query per row.
    """
    by_field = {column.field: column.header for column in field_columns(columns)}
    reported = {error["column"] for error in row.errors}  # a blank required cell is said once, not twice
    exclude = [field.name for field in instance._meta.fields
               if field.name not in by_field or by_field[field.name] in reported]
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                row.error(by_field.get(name, name), message)


def export_value(instance: models.Model, field_name: str) -> Any:
    """A field as a cell: choices as their label, booleans as 是/否, numbers and dates as themselves."""
    field = instance._meta.get_field(field_name)
    value = getattr(instance, field.attname)
    if value is None or value == "":
        return None
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def describe(column: Column, model: type[models.Model] | None) -> str:
    """The 说明 sheet's line for a column: its own note, then what the field accepts."""
    parts = [column.note] if column.note else []
    if column.field and model is not None:
        field = model._meta.get_field(column.field)
        if field.choices:
            parts.append("可填: " + "、".join(str(label) for _, label in field.flatchoices))
        elif isinstance(field, models.BooleanField):
            parts.append("填“是”或“否”, 空白为否")
        elif isinstance(field, models.DecimalField):
            parts.append(f"数字, 最多{field.decimal_places}位小数, 可带千分位逗号")
        elif isinstance(field, models.IntegerField):
            parts.append("整数")
        elif isinstance(field, models.DateField):
            parts.append("日期, 如 2024-03-31")
        elif getattr(field, "max_length", None):
            parts.append(f"不超过{field.max_length}字")
    if column.keep_if_blank:
        parts.append("空白时: 新建用默认值, 更新保持原值")
    if column.export_only:
        parts.append("仅导出, 导入时忽略")
    return "; ".join(parts)


# -------------------------------------------------------------------------------------------- writing

HEADER_FONT = Font(bold=True)
REQUIRED_FONT = Font(bold=True, color="C00000")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def safe_cell(sheet, value: Any) -> Any:
    """A value ready for a write-only sheet: text that looks like a formula stays text.

    openpyxl turns any string starting with "=" into a formula, and Excel would run "+", "-" and "@" ones
    typed by hand; forcing the type to string (and the quotePrefix style Excel uses for '=...) keeps a
    project called "=1+1" a name. Characters XML cannot hold are dropped rather than failing the export.
    """
    if isinstance(value, Promise):  # a lazy translation, such as a choice label
        value = str(value)
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith(FORMULA_PREFIXES):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def _header_row(sheet, labels: Sequence[str], required: Sequence[bool] = ()) -> list:
    cells = []
    for index, label in enumerate(labels):
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = REQUIRED_FONT if index < len(required) and required[index] else HEADER_FONT
        cell.fill = HEADER_FILL
        cells.append(cell)
    return cells


def write_workbook(*, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]],
                   notes: Sequence[str] | None = None, model: type[models.Model] | None = None) -> bytes:
    """An .xlsx with a bold, frozen header row and one row per item of `rows`, streamed.

    With `notes`, a 说明 sheet follows: the notes, then every column with whether it is required and
    what it accepts (from `describe`).
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.display_width
    sheet.append(_header_row(sheet, [column.header for column in columns], [column.required for column in columns]))
    for values in rows:
        sheet.append([safe_cell(sheet, value) for value in values])
    if notes is not None:
        _write_instructions(book, columns, notes, model)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_instructions(book: Workbook, columns: Sequence[Column], notes: Sequence[str], model) -> None:
    sheet = book.create_sheet(INSTRUCTIONS_TITLE)
    for letter, width in zip("ABC", (26, 10, 90)):
        sheet.column_dimensions[letter].width = width
    for note in notes:
        cell = WriteOnlyCell(sheet, value=note)
        cell.alignment = WRAP
        sheet.append([cell])
    sheet.append([])
    sheet.append(_header_row(sheet, ["列名", "是否必填", "填写说明"]))
    for column in columns:
        text = WriteOnlyCell(sheet, value=describe(column, model))
        text.alignment = WRAP
        sheet.append([safe_cell(sheet, column.header), "必填" if column.required else "", text])
