"""Queue, claim and run jobs.

Embedded (SQLite): the web process runs a job in a thread right after the request commits, so `make run`
needs no extra server. With PostgreSQL, `zhaoshang worker` processes on any number of machines poll the
queue; a job is claimed with a conditional UPDATE, so exactly one worker runs it.
"""

import logging
import os
import socket
import threading
import time
from datetime import timedelta
from typing import Callable

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from zhaoshang.changelog.context import change_source
from zhaoshang.changelog.models import ChangeSource
from zhaoshang.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)

Handler = Callable[[Job, "Progress"], dict]
_HANDLERS: dict[str, Handler] = {}


class JobError(Exception):
    """A failure the user can act on: its message (and row errors) are shown as they are."""

    def __init__(self, message: str, errors: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class Progress:
    """Reports progress from a running job; outside any transaction, so readers see it at once."""

    def __init__(self, job: Job):
        self.job = job
        self._last = -1

    def __call__(self, percent: int, message: str = "") -> None:
        percent = max(0, min(99, int(percent)))
        if percent == self._last and not message:
            return
        self._last = percent
        Job.objects.filter(pk=self.job.pk).update(progress=percent, message=message[:200])


def handler(kind: str):
    def register(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        return func

    return register


def enqueue(*, kind: str, title: str, zone, user, payload: dict | None = None, data: bytes = b"",
            data_name: str = "") -> Job:
    if kind not in _HANDLERS:
        raise ValueError(f"no handler for job kind {kind!r}")
    job = Job.objects.create(
        kind=kind, title=title, zone=zone, created_by=user, payload=payload or {}, data=data, data_name=data_name
    )
    if settings.JOBS_EAGER:  # tests: run now, in the caller's transaction
        run_job(job.pk)
        job.refresh_from_db()
    elif settings.JOBS_RUN_IN_PROCESS:
        transaction.on_commit(lambda: _start_thread(job.pk))
    return job


def _start_thread(job_id: int) -> None:
    def target() -> None:
        try:
            run_job(job_id)
        finally:
            connection.close()

    threading.Thread(target=target, name=f"job-{job_id}", daemon=True).start()


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:100]


def claim(job_id: int) -> bool:
    return bool(
        Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, claimed_by=_worker_name(), started_at=timezone.now(), progress=0
        )
    )


def run_job(job_id: int) -> bool:
    """Claim and run one job; False when someone else had it already."""
    if not claim(job_id):
        return False
    job = Job.objects.select_related("zone", "created_by").get(pk=job_id)
    func = _HANDLERS[job.kind]
    try:
        with change_source(ChangeSource.IMPORT if ".import" in job.kind else ChangeSource.JOB, ref=f"任务#{job.pk}"):
            result = func(job, Progress(job))
    except JobError as exc:
        _finish(job, JobStatus.FAILED, error_message=exc.message, errors=exc.errors)
    except Exception as exc:  # noqa: BLE001 - a job must never die silently
        log.exception("job %s failed", job.pk)
        _finish(job, JobStatus.FAILED, error_message=f"任务执行出错: {exc.__class__.__name__}: {exc}")
    else:
        _finish(job, JobStatus.SUCCEEDED, result=result or {})
    return True


def _finish(job: Job, status: str, **fields) -> None:
    # A failed job keeps the progress its handler reported (the in-memory `job` still holds 0 from the claim).
    if status == JobStatus.SUCCEEDED:
        fields["progress"] = 100
    Job.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now(), message="", **fields)


STALE_AFTER = timedelta(hours=2)
MSG_INTERRUPTED = "任务在执行中被中断(服务重启或进程退出), 请重新提交。"


def fail_stale_jobs() -> int:
    """Jobs whose process died mid-run would show 进行中 forever; no import runs for two hours."""
    return Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=timezone.now() - STALE_AFTER).update(
        status=JobStatus.FAILED, finished_at=timezone.now(), error_message=MSG_INTERRUPTED, message="")


def run_worker(*, once: bool = False, poll_seconds: float = 1.0) -> int:
    """Run queued jobs oldest first; returns how many this worker ran."""
    ran = 0
    while True:
        if not connection.in_atomic_block:  # a test's transaction must not be closed under it
            close_old_connections()
        fail_stale_jobs()
        ids = list(Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at", "id").values_list("pk", flat=True)[:10])
        for job_id in ids:
            ran += run_job(job_id)
        if once:
            return ran
        if not ids:
            time.sleep(poll_seconds)
