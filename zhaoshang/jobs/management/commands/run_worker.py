from django.core.management.base import BaseCommand

from zhaoshang.jobs.runner import run_worker


class Command(BaseCommand):
    help = "Run queued background jobs (imports, evaluations …). Start several, on several machines, with PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run what is queued now, then exit")
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between looks at an empty queue")

    def handle(self, *args, once: bool, poll: float, **options):
        ran = run_worker(once=once, poll_seconds=poll)
        self.stdout.write(f"ran {ran} job(s)")
