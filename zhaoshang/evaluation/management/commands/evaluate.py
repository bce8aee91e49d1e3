"""`zhaoshang evaluate DATA.xlsx --scheme PRESET --year YYYY [--json]`: grade a year's enterprises from a
data sheet (the import layout), without touching the database.

PRESET is a key of engine.presets.PRESETS or the path of a scheme as JSON (SchemeSpec.to_dict). Rows of
YYYY are evaluated; rows of YYYY−1 in the same file, if any, are last year's figures for benchmarks set as
k × last year's average. With --json, stdout is a JSON list, one object per enterprise in file order;
without, a table in Chinese. Warnings go to stderr. Bad input gives one JSON object on stderr,
{"error": {"code", "message", "errors"}}, and exit status 2 — never a traceback.
"""

import json
import sys
import unicodedata
from pathlib import Path
from typing import TextIO

from django.core.management.base import BaseCommand

from zhaoshang.core.xlsx import XlsxError
from zhaoshang.evaluation.engine.data import Dataset
from zhaoshang.evaluation.engine.indicators import CATALOGUE
from zhaoshang.evaluation.engine.presets import PRESETS
from zhaoshang.evaluation.engine.scheme import GROUP_LABELS, SchemeError, SchemeSpec
from zhaoshang.evaluation.engine.score import NOT_RATED, OUT, RATED, STATUS_LABELS, EvaluationError, evaluate
from zhaoshang.evaluation.excel import IndustryCodes, parse_data

EXIT_FAILED, EXIT_BAD_INPUT = 1, 2

MSG_ARGUMENT = "缺少参数: 用法 zhaoshang evaluate DATA.xlsx --scheme 预设或方案文件 --year 年度 [--json]。"
MSG_YEAR = "--year 应为四位年份, 如 2023(收到“{value}”)。"
MSG_FILE_MISSING = "找不到数据文件“{path}”。"
MSG_FILE_UNREADABLE = "无法读取数据文件“{path}”: {reason}"
MSG_SCHEME_UNKNOWN = "“{scheme}”既不是预设方案, 也不是存在的方案文件。可用预设: {presets}。"
MSG_SCHEME_JSON = "方案文件“{path}”不是有效的 JSON: {reason}"
MSG_SCHEME_BAD = "方案设置有误, 共{n}处, 见 errors。"
MSG_INTERNAL = "评价时出现程序错误, 请把此信息报告给系统管理员: {error}"
MSG_NO_ROWS = "数据文件中没有{year}年的数据行(文件中的年度: {years})。"


class InputError(Exception):
    def __init__(self, code: str, message: str, errors: list | None = None):
        super().__init__(message)
        self.code, self.message, self.errors = code, message, errors or []

    def as_json(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "errors": self.errors}}


def load_scheme(value: str) -> SchemeSpec:
    if value in PRESETS:
        return PRESETS[value]
    path = Path(value)
    if not path.is_file():
        raise InputError("unknown_scheme", MSG_SCHEME_UNKNOWN.format(scheme=value, presets="、".join(PRESETS)))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError("bad_scheme", MSG_SCHEME_JSON.format(path=value, reason=exc)) from None
    if isinstance(data, dict) and isinstance(data.get("spec"), dict):
        data = data["spec"]  # a stored Scheme with its settings under "spec"
    if not isinstance(data, dict):
        raise InputError("bad_scheme", MSG_SCHEME_JSON.format(path=value, reason="顶层应为对象"))
    try:
        return SchemeSpec.from_dict(data)
    except SchemeError as exc:
        raise InputError("bad_scheme", MSG_SCHEME_BAD.format(n=len(exc.errors)),
                         [{"field": field, "message": message} for field, message in exc.errors.items()]) from None


def read_records(path: str):
    file = Path(path)
    if not file.is_file():
        raise InputError("file_not_found", MSG_FILE_MISSING.format(path=path))
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError("file_unreadable", MSG_FILE_UNREADABLE.format(path=path, reason=exc.strerror)) from None
    try:
        return parse_data(data, industries=IndustryCodes.from_file())
    except XlsxError as exc:
        raise InputError("bad_rows" if exc.errors else "bad_file", exc.message, exc.errors) from None


def run(path: str | None, scheme: str | None, year: str | None, as_json: bool, stdout: TextIO, stderr: TextIO) -> int:
    """Evaluate and print; the exit status (0, or 2 for bad input, 1 for a fault of the program)."""
    try:
        _evaluate_and_print(path, scheme, year, as_json, stdout, stderr)
    except InputError as exc:
        stderr.write(json.dumps(exc.as_json(), ensure_ascii=False) + "\n")
        return EXIT_BAD_INPUT
    except Exception as exc:  # noqa: BLE001 - a batch caller gets JSON, never a traceback
        error = InputError("internal_error", MSG_INTERNAL.format(error=f"{exc.__class__.__name__}: {exc}"))
        stderr.write(json.dumps(error.as_json(), ensure_ascii=False) + "\n")
        return EXIT_FAILED
    return 0


