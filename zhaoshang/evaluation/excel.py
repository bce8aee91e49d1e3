"""亩均 data and the parcel register in and out of Excel, and the export of a run's results.

`parse_data` reads the yearly data sheet into engine records without touching the database except for the
industry code list (which the CLI reads from the shipped CSV instead), so the web import and the
`zhaoshang evaluate` command check a file by exactly the same rules. Every row is checked; any bad row
raises XlsxError listing each problem with its row and column, and nothing is used.
"""

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable, Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db.models import F

from zhaoshang.core import xlsx
from zhaoshang.core.xlsx import CellError, Column, Row
from zhaoshang.enterprises.choices import EnterpriseTagKind
from zhaoshang.enterprises.credit_code import normalise, validate_credit_code
from zhaoshang.evaluation.engine.data import OWN, TENURE_LABELS, DataRecord
from zhaoshang.evaluation.engine.indicators import CATALOGUE
from zhaoshang.evaluation.engine.scheme import GROUP_LABELS
from zhaoshang.evaluation.engine.score import STATUS_LABELS

SHEET_TITLE = "企业年度数据"
PARCEL_SHEET_TITLE = "宗地"
RESULTS_SHEET_TITLE = "评价结果"

CREDIT_CODE, NAME, YEAR, ABOVE_SCALE = "统一社会信用代码", "企业名称", "年度", "规上"
LAND, REVENUE, TAX = "用地面积(亩)", "营业收入(万元)", "税收(万元)"
TAXABLE_SALES, TAGS = "应税销售收入(万元)", "标签"
PRODUCTION_YEAR, INDUSTRY, PARCEL, TENURE = "投产年份", "行业代码", "宗地编号", "用地方式"
UNDER_CONSTRUCTION = "在建项目"

MIN_YEAR, MIN_PRODUCTION_YEAR = 2000, 1949
FIGURE_LIMIT = Decimal("1e10")  # far above any real figure; keeps values inside the model's digits
CENT = Decimal("0.01")
NAME_MAX, PARCEL_CODE_MAX, TEXT_MAX = 120, 40, 200

MSG_YEAR = "年度“{value}”不对, 请填写{low}年到{high}年之间的四位年份。"
MSG_LAND_ZERO = "用地面积不能为0: 亩均指标按用地面积计算, 请填写核定的用地面积(含租赁用地)。"
MSG_PRODUCTION_YEAR = "投产年份“{value}”不对, 请填写{low}年以后的四位年份。"
MSG_PRODUCTION_AFTER = "投产年份{production}晚于数据年度{year}: 当年尚未投产, 请核对投产年份或年度。"
MSG_DUPLICATE = "与第{other}行是同一企业同一年度({code}, {year}年), 一个文件中同一企业每年只能有一行。"
MSG_TAX_ABOVE_REVENUE = "税收{tax}万元大于营业收入{revenue}万元, 请核对(仅提示, 不影响导入)。"
MSG_TOO_LARGE = "数值过大, 请核对单位(金额为万元, 面积为亩)。"
MSG_TOO_LONG = "不能超过{n}个字。"
MSG_INDUSTRY = ("行业代码“{value}”不存在。请填写《国民经济行业分类》(GB/T 4754-2017)的大类两位、中类三位或小类四位数字代码, "
                "如 39、391 或 3911。")
MSG_TAG_UNKNOWN = "标签“{value}”无法识别, 可填: {labels}。多个标签用“、”或逗号分隔。"
MSG_AREA_ZERO = "宗地面积必须大于0。"
MSG_SUPPLIED_FUTURE = "供地日期{value}晚于今天, 请核对。"
MSG_PARCEL_DUPLICATE = "与第{other}行的宗地编号相同({code}), 同一宗地只能有一行。"

