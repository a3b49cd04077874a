"""Reads of jobs for pages and the API, with what a reader should see of a running job."""

import time
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from jobs import progress
from jobs.models import Job


def job_list(*, user):
    return Job.objects.visible_to(user).select_related("owner")


def job_active_list(*, user, kind: str):
    """The user's own jobs of ``kind`` still queued or running, oldest first."""
    return (
        job_list(user=user)
        .filter(owner=user, kind=kind, state__in=[Job.State.QUEUED, Job.State.RUNNING])
        .order_by("created_at")[:10]
    )


def job_get(*, user, pk) -> Job:
    """The job if ``user`` may see it (its owner, or an official); ``Job.DoesNotExist`` otherwise."""
    return job_list(user=user).get(pk=pk)


def job_result_path(job: Job):
    """The finished job's file on disk, or None (not done, no file, or already pruned)."""
    if job.state != Job.State.DONE or not job.result_name:
        return None
    path = progress.folder() / job.result_name
    return path if path.exists() else None


def is_stale(job: Job, snapshot: progress.Snapshot | None = None) -> bool:
    """A running job whose heartbeat stopped: its worker died (killed, machine restarted)."""
    if job.state != Job.State.RUNNING:
        return False
    snapshot = snapshot if snapshot is not None else progress.read(job.pk)
    last = snapshot.beat if snapshot else job.started_at.timestamp()
    return time.time() - last > progress.stale_seconds()


@dataclass
class JobStatus:
    state: str
    state_label: str
    message: str
    done: int
    total: int
    label: str
    percent: int | None
    elapsed_seconds: int
    eta_seconds: int | None
    finished: bool
    stale: bool


def job_status(job: Job) -> JobStatus:
    """State and progress as a reader sees them; a dead worker's job reads as failed."""
    snapshot = progress.read(job.pk) if job.state == Job.State.RUNNING else None
    stale = is_stale(job, snapshot)
    state, message = job.state, job.message
    if stale:
        state = Job.State.FAILED
        message = _("Pekerja berhenti saat pekerjaan ini berjalan; tidak ada yang disimpan.")
    done, total, label, fraction = job.done, job.total, "", None
    if snapshot is not None:
        done, total, label, fraction = snapshot.done, snapshot.total, snapshot.label, snapshot.fraction
    if state == Job.State.DONE:
        fraction = 1.0
    end = job.finished_at or timezone.now()
    elapsed = (end - job.started_at).total_seconds() if job.started_at else 0
    eta = None
    if state == Job.State.RUNNING and fraction and fraction > 0.01:
        eta = int(elapsed * (1 - fraction) / fraction)
    return JobStatus(
        state=state,
        state_label=Job.State(state).label,
        message=message,
        done=done,
        total=total,
        label=label,
        percent=int(fraction * 100) if fraction is not None else None,
        elapsed_seconds=int(elapsed),
        eta_seconds=eta,
        finished=state in (Job.State.DONE, Job.State.FAILED, Job.State.CANCELLED),
        stale=stale,
    )
