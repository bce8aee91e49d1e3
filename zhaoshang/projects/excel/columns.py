"""The project sheet's columns, the template and the export. Headers come from the model and the choices,
so the form, the list and the sheet name a thing the same way."""

import re
from collections import defaultdict
from datetime import date
from typing import Any, Iterable

from django.db.models import QuerySet

from zhaoshang.accounts.models import User
from zhaoshang.core import xlsx
from zhaoshang.core.money import Currency
from zhaoshang.core.xlsx import CellError, Column
from zhaoshang.enterprises import excel as enterprise_excel
from zhaoshang.projects.choices import (
    PIPELINE,
    PIPELINE_INDEX,
    Channel,
    MajorLevel,
    ProjectStatus,
    Stage,
)
from zhaoshang.projects.models import Project, StageEvent

SHEET_TITLE = "项目"

MSG_PHASE = "期次“{value}”无法识别, 请填 1、2 或 一期、二期。"
MSG_OFFICER_UNKNOWN = "本园区没有姓名或用户名为“{value}”的用户。"
MSG_OFFICER_AMBIGUOUS = "本园区有{n}位用户名为“{value}”, 请改填“姓名(用户名)”, 如“{example}”。"


def _header(field: str) -> str:
    return xlsx.header_of(Project, field)


def stage_header(stage: str) -> str:
    """线索日期, 接洽日期 …: the stage's label without the “已” of 已接洽."""
    return f"{Stage(stage).label.removeprefix('已')}日期"


CODE = _header("code")
NAME = _header("name")
INVESTOR = _header("investor")
INVESTOR_CODE = INVESTOR + enterprise_excel.CREDIT_CODE
PHASE = _header("phase")
INDUSTRY = enterprise_excel.INDUSTRY
CURRENCY = _header("currency")
TOTAL = f"{_header('total_investment')}(万元或万美元)"
TEAM = _header("team")
OFFICER = _header("officer")
STAGE_HEADERS = {stage: stage_header(stage) for stage in PIPELINE}
STATUS = _header("status")
DROP_REASON = f"{Stage.DROPPED.label}原因"
CURRENT_STAGE = _header("stage")
ZONE = _header("zone")


def _labels(choices) -> str:
    return "/".join(str(label) for label in choices.labels)


PROJECT_COLUMNS: tuple[Column, ...] = (
    Column(CODE, width=18, note="空白 = 新建项目(编号自动生成); 填本园区已有的编号 = 更新该项目; 编号不存在会报错"),
    Column.of(Project, "name", required=True, width=30),
    Column(INVESTOR, required=True, width=30, note="在本园区企业库中查找(有信用代码按代码, 否则按名称完全一致), "
                                                  "找不到则自动新建为区外目标企业"),
    Column(INVESTOR_CODE, width=22, note="18位, 可不填; 填了按代码查找投资方"),
    Column(PHASE, width=8, note="1、2 或 一期、二期; 可不填"),
    Column.of(Project, "is_expansion", width=10),
    Column(INDUSTRY, note=enterprise_excel.INDUSTRY_NOTE),
    Column.of(Project, "currency", keep_if_blank=True, note=f"默认{Currency.CNY.label}"),
    Column(TOTAL, field="total_investment", required=True, width=20, note="按投资币种: 人民币填万元, 美元填万美元"),
    Column.of(Project, "foreign_investment"),
    Column.of(Project, "fixed_asset_investment", width=20),
    Column.of(Project, "land_area_mu", width=10),
    Column.of(Project, "expected_output", width=18),
    Column.of(Project, "expected_taxable_sales", width=22),
    Column.of(Project, "expected_tax", width=18),
    Column.of(Project, "expected_jobs", width=14),
    Column.of(Project, "channel"),
    Column(TEAM, note="本园区招商小组的名称"),
    Column(OFFICER, note="本园区用户的姓名或用户名; 重名时填“姓名(用户名)”"),
    Column.of(Project, "referrer"),
    Column.of(Project, "major_level"),
    Column.of(Project, "top500"),
    Column.of(Project, "is_sci_tech", width=10),
    Column.of(Project, "is_foreign", width=10),
    Column.of(Project, "description", width=40),
    *(Column(header, width=12, note="日期, 如 2024-03-31") for header in STAGE_HEADERS.values()),
    Column(STATUS, note=f"{_labels(ProjectStatus)}; 空白不改变状态; 暂缓、终止、恢复推进的日期记为导入当天"),
    Column(DROP_REASON, width=24, note=f"状态填“{ProjectStatus.DROPPED.label}”时必填"),
    Column(CURRENT_STAGE, export_only=True),
    Column(ZONE, export_only=True),
)