TAG_LABELS = "、".join(str(label) for label in EnterpriseTagKind.labels)
TAG_SEPARATORS = re.compile(r"[、,，;；\s]+")
INDUSTRY_NOTE = "《国民经济行业分类》(GB/T 4754-2017)大类两位、中类三位或小类四位代码, 如 39、391、3911(小类按所属中类记)"
TENURE_NOTE = "自有 或 租赁, 空白为自有。同一宗地上的承租企业是否随宗地主评价, 由评价方案决定"
AMOUNT_NOTE = "数字, 超过两位的小数四舍五入到两位"

# `field` is the DataRecord attribute the column fills (also the EnterpriseYear field of the same name,
# except credit_code / name (the enterprise), industry_code and parcel_code (lookups)).
DATA_COLUMNS: tuple[Column, ...] = (
    Column(CREDIT_CODE, "credit_code", required=True, width=22, note="18位, 按代码匹配本园区企业库, 没有则新建企业"),
    Column(NAME, "name", required=True, width=30, note="企业库中已有的企业保留企业库中的名称"),
    Column(YEAR, "year", required=True, width=8, note=f"数据所属年度, 四位数字, 不早于{MIN_YEAR}年"),
    Column(ABOVE_SCALE, "above_scale", required=True, width=8, note="是 或 否: 是否规模以上工业企业"),
    Column(LAND, "land_mu", required=True, note="核定用地面积(含在建、租赁用地), 大于0; " + AMOUNT_NOTE),
    Column(REVENUE, "revenue", required=True, note=AMOUNT_NOTE),
    Column(TAX, "tax", required=True, note="实际入库税收(税收实际贡献); " + AMOUNT_NOTE),
    Column("工业增加值(万元)", "value_added", note=AMOUNT_NOTE),
    Column("综合能耗(吨标煤)", "energy_tce", note=AMOUNT_NOTE),
    Column("用电量(万千瓦时)", "electricity", note=AMOUNT_NOTE),
    Column("主要污染物排放(吨)", "emissions", note="未填视为缺失, 按评价方案的缺失值规则计分; " + AMOUNT_NOTE),
    Column("年平均职工人数", "employees", note="整数"),
    Column("研发经费(万元)", "rd", note=AMOUNT_NOTE),
    Column(PRODUCTION_YEAR, "production_year", note="四位年份, 不晚于数据年度; 用于判断投产不满N年暂不评价"),
    Column(INDUSTRY, "industry_code", note=INDUSTRY_NOTE),
    Column(PARCEL, "parcel_code", width=16, note="所在宗地的编号; 宗地登记中没有的, 导入时按本文件的用地面积新建"),
    Column(TENURE, "tenure", width=10, note=TENURE_NOTE),
    Column(TAXABLE_SALES, "taxable_sales", note=AMOUNT_NOTE),
    Column(UNDER_CONSTRUCTION, "under_construction", width=10, note="是 或 否, 空白为否: 主体项目在建的企业暂不评价"),
    Column(TAGS, "tags", width=24, note="该年度持有的标签, 多个用“、”或逗号分隔, 用于评价方案的加减分项。可填: " + TAG_LABELS),
)
REQUIRED_FIELDS = tuple(column.field for column in DATA_COLUMNS if column.required)
AMOUNT_FIELDS = ("land_mu", "revenue", "tax", "value_added", "energy_tce", "electricity", "emissions", "rd",
                 "taxable_sales")

PARCEL_COLUMNS: tuple[Column, ...] = (
    Column(PARCEL, "code", required=True, width=16, note="本园区内唯一; 已有编号的宗地被更新, 没有的新建"),
    Column("坐落", "location", width=30),
    Column("宗地面积(亩)", "area_mu", required=True, note="大于0; " + AMOUNT_NOTE),
    Column("供地日期", "supplied_on", width=12, note="日期, 如 2019-06-30; 用于判断已供未用"),
    Column("土地使用权人统一社会信用代码", "owner_code", width=22, note="按代码匹配企业库, 没有的按名称新建"),
    Column("土地使用权人名称", "owner_name", width=30, note="未填代码时按名称完全一致匹配企业库, 没有则新建"),
    Column("备注", "note", width=30),
)

