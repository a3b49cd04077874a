"""Real worker processes (``manage.py db_worker``) on PostgreSQL: several workers share one queue
without running a job twice, and a worker killed in the middle of an import leaves nothing of it."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from imports.models import ImportRun
from interventions.models import Intervention
from jobs import progress
from jobs.models import Job
from jobs.services import job_start
from tests.factories import accounts
from tests.factories.imports import new_interventions_xlsx

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(django_settings.BASE_DIR)


@pytest.fixture
def queue_env(settings, private_media):
    """The database queue, here and in the worker processes, which see this test's database and
    its private folder."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kotaku.test_settings",
        "DATABASE_URL": url,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DJANGO_PRIVATE_MEDIA_ROOT": str(private_media),
    }


def worker(env, *args):
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"]
    return subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
        [*command, *args], cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def test_two_workers_drain_a_queue_of_20_jobs_and_no_job_runs_twice(queue_env):
    call_command("load_seed", verbosity=0)
    owner = accounts.researcher(username="peneliti-antre")
    jobs = [
        job_start(owner=owner, kind=Job.Kind.REPORT, title=f"laporan {n}", params={"slug": "tabel-2", "format": "csv"})
        for n in range(20)
    ]
    assert {job.state for job in jobs} == {"queued"}

    workers = [worker(queue_env, "--batch", "--worker-id", name) for name in ("pekerja-a", "pekerja-b")]
    for process in workers:
        output = process.communicate(timeout=300)[0].decode()
        assert process.returncode == 0, output

    results = list(DBTaskResult.objects.all())
    assert len(results) == 20
    assert all(result.status == "SUCCESSFUL" and len(result.worker_ids) == 1 for result in results)
    assert {result.return_value for result in results} == {"done"}, "no worker found a job already taken"
    assert {result.worker_ids[0] for result in results} == {"pekerja-a", "pekerja-b"}, "both workers took jobs"
    assert set(Job.objects.values_list("state", "attempts")) == {("done", 1)}


def test_a_worker_killed_mid_import_leaves_no_row_and_the_job_reads_failed_with_retry(queue_env, settings, client):
    settings.JOBS_STALE_SECONDS = 3
    env = {**queue_env, "IMPORTS_CHUNK_ROWS": "10"}
    call_command("load_seed", verbosity=0)
    official = accounts.official(username="pejabat-mati")
    client.force_login(official)
    client.post(
        "/imports/new/", {"file": SimpleUploadedFile("bunuh.xlsx", new_interventions_xlsx(150, prefix="bunuh"))}
    )
    dry = worker(env, "--batch")
    assert dry.wait(timeout=600) == 0, dry.stdout.read().decode()
    run = ImportRun.objects.get()
    assert run.status == "valid"
    client.post(f"/imports/{run.pk}/commit/")
    job = Job.objects.get(params__commit=True)

    process = worker(env)
    try:
        deadline = time.time() + 300
        while time.time() < deadline:
            snapshot = progress.read(job.pk)
            if snapshot and snapshot.step == 3 and snapshot.done >= 30:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the commit never reached its write step")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()

    assert not Intervention.objects.filter(reference__startswith="bunuh-").exists(), "the transaction died with it"
    assert not ImportRun.objects.filter(mode="commit").exists()
    job.refresh_from_db()
    assert job.state == "running", "the row still says running: only the stale heartbeat tells"
    time.sleep(settings.JOBS_STALE_SECONDS + 1)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Gagal" in page and "Pekerja berhenti" in page and 'id="job-retry"' in page
    assert json.loads(client.get(f"/api/v1/jobs/{job.pk}/").content)["state"] == "failed"

    client.post(f"/jobs/{job.pk}/retry/")
    again = worker(env, "--batch")
    assert again.wait(timeout=600) == 0, again.stdout.read().decode()
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 2)
    assert Intervention.objects.filter(reference__startswith="bunuh-").count() == 150