def _evaluate_and_print(path, scheme, year, as_json: bool, stdout: TextIO, stderr: TextIO) -> None:
    if not (path and scheme and year):
        raise InputError("bad_argument", MSG_ARGUMENT)
    if not (year.isdigit() and len(year) == 4):
        raise InputError("bad_argument", MSG_YEAR.format(value=year))
    year_number = int(year)
    spec = load_scheme(scheme)
    parsed = read_records(path)
    current = [record for record in parsed.records if record.year == year_number]
    if not current:
        years = "、".join(str(y) for y in sorted({record.year for record in parsed.records}))
        raise InputError("no_rows_for_year", MSG_NO_ROWS.format(year=year_number, years=years))
    previous = [record for record in parsed.records if record.year == year_number - 1]
    try:
        outcome = evaluate(Dataset.from_records(current), spec, year_number,
                           previous=Dataset.from_records(previous) if previous else None)
    except EvaluationError as exc:
        raise InputError("evaluation_error", str(exc)) from None
    rows = [_plain(row) for row in outcome.rows()]
    for warning in [*parsed.warnings, *({"message": text} for text in outcome.warnings)]:
        stderr.write((json.dumps({"warning": warning}, ensure_ascii=False) if as_json else _warning_text(warning))
                     + "\n")
    stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n" if as_json else table(rows, outcome, spec))


def _plain(row: dict) -> dict:
    """One enterprise as the JSON output gives it."""
    return {
        "credit_code": row["credit_code"], "name": row["name"], "group": row["group"], "status": row["status"],
        "reason": row["reason"] or None, "class": row["class"] or None, "total": row["total"], "rank": row["rank"],
        "rank_of": row["rank_of"], "percentile": row["percentile"], "bonus": row["bonus"] if row["total"] is not None
        else None, "forced": row["forced"] or None,
        "indicators": {key: item["score"] for key, item in row["indicators"].items()},
        "values": {key: None if item["value"] is None else round(item["value"], 4)
                   for key, item in row["indicators"].items()},
    }


def _warning_text(warning: dict) -> str:
    where = f"第{warning['row']}行 {warning['column']}: " if warning.get("row") else ""
    return f"提示: {where}{warning['message']}"


# -------------------------------------------------------------------------------------------- the table


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


def _lines(header: list[str], body: list[list[str]], numbers: int) -> list[str]:
    """Columns padded to their widest cell; the first `numbers` columns right-aligned."""
    widths = [max(_width(cell) for cell in column) for column in zip(header, *body)]
    return ["  ".join(_pad(cell, widths[i], right=i < numbers) for i, cell in enumerate(line)).rstrip()
            for line in [header, *body]]


def _score(value) -> str:
    return "" if value is None else f"{value:.2f}"


def table(rows: list[dict], outcome, spec: SchemeSpec) -> str:
    out = [f"{outcome.year}年 亩均效益综合评价 · {spec.name}"]
    for group in spec.groups:
        members = [row for row in rows if row["group"] == group]
        rated = sorted((row for row in members if row["status"] == RATED),
                       key=lambda row: (row["rank"], row["credit_code"]))
        keys = [indicator.key for indicator in spec.indicators_of(group)]
        out += ["", f"【{GROUP_LABELS[group]}】参评 {len(rated)} 家"]
        benches = outcome.benchmarks.get(group, {})
        out.append("基准值: " + "; ".join(
            f"{CATALOGUE[key].label} {_bench(benches.get(key))} {CATALOGUE[key].unit}" for key in keys))
        if rated:
            header = ["排名", "等级", "总分", *(CATALOGUE[key].label for key in keys), "加减分", "企业名称", "统一社会信用代码"]
            body = [[str(row["rank"]), row["class"] or "", _score(row["total"]),
                     *(_score(row["indicators"].get(key)) for key in keys), _score(row["bonus"]), row["name"],
                     row["credit_code"]] for row in rated]
            out += _lines(header, body, numbers=len(header) - 2)
        forced = [row for row in rated if row["forced"]]
        out += [f"  直接评D: {row['name']}: {row['forced']}" for row in forced]
    others = [row for row in rows if row["status"] in (NOT_RATED, OUT)]
    if others:
        out += ["", "【未参评】"]
        out += [f"  {STATUS_LABELS[row['status']]} {row['name']}({row['credit_code']}): {row['reason'] or ''}"
                for row in others]
    return "\n".join(out) + "\n"


def _bench(bench) -> str:
    if bench is None:
        return "—"
    if bench.value is None:
        return bench.basis
    return f"{bench.value:.4f}".rstrip("0").rstrip(".")


class Command(BaseCommand):
    help = "按评价方案对数据文件中某年度的企业进行亩均效益评价, 输出每家企业的得分和等级(--json 输出 JSON)。"

    def add_arguments(self, parser):
        # Checked in run(), not by argparse, so a missing value is reported as JSON like every other error.
        parser.add_argument("data", nargs="?", metavar="DATA.xlsx", help="企业年度数据文件(导入模板格式)")
        parser.add_argument("--scheme", help="预设方案(" + "、".join(PRESETS) + ")或方案 JSON 文件路径")
        parser.add_argument("--year", help="评价年度, 如 2023")
        parser.add_argument("--json", action="store_true", dest="as_json", help="以 JSON 输出")

    def handle(self, *args, data, scheme, year, as_json, **options):
        self.stderr.style_func = None  # JSON on stderr, not coloured as a Django error
        status = run(data, scheme, year, as_json, self.stdout, self.stderr)
        if status:
            self.stdout.flush()
            sys.exit(status)