TEMPLATE_NOTES = (
    "企业年度数据(亩均效益评价)导入模板: 每行一家企业一个年度, 可以多个年度放在同一个文件中; 表头请勿修改, 多余的列会被忽略。",
    "红色表头为必填列。示例行仅供参考, 导入前请删除。",
    "导入前会检查全部行: 只要有一行有误, 就不写入任何数据, 并列出每个错误的行号、列名和原因; 税收大于营业收入等只作提示。",
    "同一企业同一年度再次导入时, 以新文件的数字替换原数字; 文件中没有的企业, 其原有数据保持不变。",
    "统一社会信用代码在企业库中没有的, 导入时自动新建企业(园区内企业); 已有的企业保留企业库中的名称。",
)
PARCEL_TEMPLATE_NOTES = (
    "宗地登记导入模板: 每行一宗地; 宗地编号已存在的更新, 不存在的新建。空白单元格表示清空该项。",
    "导入前会检查全部行: 只要有一行有误, 就不写入任何数据。",
)
EXAMPLE_ROWS = (
    {"credit_code": "91320681000000001C", "name": "示例新材料科技有限公司(导入前请删除)", "year": 2024,
     "above_scale": True, "land_mu": Decimal("45.6"), "revenue": Decimal("28650"), "tax": Decimal("1120.5"),
     "value_added": Decimal("6800"), "energy_tce": Decimal("2350"), "electricity": Decimal("1580"),
     "emissions": Decimal("1.25"), "employees": 320, "rd": Decimal("960"), "production_year": 2015,
     "industry_code": "39", "parcel_code": "QD-2015-018", "tenure": OWN, "taxable_sales": Decimal("27400"),
     "under_construction": False, "tags": ("高新技术企业", "专精特新")},
    {"credit_code": "91320681000000002F", "name": "示例精密机械有限公司(导入前请删除)", "year": 2024,
     "above_scale": False, "land_mu": Decimal("6"), "revenue": Decimal("1350"), "tax": Decimal("42"),
     "electricity": Decimal("85"), "employees": 28, "production_year": 2019, "industry_code": "34",
     "parcel_code": "QD-2015-018", "tenure": "leased"},
)
PARCEL_EXAMPLE = {"code": "QD-2015-018", "location": "启东经济开发区示例路88号", "area_mu": Decimal("52.3"),
                  "supplied_on": date(2015, 3, 20), "owner_code": "91320681000000001C",
                  "owner_name": "示例新材料科技有限公司(导入前请删除)", "note": ""}


# ------------------------------------------------------------------------------------------ converters


def to_amount(value: Any) -> Decimal:
    """A non-negative figure rounded half-up to 2 decimals (land measured from m² comes with 4 or more)."""
    number = xlsx.to_decimal(value, places=8)
    if number >= FIGURE_LIMIT:
        raise CellError(MSG_TOO_LARGE)
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


def to_count(value: Any) -> int:
    number = xlsx.to_int(value)
    if number >= FIGURE_LIMIT:
        raise CellError(MSG_TOO_LARGE)
    return number


def to_credit_code(value: Any) -> str:
    code = normalise(xlsx.to_text(value))
    try:
        validate_credit_code(code)
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from None
    return code


def text_of(max_length: int) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        text = xlsx.to_text(value)
        if len(text) > max_length:
            raise CellError(MSG_TOO_LONG.format(n=max_length))
        return text
    return convert


to_tenure = xlsx.to_choice(list(TENURE_LABELS.items()))
_to_tag_kind = xlsx.to_choice(EnterpriseTagKind.choices)


def to_tags(value: Any) -> tuple[str, ...]:
    """“高新技术企业、专精特新” → the labels (what a scheme's bonus items name), each once."""
    labels: dict[str, None] = {}
    for part in TAG_SEPARATORS.split(xlsx.to_text(value)):
        if not part:
            continue
        try:
            labels[str(EnterpriseTagKind(_to_tag_kind(part)).label)] = None
        except CellError:
            raise CellError(MSG_TAG_UNKNOWN.format(value=part, labels=TAG_LABELS)) from None
    return tuple(labels)


