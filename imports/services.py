"""Imports of spreadsheet files: a dry run first, then the commit, each recorded in ``ImportRun``.

``import_file`` is the one entry point (the upload page and ``manage.py import_xlsx`` both call
it): it checks the file's content, reads, validates and, only when every row is valid, writes
inside one transaction through the domain services. A dry run writes nothing but its record.
"""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import roles
from imports import storage
from imports.engine import Importer
from imports.models import ImportRun
from imports.reading import FileRejected, Source, file_digest, inspect_file
from imports.report import CREATED, UNCHANGED, UPDATED, Report
from imports.spool import Spool
from jobs.models import Job
from jobs.services import job_start


def _require_writer(actor) -> None:
    if not roles.can_write(actor):
        raise PermissionDenied(_("Peran Anda hanya dapat membaca data."))


def _process(*, actor, path: Path, original_name: str, commit: bool, progress) -> tuple[Report, str, str, int]:
    """Run the import; return its report, the file's format, sha256 and size."""
    try:
        info = inspect_file(path, original_name=original_name)
    except FileRejected as rejected:
        sha256, size, _head = file_digest(path)
        report = Report(rejected=True)
        report.error("", None, "", rejected.message)
        return report, "", sha256, size
    source = None
    try:
        source = Source(path, info)
        with Spool() as spool:
            importer = Importer(actor=actor, source=source, spool=spool, original_name=original_name, progress=progress)
            report = importer.run(commit=commit)
    except FileRejected as rejected:
        report = Report(rejected=True)
        report.error("", None, "", rejected.message)
    finally:
        if source is not None:
            source.close()
    return report, info.format, info.sha256, info.size


def import_file(
    *,
    actor,
    path: Path,
    original_name: str,
    commit: bool,
    origin: str,
    source_run: ImportRun | None = None,
    progress=None,
) -> ImportRun:
    """Import the file at ``path`` as ``actor`` and record the run (dry run unless ``commit``)."""
    _require_writer(actor)
    started = timezone.now()
    report, file_format, sha256, size = _process(
        actor=actor, path=path, original_name=original_name, commit=commit, progress=progress
    )
    if report.rejected:
        status = ImportRun.Status.REJECTED
    else:
        status = ImportRun.Status.VALID if report.ok else ImportRun.Status.INVALID
    run = ImportRun(
        user=actor,
        username=actor.get_username(),
        original_name=Path(original_name).name[:255] or "-",
        sha256=sha256,
        size=size,
        file_format=file_format,
        mode=ImportRun.Mode.COMMIT if commit else ImportRun.Mode.DRY_RUN,
        status=status,
        origin=origin,
        sheets=report.sheets,
        rows=report.rows,
        created=report.counts[CREATED] if report.ok else 0,
        updated=report.counts[UPDATED] if report.ok else 0,
        unchanged=report.counts[UNCHANGED] if report.ok else 0,
        errors=report.error_count,
        report=report.as_json(),
        source_run=source_run,
        started_at=started,
        finished_at=timezone.now(),
    )
    run.full_clean()
    run.save()
    return run


def _close_pending(actor) -> None:
    """A new upload replaces the user's dry runs still waiting: their files are deleted, so each
    user keeps at most one file on the server."""
    for pending in ImportRun.objects.filter(user=actor, mode=ImportRun.Mode.DRY_RUN).exclude(stored_name=""):
        storage.discard(pending.stored_name)
        pending.stored_name = ""
        pending.save(update_fields=["stored_name"])


@transaction.atomic
def import_upload(*, actor, upload) -> Job:
    """Keep an uploaded file under a server-chosen name and queue its dry run (a background job);
    the file stays only while the dry run is valid and waiting to be committed."""
    _require_writer(actor)
    _close_pending(actor)
    name, _path = storage.store(upload.chunks())
    original_name = Path(upload.name).name[:255] or "-"
    return job_start(
        owner=actor,
        kind=Job.Kind.IMPORT,
        title=_("Uji coba impor %(name)s") % {"name": original_name},
        params={"stored_name": name, "original_name": original_name, "commit": False},
    )


def import_stored_dry_run(*, actor, stored_name: str, original_name: str, progress=None) -> ImportRun:
    """Dry-run a stored upload (the upload's job); keep the file only when the dry run is valid."""
    path = storage.path_of(stored_name)
    try:
        run = import_file(
            actor=actor,
            path=path,
            original_name=original_name,
            commit=False,
            origin=ImportRun.Origin.WEB,
            progress=progress,
        )
    except BaseException:
        storage.discard(stored_name)
        raise
    if run.status == ImportRun.Status.VALID:
        run.stored_name = stored_name
        run.full_clean()
        run.save(update_fields=["stored_name"])
    else:
        storage.discard(stored_name)
    return run


def can_commit(run: ImportRun, actor) -> bool:
    return (
        run.mode == ImportRun.Mode.DRY_RUN
        and run.status == ImportRun.Status.VALID
        and bool(run.stored_name)
        and run.user_id == getattr(actor, "pk", None)
    )


def import_run_commit_start(*, actor, run: ImportRun) -> Job:
    """Queue the commit of a valid dry run (a background job); refused at once when it may not be
    committed."""
    _require_writer(actor)
    if not can_commit(run, actor):
        raise ValidationError(_("Uji coba ini tidak dapat (lagi) diterapkan. Unggah berkasnya lagi."))
    return job_start(
        owner=actor,
        kind=Job.Kind.IMPORT,
        title=_("Penerapan impor %(name)s") % {"name": run.original_name},
        params={"run": run.pk, "commit": True},
    )


@transaction.atomic
def import_run_commit(*, actor, run: ImportRun, progress=None) -> ImportRun:
    """Commit the file of a valid dry run (by the user who ran it). The file is read and validated
    again against the data as it is now; the dry run's stored file is then deleted."""
    _require_writer(actor)
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if not can_commit(run, actor):
        raise ValidationError(_("Uji coba ini tidak dapat (lagi) diterapkan. Unggah berkasnya lagi."))
    path = storage.path_of(run.stored_name)
    if not path.exists() or file_digest(path)[0] != run.sha256:
        raise ValidationError(_("Berkas uji coba ini tidak ditemukan lagi. Unggah berkasnya lagi."))
    committed = import_file(
        actor=actor,
        path=path,
        original_name=run.original_name,
        commit=True,
        origin=ImportRun.Origin.WEB,
        source_run=run,
        progress=progress,
    )
    storage.discard(run.stored_name)
    run.stored_name = ""
    run.save(update_fields=["stored_name"])
    return committed
