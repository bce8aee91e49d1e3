"""Target plans in and out of Excel: the import template, the import of a plan, the progress export.

A plan is a few dozen rows, so the import runs in the request (no background job): every row is checked
first with the services' own checks, then the plan and its targets are written in one transaction, or nothing.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from zhaoshang.core import xlsx
from zhaoshang.core.services import ensure_can_write
from zhaoshang.core.xlsx import CellError, Column, Row
from zhaoshang.geo.models import Industry
from zhaoshang.targets import services
from zhaoshang.targets.choices import Granularity
from zhaoshang.targets.forms import PERIOD_LABELS
from zhaoshang.targets.models import Target, TargetPlan
from zhaoshang.targets.selectors import PlanProgress

SHEET_TITLE = "目标"
PARENT = "其中(属于)"
INDUSTRY = "行业"
USD = str(Target._meta.get_field("min_investment_usd").verbose_name)
GRANULARITY = str(Target._meta.get_field("granularity").verbose_name)
PAIRED_WORDS = frozenset({"按比例", "默认", "是"})

MSG_PARENT_UNKNOWN = "本表中没有名为“{value}”的目标; “其中”项须写在它所属目标的下面。"
MSG_NAME_TWICE = "目标名称“{value}”在第{other}行也出现了, 同一任务中目标名称不能重复。"
MSG_INDUSTRY = "行业“{value}”无法识别, 请填国民经济行业门类或大类的代码, 如 C 或 39。"
MSG_GRANULARITY_MIXED = "季度和月份的目标值不能同时填写; 分季度的目标只填一至四季度, 分月的只填1—12月。"
MSG_USD = "“{value}”无法识别: 请填数字(万美元), 或填“按比例”按园区设置的比例折算。"

VALUE_HEADERS = dict(PERIOD_LABELS)  # period code → 全年, 一季度 … 12月
COLUMNS = (
    Column("序号", field="order", keep_if_blank=True, note="目标的显示顺序, 可不填(按行的先后)"),
    Column.of(Target, "name", required=True, width=30),
    Column(PARENT, width=24, note="“其中”项填它所属目标的名称(须在本表中、写在它的上面); 其余留空"),
    Column.of(Target, "comparator", keep_if_blank=True, note="如 不少于、确保、力争; 空白为“不少于”"),
    Column.of(Target, "metric", required=True, width=26),
    Column.of(Target, "stage", note="按阶段计数/计投资时必填"),
    Column.of(Target, "min_investment", width=18),
    Column(USD, width=16, note="“亿元(或1000万美元)以上”填 1000; 填“按比例”按园区设置的比例(默认10:1)折算; "
                               "只填此列不填万元门槛表示“N万美元以上”"),
    Column.of(Target, "foreign_only"),
    Column(INDUSTRY, note="国民经济行业门类或大类代码, 如 C、39"),
    Column.of(Target, "channel"),
    Column.of(Target, "major_level"),
    Column.of(Target, "top500_only"),
    Column.of(Target, "sci_tech_only"),
    Column(GRANULARITY, note="全年/分季度/分月; 空白时按填写的目标值判断"),
    *(Column(header, note="目标值(数字)") for header in VALUE_HEADERS.values()),
)
PLAIN_COLUMNS = tuple(xlsx.field_columns(COLUMNS))

TEMPLATE_NOTES = [
    "每行一个目标。先在导入页填写任务的年度、名称和对象(园区/小组/人员), 再上传本表。",
    "全年目标只填“全年”; 分季度目标填“一季度”至“四季度”(可只填一季度), 分月目标填“1月”至“12月”。"
    "各期填齐时全年目标值自动为各期之和(投资完成率等比率指标除外)。",
    "“其中”项(如 新签约亿元以上项目, 其中5亿元以上项目)须与所属目标统计同一指标、同一阶段。",
    "任何一行有误, 整个文件都不会写入; 页面列出每个错误的行号、列名和原因。",
]
EXAMPLE_ROWS = [
    # 序号 名称 其中 要求 指标 阶段 万元 万美元 外资 行业 方式 重大 500强 科创 分解 全年 季度… 月…
    [1, "新签约亿元以上项目", None, "不少于", "达到阶段的项目数(个)", "签约", 10000, "按比例", None, None, None,
     None, None, None, "全年", 30],
    [2, "新签约5亿元以上项目", "新签约亿元以上项目", "不少于", "达到阶段的项目数(个)", "签约", 50000, "按比例", None,
     None, None, None, None, None, "全年", 10],
    [3, "新签约总投资3000万美元以上项目", None, "不少于", "达到阶段的项目数(个)", "签约", None, 3000, None, None,
     None, None, None, None, "全年", 4],
    [4, "实际利用外资", None, "不少于", "实际利用外资(万美元)", None, None, None, None, None, None, None, None, None,
     "全年", 8000],
    [5, "新开工5亿元以上项目", None, "确保", "达到阶段的项目数(个)", "开工", 50000, None, None, None, None, None,
     None, None, "分季度", None, 4],
]


def plan_template() -> bytes:
    return xlsx.write_workbook(title=SHEET_TITLE, columns=COLUMNS, rows=EXAMPLE_ROWS, notes=TEMPLATE_NOTES,
                               model=Target)


# ------------------------------------------------------------------------------------------- import


class _Industries:
    """GB/T 4754 sections and divisions by code, loaded once."""

    def __init__(self):
        self.by_code = {industry.code: industry for industry in Industry.objects.filter(
            level__in=["section", "division"])}

    def find(self, value: Any) -> Industry:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
            code = str(int(value)).zfill(2)
        else:
            text = xlsx.to_text(value)
            code = text.split()[0].upper() if text else ""
        industry = self.by_code.get(code)
        if industry is None:
            raise CellError(MSG_INDUSTRY.format(value=xlsx.show(value)))
        return industry


def _usd(value: Any) -> Decimal | str:
    if isinstance(value, str) and xlsx.normalise_header(value) in PAIRED_WORDS:
        return "paired"
    try:
        return xlsx.to_decimal(value)
    except CellError:
        raise CellError(MSG_USD.format(value=xlsx.show(value))) from None


def _granularity(row: Row, values: dict[str, Decimal]) -> str:
    stated = row.value(GRANULARITY, xlsx.to_choice(Granularity.choices))
    quarters = any(code.startswith("Q") for code in values)
    months = any(code.startswith("M") for code in values)
    if quarters and months:
        row.error(GRANULARITY, MSG_GRANULARITY_MIXED)
    if stated:
        return stated
    return Granularity.MONTH if months else Granularity.QUARTER if quarters else Granularity.YEAR


# A service's error key → the column it belongs to.
ERROR_COLUMNS = {
    "parent": PARENT, "min_investment_usd": USD, "industry": INDUSTRY, "granularity": GRANULARITY, "values": "全年",
    **{f"value_{code}": header for code, header in VALUE_HEADERS.items()},
    **{column.field: column.header for column in PLAIN_COLUMNS},
}


def _read(row: Row, industries: _Industries) -> tuple[dict, dict[str, Decimal], bool]:
    fields = xlsx.read_fields(row, PLAIN_COLUMNS, Target, lookups={INDUSTRY: ("industry", industries.find)})
    usd = row.value(USD, _usd)
    pair_usd = usd == "paired"
    fields["min_investment_usd"] = None if pair_usd else usd
    values = {code: value for code, header in VALUE_HEADERS.items()
              if (value := row.value(header, xlsx.to_decimal)) is not None}
    fields["granularity"] = _granularity(row, values)
    return fields, values, pair_usd


def _check(row: Row, target: Target, values: dict[str, Decimal], pair_usd: bool, pairing: Decimal) -> None:
    """The services' checks of a row's target, said once: a column whose cell was unreadable is skipped
    (its value is missing, not wrong), and so are the value columns if any of them was."""
    reported = {error["column"] for error in row.errors}
    if reported & set(VALUE_HEADERS.values()):
        reported |= set(VALUE_HEADERS.values())
    try:
        services.check_target(target, values, pair_usd=pair_usd, pairing=pairing)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            column = ERROR_COLUMNS.get(key, xlsx.header_of(Target, "name"))
            for message in messages if column not in reported else []:
                row.error(column, message)


def import_plan(*, zone, by, data: bytes, plan_fields: dict) -> TargetPlan:
    """A new plan of the zone with the targets of an .xlsx (one row each); all rows or none.

    Raises XlsxError listing every bad row (row, column, value, reason), ValidationError for the plan's own
    fields, and PermissionDenied if `by` may not write the zone.
    """
    ensure_can_write(by, zone.pk)
    plan = services.check_plan(zone=zone, **plan_fields)
    sheet = xlsx.read_sheet(data, columns=COLUMNS, sheet_name=SHEET_TITLE)
    pairing = services.zone_settings(zone.pk).usd_pairing
    industries = _Industries()
    by_name: dict[str, tuple[Row, Target]] = {}
    items = []
    for row in sheet.rows:
        fields, values, pair_usd = _read(row, industries)
        parent_name = row.value(PARENT, default="")
        parent = None
        if parent_name:
            parent = by_name.get(parent_name, (None, None))[1]
            if parent is None:
                row.error(PARENT, MSG_PARENT_UNKNOWN.format(value=parent_name))
        name = fields.get("name")
        if name in by_name:
            row.error(xlsx.header_of(Target, "name"), MSG_NAME_TWICE.format(value=name, other=by_name[name][0].number))
        target = Target(plan=plan, parent=parent, **fields)
        if name and name not in by_name:
            by_name[name] = (row, target)
        _check(row, target, values, pair_usd, pairing)
        items.append((target, parent_name, values, pair_usd))
    error = xlsx.rows_error(sheet.rows)
    if error:
        raise error
    with transaction.atomic():
        plan = services.target_plan_create(zone=zone, by=by, **plan_fields)
        created: dict[str, Target] = {}
        for order, (target, parent_name, values, pair_usd) in enumerate(items, start=1):
            fields = {name: getattr(target, name) for name in services.TARGET_FIELDS if name != "parent"}
            fields["order"] = target.order or order
            created[target.name] = services.target_create(
                plan=plan, by=by, values=values, pair_usd=pair_usd, parent=created.get(parent_name), **fields)
    return plan


# ------------------------------------------------------------------------------------------- export


def export_progress(progress: PlanProgress) -> bytes:
    """The progress table as a sheet: one row per target, the year to date and then each column's figures."""
    headers = ["目标名称", "要求", "单位", "全年目标", "全年累计完成", "完成率(%)", "时序进度(%)",
               "超(+)/落后(-)序时(百分点)",
               "状态"]
    for period in progress.columns:
        headers += [f"{period.label}目标", f"{period.label}完成", f"{period.label}完成率(%)"]
    rows = []
    for row in progress.rows:
        name = f"其中: {row.target.name}" if row.is_child else row.target.name
        year = row.year
        values = [name, row.target.comparator, row.unit, year.target, year.actual, year.completion,
                  year.time_progress, year.lead, year.status_label]
        for cell in row.cells:
            values += [cell.target, cell.actual, cell.completion]
        rows.append(values)
    title = f"截至{progress.as_of:%Y-%m-%d}"
    return xlsx.write_workbook(title=title, columns=[Column(header) for header in headers], rows=rows)