class IndustryCodes:
    """GB/T 4754 division (2-digit) and group (3-digit) codes; a 4-digit class code is read as its group."""

    def __init__(self, codes: Iterable[str]):
        self.codes = frozenset(codes)

    @classmethod
    def from_db(cls) -> "IndustryCodes":
        from zhaoshang.geo.models import Industry, IndustryLevel

        levels = (IndustryLevel.DIVISION, IndustryLevel.GROUP)
        return cls(Industry.objects.filter(level__in=levels).values_list("code", flat=True))

    @classmethod
    def from_file(cls) -> "IndustryCodes":
        """The shipped code list, for the command line where the database may not be set up."""
        from zhaoshang.geo.loaders import INDUSTRIES_CSV

        with INDUSTRIES_CSV.open(encoding="utf-8", newline="") as handle:
            return cls(row["code"] for row in csv.DictReader(handle) if row["level"] in ("division", "group"))

    def find(self, value: Any) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
            code = str(int(value)).zfill(2)  # typed as a number: 7 for 07
        else:
            text = xlsx.to_text(value)
            code = text.split()[0] if text else ""  # "39 计算机…" as well as "39"
        if len(code) == 4 and code.isdigit():
            code = code[:3]
        if code not in self.codes:
            raise CellError(MSG_INDUSTRY.format(value=xlsx.show(value)))
        return code


# ---------------------------------------------------------------------------------------- data sheet


@dataclass
class ParsedData:
    records: list[DataRecord]
    warnings: list[dict]  # {row, column, value, message}, like row errors, but nothing blocks
    rows: list[int] = field(default_factory=list)  # the sheet row of each record


def _silent(percent: int, message: str = "") -> None:
    return None


def _data_converters(industries: IndustryCodes) -> dict[str, Callable[[Any], Any]]:
    converters: dict[str, Callable[[Any], Any]] = {name: to_amount for name in AMOUNT_FIELDS}
    converters.update(credit_code=to_credit_code, name=text_of(NAME_MAX), year=xlsx.to_int,
                      above_scale=xlsx.to_bool, employees=to_count, production_year=xlsx.to_int,
                      industry_code=industries.find, parcel_code=text_of(PARCEL_CODE_MAX), tenure=to_tenure,
                      under_construction=xlsx.to_bool, tags=to_tags)
    return converters


DATA_DEFAULTS = {"industry_code": "", "parcel_code": "", "tenure": OWN, "under_construction": False, "tags": ()}


def _read_data_row(row: Row, converters: dict, this_year: int) -> dict:
    """The row's values by DataRecord field; bad cells become row errors and are left out."""
    values: dict[str, Any] = {}
    for column in DATA_COLUMNS:
        value = row.value(column.header, converters[column.field], required=column.required,
                          default=DATA_DEFAULTS.get(column.field))
        values[column.field] = value
    year = values["year"]
    if year is not None and not MIN_YEAR <= year <= this_year:
        row.error(YEAR, MSG_YEAR.format(value=xlsx.show(row.raw(YEAR)), low=MIN_YEAR, high=this_year))
        values["year"] = None
    if values["land_mu"] is not None and values["land_mu"] == 0:
        row.error(LAND, MSG_LAND_ZERO)
    production = values["production_year"]
    if production is not None:
        if production < MIN_PRODUCTION_YEAR:
            row.error(PRODUCTION_YEAR, MSG_PRODUCTION_YEAR.format(value=production, low=MIN_PRODUCTION_YEAR))
        elif values["year"] is not None and production > values["year"]:
            row.error(PRODUCTION_YEAR, MSG_PRODUCTION_AFTER.format(production=production, year=values["year"]))
    return values


def _in_column_order(row: Row, columns: tuple[Column, ...]) -> None:
    """A row's errors left to right, as the user reads the sheet (checks across cells come last otherwise)."""
    order = {column.header: index for index, column in enumerate(columns)}
    row.errors.sort(key=lambda error: order.get(error["column"], len(order)))


