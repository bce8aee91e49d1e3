"""`manage.py load_demo`: load the demo once (then only print the logins); `--reset` rebuilds it."""

import os
import time

from django.core.management.base import BaseCommand, CommandError

from zhaoshang.demo import builder


class Command(BaseCommand):
    help = "载入演示数据(启东经济开发区、盐城市亭湖经济开发区)；已载入时不做改动，只打印登录账号。"

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true",
                            help="删除演示园区及其用户后重建(其他园区和用户不受影响)")
        # `PORT=8080 make run` serves on another port; the table should say so.
        parser.add_argument("--url", default=f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/",
                            help="登录地址(只用于打印)")

    def handle(self, *args, reset: bool, url: str, **options):
        if builder.demo_present() and not reset:
            self.stdout.write("演示数据已存在，未做改动(如需重建，请加 --reset)。")
        else:
            started = time.monotonic()
            try:
                if reset:
                    builder.reset_demo()
                else:
                    builder.build_demo()
            except builder.DemoConflict as error:
                raise CommandError(str(error)) from error
            seconds = time.monotonic() - started
            summary = "，".join(f"{label}{count}" for label, count in builder.counts().items())
            self.stdout.write(self.style.SUCCESS(f"演示数据已{'重建' if reset else '载入'}({seconds:.1f}秒)：{summary}"))
        self.stdout.write("")
        self.stdout.write(builder.format_logins(builder.logins(), url=url))
