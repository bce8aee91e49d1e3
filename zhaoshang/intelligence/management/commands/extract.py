"""`zhaoshang extract FILE... [--date YYYY-MM-DD]`: one JSON document per input on stdout; errors as
JSON on stderr (Chinese and English) and a non-zero exit status. The work is in extract/cli.py, which
also runs without Django."""

import sys

from django.core.management.base import BaseCommand

from zhaoshang.intelligence.extract import cli


class Command(BaseCommand):
    help = "从文章(.txt .html .docx .pdf)中抽取项目、统计和目标, 每个文件输出一个 JSON 文档。"

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def handle(self, *args, files, date, indent, **options):
        status = cli.run(files, date, self.stdout, self.stderr, indent)
        if status:
            # CommandError would print a plain-text line too; the JSON on stderr is the message.
            self.stdout.flush()
            sys.exit(status)