def _duplicate_errors(keys: list[tuple[int, str, int]]) -> list[dict]:
    """Two rows for one enterprise and year are both wrong: which one holds the right figures is a guess."""
    first: dict[tuple[str, int], int] = {}
    errors = []
    for number, code, year in keys:
        other = first.setdefault((code, year), number)
        if other == number:
            continue
        for this, that in ((number, other), (other, number)):
            errors.append({"row": this, "column": CREDIT_CODE, "value": code,
                           "message": MSG_DUPLICATE.format(other=that, code=code, year=year)})
    return errors


def parse_data(data: bytes, *, progress: Callable[[int, str], None] | None = None,
               industries: IndustryCodes | None = None) -> ParsedData:
    """Every row of the data sheet as a DataRecord, with warnings; raises XlsxError listing every bad row."""
    progress = progress or _silent
    progress(0, "正在读取文件")
    sheet = xlsx.read_sheet(data, columns=DATA_COLUMNS, sheet_name=SHEET_TITLE)
    converters = _data_converters(industries or IndustryCodes.from_db())
    this_year = date.today().year
    parsed = ParsedData(records=[], warnings=[])
    keys: list[tuple[int, str, int]] = []
    for row in xlsx.with_progress(sheet.rows, progress, end=60):
        values = _read_data_row(row, converters, this_year)
        _in_column_order(row, DATA_COLUMNS)
        if values["credit_code"] and values["year"]:
            keys.append((row.number, values["credit_code"], values["year"]))
        if row.errors:
            continue
        parsed.records.append(DataRecord(**values))
        parsed.rows.append(row.number)
        if values["tax"] > values["revenue"]:
            parsed.warnings.append({"row": row.number, "column": TAX, "value": xlsx.show(row.raw(TAX)),
                                    "message": MSG_TAX_ABOVE_REVENUE.format(tax=values["tax"],
                                                                            revenue=values["revenue"])})
    error = xlsx.rows_error(sheet.rows, _duplicate_errors(keys))
    if error:
        raise error
    return parsed


# ----------------------------------------------------------------------------------------- data out


def record_cells(values: Mapping[str, Any]) -> list[Any]:
    """A record (DataRecord fields by name; missing ones blank) as the data sheet's cells, in column order."""
    cells = []
    for column in DATA_COLUMNS:
        value = values.get(column.field)
        if column.field == "tenure":
            value = TENURE_LABELS.get(value or OWN)
        elif column.field in ("above_scale", "under_construction"):
            value = None if value is None else ("是" if value else "否")
        elif column.field == "tags":
            value = "、".join(value or ()) or None
        elif value == "":
            value = None
        cells.append(value)
    return cells


def template() -> bytes:
    """Headers, two example rows (an above-scale owner and a below-scale tenant of one parcel) and 说明."""
    return xlsx.write_workbook(title=SHEET_TITLE, columns=DATA_COLUMNS, notes=TEMPLATE_NOTES,
                               rows=[record_cells(example) for example in EXAMPLE_ROWS])


DATA_VALUES = ("enterprise_id", "enterprise__credit_code", "enterprise__name", "year", "above_scale", "land_mu",
               "revenue", "tax", "value_added", "energy_tce", "electricity", "emissions", "employees", "rd",
               "production_year", "industry__code", "parcel__code", "tenure", "taxable_sales", "under_construction")


def held_tags(enterprise_ids: Iterable[int]) -> dict[int, list[tuple[str, int | None]]]:
    """Each enterprise's tags as (label, year obtained), for the 标签 cell of any year."""
    from zhaoshang.enterprises.models import EnterpriseTag

    tags: dict[int, list[tuple[str, int | None]]] = {}
    for chunk in xlsx.chunked(set(enterprise_ids)):
        for enterprise_id, kind, year in (EnterpriseTag.objects.filter(enterprise_id__in=chunk)
                                          .order_by("kind").values_list("enterprise_id", "kind", "year")):
            tags.setdefault(enterprise_id, []).append((str(EnterpriseTagKind(kind).label), year))
    return tags


