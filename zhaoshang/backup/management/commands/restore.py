"""`zhaoshang restore FILE`: load a backup made by `zhaoshang backup`, all or nothing."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from zhaoshang.backup import archive


class Command(BaseCommand):
    help = ("从 zhaoshang backup 生成的文件恢复整个数据库(全部成功或不做任何改动)。"
            "目标数据库须已用相同版本 migrate 且没有数据；加 --replace 则先删除已有数据。")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件")
        parser.add_argument("--replace", action="store_true", help="删除目标数据库中已有的全部数据，再恢复备份")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="数据库别名(默认 default)")

    def handle(self, *args, file: str, replace: bool, database: str, verbosity: int = 1, **options):
        started = time.monotonic()
        progress = (lambda line: self.stderr.write(line)) if verbosity >= 1 else None
        try:
            summary = archive.restore(file, using=database, replace=replace, progress=progress)
        except archive.BackupError as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"恢复完成：{summary.tables} 个数据表，{summary.rows} 行，用时 {seconds:.1f} 秒。"))
