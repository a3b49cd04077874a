"""Imports as background jobs: the upload's dry run and the commit, with their progress."""

from django.utils.translation import gettext as _

from imports import services
from imports.models import ImportRun
from jobs.models import Job
from jobs.registry import Outcome, register

STEPS = 3


def progress_for(reporter):
    """The engine's ``(sheet, done, total, writing)`` ticks as the job's three steps: read, check,
    write (a dry run writes too, then rolls back)."""

    def tick(sheet, done, total, writing):
        if writing:
            step, label = 3, _("Menulis lembar %(sheet)s") % {"sheet": sheet}
        elif total:
            step, label = 2, _("Memeriksa lembar %(sheet)s") % {"sheet": sheet}
        else:
            step, label = 1, _("Membaca lembar %(sheet)s") % {"sheet": sheet}
        reporter.update(done, total, step=step, steps=STEPS, label=label)

    return tick


@register(Job.Kind.IMPORT)
def run_import(job: Job, reporter) -> Outcome:
    params = job.params
    if params.get("commit"):
        source = ImportRun.objects.get(pk=params["run"])
        run = services.import_run_commit(actor=job.owner, run=source, progress=progress_for(reporter))
    else:
        run = services.import_stored_dry_run(
            actor=job.owner,
            stored_name=params["stored_name"],
            original_name=params["original_name"],
            progress=progress_for(reporter),
        )
    if run.status == ImportRun.Status.VALID:
        message = _("Impor diterapkan.") if run.mode == ImportRun.Mode.COMMIT else _("Uji coba berhasil.")
    else:
        message = _("Berkas berisi kesalahan; tidak ada yang disimpan.")
    return Outcome(message=message, result_url=run.get_absolute_url())
