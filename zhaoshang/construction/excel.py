"""The construction overview's tables as .xlsx, with the headers the page shows."""

from zhaoshang.core.xlsx import Column, write_workbook

PLAN_COLUMNS = [
    Column("项目编号", width=18), Column("项目名称", width=36), Column("重大项目清单"), Column("责任小组"),
    Column("责任人"), Column("年度计划投资(万元)", width=18), Column("年内完成投资(万元)", width=18),
    Column("投资完成率(%)"), Column("计划开工日期", width=14), Column("开工日期", width=14), Column("灯号"),
    Column("原因", width=60),
]
LEVEL_COLUMNS = [
    Column("清单"), Column("项目数"), Column("年度计划投资(万元)", width=18), Column("年内完成投资(万元)", width=18),
    Column("投资完成率(%)"), Column("时间进度(%)"),
]
LIGHT_LABELS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}


def _summary(overview) -> list[str]:
    done, starts = overview.completion, overview.starts
    return [
        f"{overview.zone} {overview.year}年项目建设, 截至 {overview.as_of}",
        f"年度计划投资 {done.planned} 万元, 完成 {done.completed} 万元, 投资完成率 "
        f"{'—' if done.rate is None else done.rate}%, 时间进度 {done.time_progress}%",
        f"计划新开工 {starts.planned} 个, 已开工 {starts.started} 个, 开工率 "
        f"{'—' if starts.rate is None else starts.rate}%",
        "灯号与原因为导出当日的状态。",
    ]


def export_plans(overview) -> bytes:
    rows = (
        [row.project.code, row.project.name, row.get_major_level_display(), str(row.project.team or ""),
         row.project.officer.display_name if row.project.officer else "", row.planned_investment, row.completed,
         row.rate, row.planned_start, row.started_on, LIGHT_LABELS[row.light], "；".join(row.reasons)]
        for row in overview.rows
    )
    return write_workbook(title=f"{overview.year}年建设项目", columns=PLAN_COLUMNS, rows=rows,
                          notes=_summary(overview))


def export_levels(overview) -> bytes:
    done = overview.completion
    rows = [[level.label, level.count, level.planned, level.completed, level.rate, done.time_progress]
            for level in overview.levels]
    rows.append(["全部建设计划", len(overview.rows), done.planned, done.completed, done.rate, done.time_progress])
    return write_workbook(title=f"{overview.year}年重大项目清单", columns=LEVEL_COLUMNS, rows=rows,
                          notes=_summary(overview))
