"""`zhaoshang backup FILE`: the whole database in one portable file (see zhaoshang.backup.archive)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from zhaoshang.backup import archive


class Command(BaseCommand):
    help = "把整个数据库备份到一个文件(.zip，SQLite 与 PostgreSQL 通用)；可用 zhaoshang restore 恢复到任一种数据库。"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件名，例如 zhaoshang-2025-01-31.zip")
        parser.add_argument("--force", action="store_true", help="文件已存在时覆盖")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="数据库别名(默认 default)")

    def handle(self, *args, file: str, force: bool, database: str, verbosity: int = 1, **options):
        started = time.monotonic()
        progress = (lambda line: self.stderr.write(line)) if verbosity >= 1 else None
        try:
            summary = archive.backup(file, using=database, overwrite=force, progress=progress)
        except archive.BackupError as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"备份完成：{summary.path}，{summary.tables} 个数据表，{summary.rows} 行，"
            f"{summary.bytes / 1_048_576:.1f} MB，用时 {seconds:.1f} 秒。"))