def _data_rows(queryset, tags: dict[int, list[tuple[str, int | None]]]):
    for values in queryset.values(*DATA_VALUES).iterator(chunk_size=2000):
        values["credit_code"], values["name"] = values["enterprise__credit_code"], values["enterprise__name"]
        values["industry_code"], values["parcel_code"] = values["industry__code"], values["parcel__code"]
        # A tag counts for a year from the year it was obtained on (or always, when no year was recorded).
        values["tags"] = [label for label, since in tags.get(values["enterprise_id"], ())
                          if since is None or since <= values["year"]]
        yield record_cells(values)


def export_data(queryset) -> bytes:
    """EnterpriseYear rows in the import layout, so the file can be corrected and imported again."""
    queryset = queryset.order_by("-year", "enterprise__name", "pk")
    tags = held_tags(queryset.values_list("enterprise_id", flat=True).distinct())
    return xlsx.write_workbook(title=SHEET_TITLE, columns=DATA_COLUMNS, rows=_data_rows(queryset, tags))


# --------------------------------------------------------------------------------------- results out

RESULT_TAIL = ("评价分组", "评价状态", "不参评原因")
RESULT_END = ("加减分", "总分", "排名", "参评数", "超过企业比例(%)", "等级", "直接评D原因", "随宗地主评价", "差别化政策")
RESULT_VALUES = ("credit_code", "name", "group", "status", "reason", "klass", "total", "bonus", "rank", "rank_of",
                 "percentile", "forced", "follows", "above_scale", "land_mu", "revenue", "tax", "inputs",
                 "indicators", "policies")


def run_indicator_keys(spec: Mapping) -> list[str]:
    """The indicators a run's scheme uses (either group), each once, in the scheme's order."""
    return list(dict.fromkeys(item["key"] for item in spec.get("indicators", ()) if item.get("key") in CATALOGUE))


def indicator_headers(key: str) -> tuple[str, str]:
    indicator = CATALOGUE[key]
    return f"{indicator.label}({indicator.unit})", f"{indicator.label}得分"


def policies_text(policies: Iterable[Mapping]) -> str:
    parts = []
    for policy in policies:
        text = policy.get("note") or policy.get("name", "")
        if policy.get("amount") is not None:
            text += f", 约{policy['amount']:g}万元"
        parts.append(text)
    return "；".join(parts)


def _number(value, places: int = 4):
    return None if value is None else round(float(value), places)


def _result_rows(run, keys: list[str]):
    # Rated first by rank, then the unrated (no rank) — on PostgreSQL and SQLite alike.
    queryset = run.results.order_by("group", F("rank").asc(nulls_last=True), "credit_code").values(*RESULT_VALUES)
    for values in queryset.iterator(chunk_size=2000):
        record = {**(values["inputs"] or {}), "year": run.year}
        record.update((name, values[name]) for name in ("credit_code", "name", "above_scale", "land_mu", "revenue",
                                                        "tax"))
        indicators = values["indicators"] or {}
        cells = record_cells(record)
        cells += [GROUP_LABELS.get(values["group"], values["group"]),
                  STATUS_LABELS.get(values["status"], values["status"]), values["reason"] or None]
        for key in keys:
            item = indicators.get(key) or {}
            cells += [_number(item.get("value")), _number(item.get("score"), 2)]
        cells += [values["bonus"] if values["total"] is not None else None, values["total"], values["rank"],
                  values["rank_of"], values["percentile"], values["klass"] or None, values["forced"] or None,
                  values["follows"] or None, policies_text(values["policies"] or ()) or None]
        yield cells


