import time

from django.core.management.base import BaseCommand, CommandError

from zhaoshang.demo import province


class Command(BaseCommand):
    help = "生成省级规模的合成数据(基准测试用): zhaoshang generate --zones 150 --projects 300000 --seed 1"

    def add_arguments(self, parser):
        parser.add_argument("--zones", type=int, default=150)
        parser.add_argument("--projects", type=int, default=300000)
        parser.add_argument("--enterprises", type=int, default=None,
                            help="企业总数(默认为项目数的三分之一, 即 300000 个项目对应 100000 家企业)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--reset", action="store_true", help="先删除之前生成的数据")

    def handle(self, *args, zones: int, projects: int, seed: int, reset: bool, enterprises: int | None = None,
               **options):
        if zones < 1 or projects < zones:
            raise CommandError("园区数至少为1, 项目数不少于园区数。")
        started = time.monotonic()
        if reset:
            province.delete_generated()
        try:
            counts = province.ProvinceGenerator(zones=zones, projects=projects, seed=seed, enterprises=enterprises).run(
                progress=lambda message: self.stdout.write(message))
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"完成({time.monotonic() - started:.0f}秒): {counts}"))
