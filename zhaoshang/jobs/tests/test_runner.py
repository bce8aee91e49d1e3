"""The job queue: claimed once, failures kept with their message, progress visible, oldest first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhaoshang.changelog.context import current_context
from zhaoshang.changelog.models import ChangeSource
from zhaoshang.jobs import runner
from zhaoshang.jobs.models import Job, JobStatus
from zhaoshang.jobs.runner import (
    MSG_INTERRUPTED, JobError, claim, enqueue, fail_stale_jobs, handler, run_job, run_worker,
)

# What the test handlers saw, by job title; cleared before each test.
SEEN: list[dict] = []


@handler("test.echo")
def _echo(job, progress):
    SEEN.append({"title": job.title, "source": current_context().source, "ref": current_context().ref})
    return {"rows": job.payload.get("rows", 0)}


@handler("test.import_rows")
def _import_rows(job, progress):
    SEEN.append({"title": job.title, "source": current_context().source})
    return {}


@handler("test.refused")
def _refused(job, progress):
    progress(60, "正在校验第3行")
    raise JobError("文件中有2行无法导入, 未导入任何数据。",
                   errors=[{"row": 3, "message": "缺少项目名称"}, {"row": 7, "message": "签约日期晚于今天"}])


@handler("test.crashes")
def _crashes(job, progress):
    progress(30, "读取表格")
    return {"ratio": 1 / job.payload["rows"]}


@handler("test.reports_progress")
def _reports_progress(job, progress):
    for percent, step in ((25, "读取表格"), (75, "写入项目")):
        progress(percent, step)
        row = Job.objects.get(pk=job.pk)
        SEEN.append({"progress": row.progress, "message": row.message, "status": row.status})
    return {"rows": 2}


@pytest.fixture(autouse=True)
def _clear_seen():
    SEEN.clear()


@pytest.fixture
def queued(settings, zone, officer):
    """Jobs that wait in the queue, as with a separate worker process."""
    settings.JOBS_EAGER = False

    def make(kind="test.echo", title="导入项目", **payload):
        return enqueue(kind=kind, title=title, zone=zone, user=officer, payload=payload)

    return make


def test_a_job_is_claimed_only_once(queued):
    job = queued()

    assert claim(job.pk) is True
    assert claim(job.pk) is False
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert job.started_at is not None and job.claimed_by


def test_a_job_someone_else_claimed_is_not_run_again(queued):
    job = queued()
    claim(job.pk)

    assert run_job(job.pk) is False
    assert SEEN == []
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING


def test_a_finished_job_is_not_run_again(queued):
    job = queued()
    assert run_job(job.pk) is True

    assert run_job(job.pk) is False
    assert len(SEEN) == 1


def test_a_successful_job_keeps_its_result(queued):
    job = queued(rows=42)

    run_job(job.pk)

    job.refresh_from_db()
    assert (job.status, job.progress, job.result) == (JobStatus.SUCCEEDED, 100, {"rows": 42})
    assert job.finished_at >= job.started_at


def test_a_refused_job_fails_with_its_message_and_row_errors(queued):
    job = queued(kind="test.refused")

    run_job(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_message == "文件中有2行无法导入, 未导入任何数据。"
    assert job.errors == [{"row": 3, "message": "缺少项目名称"}, {"row": 7, "message": "签约日期晚于今天"}]
    assert job.finished_at is not None


def test_a_failed_job_keeps_the_progress_it_had_reached(queued):
    job = queued(kind="test.refused")

    run_job(job.pk)

    assert Job.objects.get(pk=job.pk).progress == 60


def test_an_unexpected_error_fails_the_job_with_a_message_instead_of_losing_it(queued):
    job = queued(kind="test.crashes", rows=0)

    assert run_job(job.pk) is True

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "ZeroDivisionError" in job.error_message
    assert job.finished_at is not None


def test_progress_is_written_to_the_job_row_while_it_runs(queued):
    job = queued(kind="test.reports_progress")

    run_job(job.pk)

    assert SEEN == [
        {"progress": 25, "message": "读取表格", "status": JobStatus.RUNNING},
        {"progress": 75, "message": "写入项目", "status": JobStatus.RUNNING},
    ]
    job.refresh_from_db()
    assert (job.progress, job.message) == (100, "")


def test_progress_never_shows_done_before_the_job_has_finished(queued):
    job = queued()
    progress = runner.Progress(job)

    progress(150, "收尾")

    assert Job.objects.get(pk=job.pk).progress == 99


def test_the_worker_runs_queued_jobs_oldest_first(queued, monkeypatch):
    # The worker drops stale connections between polls; inside the test's transaction that would end it.
    monkeypatch.setattr(runner, "close_old_connections", lambda: None)
    second, first, third = queued(title="第二"), queued(title="第一"), queued(title="第三")
    now = timezone.now()
    for job, minutes_ago in ((first, 30), (second, 20), (third, 10)):
        Job.objects.filter(pk=job.pk).update(created_at=now - timedelta(minutes=minutes_ago))
    already_done = queued(title="已完成")
    Job.objects.filter(pk=already_done.pk).update(status=JobStatus.SUCCEEDED, created_at=now - timedelta(hours=1))

    assert run_worker(once=True) == 3

    assert [seen["title"] for seen in SEEN] == ["第一", "第二", "第三"]
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.SUCCEEDED}


def test_changes_made_by_a_job_are_recorded_as_from_that_job(queued):
    job = queued()
    imported = queued(kind="test.import_rows", title="Excel导入")

    run_job(job.pk)
    run_job(imported.pk)

    assert SEEN[0]["source"] == ChangeSource.JOB and SEEN[0]["ref"] == f"任务#{job.pk}"
    assert SEEN[1]["source"] == ChangeSource.IMPORT
    assert current_context().source == ChangeSource.SHELL


def test_in_eager_mode_a_job_has_run_by_the_time_it_is_enqueued(zone, officer):
    job = enqueue(kind="test.echo", title="导入项目", zone=zone, user=officer, payload={"rows": 3})

    assert (job.status, job.result) == (JobStatus.SUCCEEDED, {"rows": 3})


def test_a_job_of_an_unknown_kind_is_refused_at_once(zone, officer):
    with pytest.raises(ValueError, match="no handler"):
        enqueue(kind="test.nobody", title="无人处理", zone=zone, user=officer)

    assert not Job.objects.exists()


def test_a_job_left_running_by_a_dead_process_is_marked_failed(zone, officer):
    stale = Job.objects.create(kind="projects.import", title="导入", zone=zone, created_by=officer,
                               status=JobStatus.RUNNING, started_at=timezone.now() - timedelta(hours=3))
    fresh = Job.objects.create(kind="projects.import", title="导入", zone=zone, created_by=officer,
                               status=JobStatus.RUNNING, started_at=timezone.now())
    assert fail_stale_jobs() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == JobStatus.FAILED and stale.error_message == MSG_INTERRUPTED
    assert fresh.status == JobStatus.RUNNING
