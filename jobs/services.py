"""Writes on jobs: start (enqueue), cancel, retry, and the retention clean-up."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import roles
from jobs import progress
from jobs.models import Job
from jobs.selectors import is_stale

DEFAULT_RETENTION_HOURS = 72


def retention_hours() -> float:
    return float(getattr(settings, "JOBS_RETENTION_HOURS", DEFAULT_RETENTION_HOURS))


def _enqueue(job: Job) -> None:
    from jobs.tasks import run_job

    result = run_job.enqueue(job.pk)
    job.task_id = str(result.id)[:64]
    job.save(update_fields=["task_id"])


@transaction.atomic
def job_start(*, owner, kind: str, title: str, params: dict) -> Job:
    """Record a job and put it on the queue (with the database backend, in the same transaction)."""
    job = Job(owner=owner, kind=kind, title=str(title)[:200], params={**params, "language": translation.get_language()})
    job.full_clean()
    job.save()
    _enqueue(job)
    job.refresh_from_db()
    return job


def can_cancel(job: Job, actor) -> bool:
    return job.state in (Job.State.QUEUED, Job.State.RUNNING) and not is_stale(job) and _may_act(job, actor)


def can_retry(job: Job, actor) -> bool:
    failed = job.state in (Job.State.FAILED, Job.State.CANCELLED) or is_stale(job)
    return failed and _may_act(job, actor)


def _may_act(job: Job, actor) -> bool:
    return job.owner_id == actor.pk or roles.is_official(actor)


@transaction.atomic
def job_cancel(*, actor, job: Job) -> Job:
    """A queued job is cancelled at once; a running one stops at its next progress update, and its
    transaction rolls back."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if not can_cancel(job, actor):
        raise ValidationError(_("Pekerjaan ini tidak dapat dibatalkan lagi."))
    progress.request_cancel(job.pk)
    if job.state == Job.State.QUEUED:
        job.state, job.message, job.finished_at = Job.State.CANCELLED, _("Dibatalkan sebelum mulai."), timezone.now()
        job.save(update_fields=["state", "message", "finished_at"])
    return job


@transaction.atomic
def job_retry(*, actor, job: Job) -> Job:
    """Run a failed, cancelled or dead job again, as the same job (its page stays the same)."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if not can_retry(job, actor):
        raise ValidationError(_("Pekerjaan ini tidak dapat diulang."))
    progress.clear(job.pk)
    job.state, job.message, job.done, job.total = Job.State.QUEUED, "", 0, 0
    job.started_at = job.finished_at = None
    job.save(update_fields=["state", "message", "done", "total", "started_at", "finished_at"])
    _enqueue(job)
    return job


def job_mark_stale_failed() -> int:
    """Record as failed the running jobs whose worker died (no heartbeat for too long)."""
    count = 0
    for job in Job.objects.filter(state=Job.State.RUNNING):
        if is_stale(job):
            job.state, job.finished_at = Job.State.FAILED, timezone.now()
            job.message = _("Pekerja berhenti saat pekerjaan ini berjalan; tidak ada yang disimpan.")
            job.save(update_fields=["state", "message", "finished_at"])
            count += 1
    return count


def job_prune(*, now=None) -> int:
    """Delete the result files of jobs finished more than the retention period ago; the job rows
    stay (history), without their file. Returns how many files were deleted."""
    cutoff = (now or timezone.now()) - timedelta(hours=retention_hours())
    expired = Job.objects.filter(finished_at__lt=cutoff).exclude(result_name="")
    count = 0
    for job in expired:
        (progress.folder() / job.result_name).unlink(missing_ok=True)
        progress.clear(job.pk)
        job.result_name = ""
        job.save(update_fields=["result_name"])
        count += 1
    return count
