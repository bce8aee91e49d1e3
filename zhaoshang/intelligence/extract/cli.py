"""Run the extractor over files and print one JSON document per input; shared by `zhaoshang extract`
and `python -m zhaoshang.intelligence.extract` (which needs no Django).

Output goes to stdout, one JSON document a line (JSON Lines) so that several inputs can be piped, or
indented with --indent. A file that cannot be read gives a JSON error on stderr, in Chinese and English;
the other files are still read, and the exit status is 1 if any failed (2 for a bad argument).
"""

import argparse
import json
import sys
from datetime import date
from typing import TextIO

from zhaoshang.intelligence.extract.api import extract
from zhaoshang.intelligence.extract.readers import ReadError, read_text

EXIT_FAILED, EXIT_USAGE = 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="文章文件 .txt .html .docx .pdf / article files")
    parser.add_argument("--date", help="文章日期 YYYY-MM-DD, 用于解析 去年、今年一季度 等 / the article date")
    parser.add_argument("--indent", type=int, default=None, help="缩进输出 / pretty-print with this indent")


def usage_error(zh: str, en: str, stderr: TextIO) -> int:
    stderr.write(json.dumps({"error": "bad_argument", "message_zh": zh, "message_en": en}, ensure_ascii=False) + "\n")
    return EXIT_USAGE


def run(files: list[str], article_date: str | None, stdout: TextIO, stderr: TextIO, indent: int | None = None) -> int:
    parsed = None
    if article_date:
        try:
            parsed = date.fromisoformat(article_date)
        except ValueError:
            return usage_error(f"日期格式应为 YYYY-MM-DD: {article_date}",
                               f"the date must be YYYY-MM-DD: {article_date}", stderr)
    status = 0
    for path in files:
        try:
            text = read_text(path)
        except ReadError as error:
            stderr.write(json.dumps(error.as_json(), ensure_ascii=False) + "\n")
            status = EXIT_FAILED
            continue
        stdout.write(json.dumps(extract(text, date=parsed, source=path), ensure_ascii=False, indent=indent) + "\n")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zhaoshang.intelligence.extract",
                                     description="从文章中抽取项目、统计和目标 / extract projects, statistics, targets")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(args.files, args.date, sys.stdout, sys.stderr, args.indent)