TEMPLATE_NOTES = (
    "项目导入模板: 每行一个项目。表头请勿修改; 不需要的列可以删除, 删除的列导入时不改动原值。",
    "项目编号留空为新建项目, 编号按“园区代号-最早阶段日期的年份-序号”自动生成; 填本园区已有的项目编号则更新该项目; "
    "编号在本园区不存在会报错。同一项目编号在一个文件中只能出现一次。",
    "投资方: 填了统一社会信用代码按代码在本园区企业库中查找, 否则按企业名称完全一致查找; 找不到时自动新建为“区外目标企业”。",
    "阶段日期(线索日期…达产日期): 项目到达各阶段的日期。沿“线索→接洽→在谈→意向→签约→注册→供地→开工→竣工→投产→达产”"
    "各日期不得早于前一阶段, 也不得晚于今天; 可以跳过阶段。新项目至少填一个日期, 都不填时按今天登记为“线索”。",
    "已有项目: 填了尚未到达的阶段的日期, 即推进到该阶段(日期不得早于项目已登记的最近事件); 改了已登记阶段的日期, "
    "视为日期更正(原因记为“Excel导入更正”); 已到达阶段的日期留空会被忽略——导入不会让项目退回阶段, "
    "退回请在项目页面使用“更正阶段”并写明原因。",
    f"状态: {_labels(ProjectStatus)}, 留空不改变状态; 改为“{ProjectStatus.DROPPED.label}”须填写终止原因。",
    "空白单元格表示清空该项; 标注“空白时保持原值”的列除外。",
    "导入前会检查全部行: 只要有一行有误, 就不写入任何数据, 并列出每个错误的行号、列名和原因。",
    "导入的每项改动(新建、字段修改、阶段推进和日期更正)都记入项目的变更记录, 来源为“Excel导入”。",
    "以 = + - @ 开头的内容按文本保存, 不会作为公式执行。“当前阶段”“园区”两列只在导出时提供, 导入时忽略。",
)

# Keyed by field for plain columns and by header for the others.
TEMPLATE_EXAMPLE = {
    "name": "年产5万吨高性能复合材料项目", INVESTOR: "南通某某新材料科技有限公司", PHASE: "一期", "is_expansion": "否",
    INDUSTRY: "39", "currency": Currency.CNY.label, "total_investment": 50000, "fixed_asset_investment": 35000,
    "land_area_mu": 120, "expected_output": 100000, "expected_taxable_sales": 80000, "expected_tax": 3000,
    "expected_jobs": 300, "channel": Channel.REFERRAL.label, "major_level": MajorLevel.CITY.label,
    "is_sci_tech": "是", "is_foreign": "否", "description": "新建厂房及生产线, 主要生产碳纤维复合材料。",
    STAGE_HEADERS[Stage.LEAD]: date(2024, 1, 5), STAGE_HEADERS[Stage.NEGOTIATING]: date(2024, 2, 20),
    STAGE_HEADERS[Stage.SIGNED]: date(2024, 3, 31), STATUS: ProjectStatus.ACTIVE.label,
}


def project_template() -> bytes:
    """Headers, one example row and a 说明 sheet listing every column, its allowed values and the rules."""
    columns = [column for column in PROJECT_COLUMNS if not column.export_only]
    row = [TEMPLATE_EXAMPLE.get(column.field or column.header) for column in columns]
    return xlsx.write_workbook(title=SHEET_TITLE, columns=columns, rows=[row], notes=TEMPLATE_NOTES, model=Project)


# ------------------------------------------------------------------------------------------ lookups

NUMERALS = "一二三四五六七八九十"


def to_phase(value: Any) -> int:
    text = xlsx.to_text(value).removeprefix("第").removesuffix("期")
    if len(text) == 1 and text in NUMERALS:
        return NUMERALS.index(text) + 1
    try:
        phase = xlsx.to_int(text)
    except CellError:
        phase = 0
    if phase < 1:
        raise CellError(MSG_PHASE.format(value=xlsx.show(value)))
    return phase


