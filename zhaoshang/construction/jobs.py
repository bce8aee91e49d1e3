"""The 督办 scan as a background job. Importing this module registers the handler (see apps.py)."""

from datetime import date

from zhaoshang.construction.services import supervision_scan
from zhaoshang.core.services import ensure_can_write
from zhaoshang.jobs.runner import enqueue, handler

JOB_KIND = "construction.supervision_scan"


@handler(JOB_KIND)
def run_supervision_scan(job, progress) -> dict:
    """Scan the job's zone as of the payload's date (default today) as the system, not as a user: the
    writer who queued it was checked when it was queued."""
    as_of = job.payload.get("as_of")
    progress(10, "检查节点、投资进度和项目进展")
    result = supervision_scan(zone=job.zone, as_of=date.fromisoformat(as_of) if as_of else None, by=None)
    return result.as_dict()


def enqueue_supervision_scan(*, zone, user, as_of: date | None = None):
    """Queue a scan of one zone (a scheduler or another page may call this; the 督办 page scans at once)."""
    ensure_can_write(user, zone.pk)
    return enqueue(kind=JOB_KIND, title=f"督办检查: {zone}", zone=zone, user=user,
                   payload={"as_of": as_of.isoformat()} if as_of else {})
