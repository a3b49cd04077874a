"""Report downloads and database backups as background jobs."""

import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import QueryDict
from django.utils.translation import gettext as _

from jobs.exports import response_outcome
from jobs.models import Job
from jobs.registry import Outcome, register
from kotaku import backup, reports

REPORT_FORMATS = {"csv": reports.csv_response, "xlsx": reports.xlsx_response}


@register(Job.Kind.REPORT)
def run_report(job: Job, reporter) -> Outcome:
    params = job.params
    reporter.update(0, 1, label=_("Menyusun laporan"))
    query = QueryDict(params.get("query", ""))
    report = reports.build(params["slug"], reports.scope_from(query), sort=query.get("sort"))
    outcome = response_outcome(REPORT_FORMATS[params["format"]](report), extension=params["format"])
    reporter.update(1, 1, label=_("Menyusun laporan"))
    return outcome


@register(Job.Kind.BACKUP)
def run_backup(job: Job, reporter) -> Outcome:
    db = settings.DATABASES["default"]
    suffix = "sqlite3" if db["ENGINE"].endswith("sqlite3") else "dump"
    reporter.update(0, 1, label=_("Mencadangkan basis data"))
    target = Path(tempfile.mkdtemp()) / f"kotaku-{datetime.now():%Y%m%d-%H%M%S}.{suffix}"
    connection.ensure_connection()
    if suffix == "sqlite3" and connection.in_atomic_block:
        # SQLite's backup API waits forever on a connection with an open transaction (a job run
        # inside a request by the immediate backend); a worker runs jobs outside any transaction.
        raise backup.BackupError(_("Cadangan SQLite hanya dapat dibuat oleh pekerja latar belakang (db_worker)."))
    backup.backup(db, target, sqlite_connection=connection.connection if suffix == "sqlite3" else None)
    reporter.update(1, 1, label=_("Mencadangkan basis data"))
    return Outcome(
        message=_("Cadangan siap diunduh. Simpan di luar server."),
        file=target,
        download_name=target.name,
        content_type="application/octet-stream",
    )