class PeopleIndex:
    """A zone's users by username and by full name (two 陈佳伟 are told apart as “陈佳伟(chenjw)”)."""

    def __init__(self, zone_id: int):
        self.by_username: dict[str, User] = {}
        self.by_name: dict[str, list[User]] = defaultdict(list)
        for user in User.objects.filter(zone_id=zone_id):
            self.by_username[user.username] = user
            if user.full_name:
                self.by_name[user.full_name].append(user)

    def find(self, value: Any) -> User:
        text = xlsx.to_text(value)
        qualified = re.match(r"^(.*)\((.+)\)$", text.translate(xlsx.FULL_WIDTH))
        if qualified and qualified.group(2).strip() in self.by_username:
            return self.by_username[qualified.group(2).strip()]
        if text in self.by_username:
            return self.by_username[text]
        candidates = self.by_name.get(text, [])
        if len(candidates) > 1:
            raise CellError(MSG_OFFICER_AMBIGUOUS.format(n=len(candidates), value=text,
                                                         example=self.label(candidates[0])))
        if not candidates:
            raise CellError(MSG_OFFICER_UNKNOWN.format(value=text))
        return candidates[0]

    def label(self, user: User | None) -> str | None:
        """What an export writes: the name people know, qualified only where it would be ambiguous."""
        if user is None:
            return None
        if not user.full_name:
            return user.username
        clash = len(self.by_name.get(user.full_name, [])) > 1 or user.full_name in self.by_username
        return f"{user.full_name}({user.username})" if clash else user.full_name


# ------------------------------------------------------------------------------------------- export


def _stage_dates(project_ids: list[int]) -> tuple[dict[int, dict[str, date]], dict[int, str]]:
    """Active pipeline dates per project, and the reason of each project's latest drop."""
    dates: dict[int, dict[str, date]] = defaultdict(dict)
    reasons: dict[int, str] = {}
    events = (StageEvent.objects.filter(project_id__in=project_ids, voided_at__isnull=True)
              .order_by("date", "id").values_list("project_id", "stage", "date", "reason"))
    for project_id, stage, when, reason in events:
        if stage in PIPELINE_INDEX:
            dates[project_id][stage] = when
        elif stage == Stage.DROPPED:
            reasons[project_id] = reason
    return dates, reasons


def _batches(items: Iterable, size: int) -> Iterable[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _export_rows(queryset: QuerySet) -> Iterable[list[Any]]:
    people: dict[int, PeopleIndex] = {}
    fields = xlsx.field_columns(PROJECT_COLUMNS)
    projects = queryset.select_related("zone", "investor", "industry", "team", "officer").iterator(chunk_size=900)
    for batch in _batches(projects, 900):
        dates, reasons = _stage_dates([project.pk for project in batch])
        for project in batch:
            if project.zone_id not in people:
                people[project.zone_id] = PeopleIndex(project.zone_id)
            values: dict[str, Any] = {column.header: xlsx.export_value(project, column.field) for column in fields}
            values.update({
                CODE: project.code,
                INVESTOR: project.investor.name,
                INVESTOR_CODE: project.investor.credit_code or None,
                PHASE: project.phase,
                INDUSTRY: project.industry.code if project.industry_id else None,
                TEAM: project.team.name if project.team_id else None,
                OFFICER: people[project.zone_id].label(project.officer),
                STATUS: project.get_status_display(),
                DROP_REASON: reasons.get(project.pk) if project.status == ProjectStatus.DROPPED else None,
                CURRENT_STAGE: project.get_stage_display(),
                ZONE: str(project.zone),
            })
            for stage, header in STAGE_HEADERS.items():
                values[header] = dates[project.pk].get(stage)
            yield [values.get(column.header) for column in PROJECT_COLUMNS]


def export_projects(queryset: QuerySet) -> bytes:
    """The (filtered) projects as an .xlsx with the import headers, in the queryset's order.

    Importing the file into the same zone changes nothing; editing a cell and importing updates that field.
    """
    return xlsx.write_workbook(title=SHEET_TITLE, columns=PROJECT_COLUMNS, rows=_export_rows(queryset))

