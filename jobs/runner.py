"""Runs one job inside a worker: marks it running, calls its handler with a progress reporter,
and records how it ended."""

import logging
import shutil
import uuid

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs import progress
from jobs.models import Job
from jobs.registry import HANDLERS

logger = logging.getLogger(__name__)


def _finish(job: Job, state: str, message: str, reporter: progress.Reporter) -> None:
    job.state = state
    job.message = message
    job.done, job.total = reporter.snapshot.done, reporter.snapshot.total
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "state",
            "message",
            "done",
            "total",
            "finished_at",
            "result_url",
            "result_name",
            "download_name",
            "content_type",
        ]
    )


def execute(job_id: int) -> str:
    job = Job.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.state != Job.State.QUEUED:
        return "skipped"
    reporter = progress.Reporter(job.pk)
    if progress.cancel_requested(job.pk):
        _finish(job, Job.State.CANCELLED, _("Dibatalkan sebelum mulai."), reporter)
        return job.state
    job.state, job.started_at, job.attempts = Job.State.RUNNING, timezone.now(), job.attempts + 1
    job.save(update_fields=["state", "started_at", "attempts"])
    reporter.start()
    try:
        with translation.override(job.params.get("language") or None):
            outcome = HANDLERS[job.kind](job, reporter)
            if outcome.file is not None:
                job.result_name = f"{job.pk}-{uuid.uuid4().hex}"
                shutil.move(outcome.file, progress.folder() / job.result_name)
                job.download_name, job.content_type = outcome.download_name, outcome.content_type
            job.result_url = outcome.result_url
            _finish(job, Job.State.DONE, str(outcome.message), reporter)
    except progress.JobCancelled:
        _finish(job, Job.State.CANCELLED, _("Dibatalkan; tidak ada yang disimpan."), reporter)
    except Exception as error:  # noqa: BLE001 - a job's failure is its outcome: recorded, shown, retryable
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, Job.State.FAILED, str(error) or type(error).__name__, reporter)
    finally:
        reporter.stop()
    return job.state
