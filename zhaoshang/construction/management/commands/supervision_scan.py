"""Run the 督办 scan for every zone (or one), for a daily timer: `manage.py supervision_scan`."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from zhaoshang.changelog.context import change_source
from zhaoshang.changelog.models import ChangeSource
from zhaoshang.construction.services import supervision_scan
from zhaoshang.organisation.models import Zone


class Command(BaseCommand):
    help = "检查各园区的节点逾期、投资进度滞后和长期无进展项目, 生成或更新督办事项。"

    def add_arguments(self, parser):
        parser.add_argument("--zone", help="只检查这个园区(园区代号, 如 QDKFQ)")
        parser.add_argument("--as-of", type=date.fromisoformat, help="按这一天检查(默认今天), 如 2024-10-15")

    def handle(self, *args, zone=None, as_of=None, **options):
        zones = Zone.objects.order_by("code")
        if zone:
            zones = zones.filter(code=zone)
            if not zones.exists():
                raise CommandError(f"没有代号为 {zone} 的园区。")
        with change_source(ChangeSource.JOB, ref="督办检查"):
            for item in zones:
                result = supervision_scan(zone=item, as_of=as_of, by=None)
                self.stdout.write(f"{item.code}: 新增 {result.opened}, 更新 {result.updated}, "
                                  f"已消除 {result.cleared}")
                for warning in result.warnings:
                    self.stdout.write(self.style.WARNING(f"  {warning}"))
