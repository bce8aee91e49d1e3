"""A ranking as .xlsx, and a card's targets out to a sheet and back in.

The target sheet has one row per subject and period and one column per indicator, headed by its name;
the template comes filled with the targets already set, so a file goes round and back unchanged. The
import is all or nothing and runs in the request: a card's sheet is at most a few hundred rows.
"""

from decimal import Decimal

from zhaoshang.assessment import services
from zhaoshang.assessment.models import Scorecard, ScoreTarget
from zhaoshang.assessment.selectors import Row, period_label, subjects
from zhaoshang.core.xlsx import (
    Column,
    XlsxError,
    normalise_header,
    read_sheet,
    rows_error,
    to_decimal,
    write_workbook,
)
from zhaoshang.targets.periods import QUARTER_NAMES, Period
from zhaoshang.targets.templatetags.target_figures import figure

PERIOD_HEADER = "期间"
MSG_UNKNOWN_SUBJECT = "“{value}”不是本方案的考核对象, 请填写以下之一: {names}。"
MSG_UNKNOWN_PERIOD = "“{value}”不是本方案的考核期间, 请填写如 {examples}。"
MSG_REPEATED = "与第{row}行是同一对象、同一期间, 请删除其中一行。"
MSG_NO_INDICATORS = "本方案还没有考核指标, 请先添加指标再导入目标值。"


def ranking_workbook(scorecard: Scorecard, period: Period, rows: list[Row]) -> bytes:
    indicators = list(scorecard.indicators.all())
    columns = [Column("名次", width=6), Column(scorecard.subject_label, width=18)]
    for indicator in indicators:
        name = indicator.name
        columns += [Column(f"{name}·实际"), Column(f"{name}·目标"), Column(f"{name}·完成率(%)"),
                    Column(f"{name}·得分(权重{figure(indicator.weight)})")]
    columns += [Column("加减分"), Column("加减分事由", width=40), Column("总分")]
    values = []
    for row in rows:
        line = [row.rank, str(row.subject)]
        for cell in row.cells:
            line += [cell.actual, cell.target, cell.rate_percent, cell.points]
        reasons = "; ".join(f"{item.reason}({'+' if item.points > 0 else ''}{figure(item.points)})"
                            for item in row.adjustments)
        values.append([*line, row.adjustment_total, reasons, row.score])
    return write_workbook(title=period_label(scorecard, period)[:31], columns=columns, rows=values)


def _target_columns(scorecard: Scorecard, indicators: list) -> list[Column]:
    return [Column(scorecard.subject_label, required=True, width=18),
            Column(PERIOD_HEADER, required=True, note="小组填 1月…12月(或 M01…M12), 园区填 一季度…四季度(或 Q1…Q4)"),
            *(Column(indicator.name, note=f"{indicator.get_metric_display()}; 空白或0表示不设目标, 该项得0分")
              for indicator in indicators)]


def targets_template(scorecard: Scorecard) -> bytes:
    indicators = list(scorecard.indicators.all())
    existing = {(target.indicator_id, getattr(target, f"{scorecard.subject_field}_id"), target.period): target.value
                for target in ScoreTarget.objects.filter(indicator__scorecard=scorecard)}
    rows = [[str(subject), _short(period), *(existing.get((indicator.pk, subject.pk, period.code))
                                             for indicator in indicators)]
            for subject in subjects(scorecard) for period in scorecard.periods]
    notes = [f"{scorecard.name}: 各{scorecard.subject_label}分期目标值。",
             "每行一个对象、一个期间; 每个指标一列, 列名须与指标名称一致。",
             "空白或0表示该期不设目标(该项得0分); 全部行校验通过后才写入。"]
    return write_workbook(title="目标值", columns=_target_columns(scorecard, indicators), rows=rows, notes=notes)


def _short(period: Period) -> str:
    return QUARTER_NAMES[int(period.code[1])] if period.code.startswith("Q") else f"{period.first_month}月"


def _period_lookup(scorecard: Scorecard) -> dict[str, str]:
    lookup = {}
    for period in scorecard.periods:
        names = {period.code, period.label, _short(period), f"{period.year}年{_short(period)}"}
        if period.code.startswith("Q"):
            names |= {f"第{_short(period)}", f"{period.code[1]}季度"}
        else:
            names |= {str(period.first_month), f"{period.first_month:02d}月", f"M{period.first_month}"}
        lookup.update({normalise_header(name).upper(): period.code for name in names})
    return lookup


def import_targets(*, scorecard: Scorecard, by, data: bytes) -> int:
    """Set the targets a sheet lists; raises XlsxError with every bad cell, writing nothing."""
    indicators = list(scorecard.indicators.all())
    if not indicators:
        raise XlsxError(MSG_NO_INDICATORS)
    sheet = read_sheet(data, columns=_target_columns(scorecard, indicators), sheet_name="目标值")
    people = subjects(scorecard)
    by_name = {}
    for subject in people:
        for name in {subject.name, str(subject)}:
            by_name[normalise_header(name)] = subject
    periods = _period_lookup(scorecard)
    names = "、".join(str(subject) for subject in people)
    values: dict[tuple[int, int, str], Decimal | None] = {}
    seen: dict[tuple, int] = {}
    for row in sheet.rows:
        subject_text = row.value(scorecard.subject_label, required=True)
        period_text = row.value(PERIOD_HEADER, required=True)
        subject = by_name.get(normalise_header(subject_text)) if subject_text else None
        code = periods.get(normalise_header(period_text).upper()) if period_text else None
        if subject_text and subject is None:
            row.error(scorecard.subject_label, MSG_UNKNOWN_SUBJECT.format(value=subject_text, names=names))
        if period_text and code is None:
            row.error(PERIOD_HEADER, MSG_UNKNOWN_PERIOD.format(
                value=period_text, examples="、".join(_short(period) for period in scorecard.periods[:2])))
        if subject is None or code is None:
            continue
        if (subject.pk, code) in seen:
            row.error(PERIOD_HEADER, MSG_REPEATED.format(row=seen[(subject.pk, code)]))
            continue
        seen[(subject.pk, code)] = row.number
        for indicator in indicators:
            if row.has(indicator.name):
                values[(indicator.pk, subject.pk, code)] = row.value(indicator.name, to_decimal)
    error = rows_error(sheet.rows)
    if error:
        raise error
    return services.targets_set(scorecard=scorecard, by=by, values=values)