def run_notes(run) -> list[str]:
    """The run's year, scheme and benchmarks, for the 说明 sheet of its export."""
    notes = [f"评价年度: {run.year}年", f"评价方案: {run.scheme_name}", f"状态: {run.get_status_display()}",
             f"评价时间: {run.created_at:%Y-%m-%d %H:%M}" if run.created_at else "", "基准值:"]
    for group, items in (run.benchmarks or {}).items():
        for key, bench in items.items():
            if key not in CATALOGUE:
                continue
            indicator = CATALOGUE[key]
            value = "—" if bench.get("value") is None else f"{bench['value']:.4f}".rstrip("0").rstrip(".")
            notes.append(f"  {GROUP_LABELS.get(group, group)} {indicator.label}: {value} {indicator.unit}"
                         f"({bench.get('basis', '')})")
    notes += [f"提示: {warning}" for warning in run.warnings or ()]
    return [note for note in notes if note]


def export_results(run) -> bytes:
    """A run's results: the import layout, then group, status, each indicator's value and score, total,
    rank, class and measures; the 说明 sheet gives the year, scheme and benchmarks."""
    keys = run_indicator_keys(run.spec or {})
    columns = list(DATA_COLUMNS) + [Column(header) for header in RESULT_TAIL]
    columns += [Column(header) for key in keys for header in indicator_headers(key)]
    columns += [Column(header) for header in RESULT_END]
    columns[-1] = Column(RESULT_END[-1], width=40)
    return xlsx.write_workbook(title=RESULTS_SHEET_TITLE, columns=columns, rows=_result_rows(run, keys),
                               notes=run_notes(run))


# ------------------------------------------------------------------------------------------- parcels


@dataclass
class ParcelRow:
    row: Row
    code: str
    location: str
    area_mu: Decimal | None
    supplied_on: date | None
    owner_code: str
    owner_name: str
    note: str


PARCEL_CONVERTERS = {"code": text_of(PARCEL_CODE_MAX), "location": text_of(TEXT_MAX), "area_mu": to_amount,
                     "supplied_on": xlsx.to_date, "owner_code": to_credit_code, "owner_name": text_of(NAME_MAX),
                     "note": text_of(TEXT_MAX)}


def read_parcels(data: bytes, *, progress: Callable[[int, str], None] | None = None) -> list[ParcelRow]:
    """Every row of the parcel sheet, checked; bad cells are row errors on `item.row` (nothing raised yet,
    so the importer can add its own checks before reporting them all)."""
    progress = progress or _silent
    progress(0, "正在读取文件")
    sheet = xlsx.read_sheet(data, columns=PARCEL_COLUMNS, sheet_name=PARCEL_SHEET_TITLE)
    today = date.today()
    items, first = [], {}
    for row in xlsx.with_progress(sheet.rows, progress, end=60):
        values = {column.field: row.value(column.header, PARCEL_CONVERTERS[column.field], required=column.required,
                                          default="" if column.field not in ("area_mu", "supplied_on") else None)
                  for column in PARCEL_COLUMNS}
        if values["area_mu"] is not None and values["area_mu"] == 0:
            row.error(PARCEL_COLUMNS[2].header, MSG_AREA_ZERO)
        if values["supplied_on"] and values["supplied_on"] > today:
            row.error(PARCEL_COLUMNS[3].header, MSG_SUPPLIED_FUTURE.format(value=values["supplied_on"]))
        _in_column_order(row, PARCEL_COLUMNS)
        item = ParcelRow(row=row, **values)
        other = first.setdefault(item.code, item) if item.code else item
        if other is not item:
            for this, that in ((item, other), (other, item)):
                this.row.error(PARCEL, MSG_PARCEL_DUPLICATE.format(other=that.row.number, code=item.code))
        items.append(item)
    return items


def parse_parcels(data: bytes, *, progress: Callable[[int, str], None] | None = None) -> list[ParcelRow]:
    items = read_parcels(data, progress=progress)
    error = xlsx.rows_error(item.row for item in items)
    if error:
        raise error
    return items


def parcel_template() -> bytes:
    row = [PARCEL_EXAMPLE.get(column.field) or None for column in PARCEL_COLUMNS]
    return xlsx.write_workbook(title=PARCEL_SHEET_TITLE, columns=PARCEL_COLUMNS, rows=[row],
                               notes=PARCEL_TEMPLATE_NOTES)

