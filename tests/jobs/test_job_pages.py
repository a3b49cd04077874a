"""Job pages: the import's job page and its progress fragment, cancel, retry of a job whose worker
died, the result download, retention, the officials' backup page and report jobs."""

import json
import re
import signal
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from imports.models import ImportRun
from interventions.models import Intervention
from jobs import progress
from jobs.models import Job
from tests.factories.imports import new_interventions_xlsx

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings):
    """The database queue instead of the tests' inline jobs; ``drain()`` runs the documented worker
    command until the queue is empty. The worker closes a connection left inside a transaction
    (``close_old_connections``), so tests that drain the queue run outside one."""
    settings.TASKS = DB_QUEUE
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}

    def drain():
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload", verbosity=0)
        for number, handler in handlers.items():
            signal.signal(number, handler)

    return drain


def upload(client, name, content):
    return client.post("/imports/new/", {"file": SimpleUploadedFile(name, content)})


@pytest.mark.django_db(transaction=True)
def test_upload_answers_at_once_with_a_job_page_that_polls_until_the_import_lands(client_for, seed, official, queue):
    client = client_for(official)
    response = upload(client, "besar.xlsx", new_interventions_xlsx(30, prefix="antre"))
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.state, job.kind, ImportRun.objects.count()) == ("queued", "import", 0), "nothing ran in the request"

    page = client.get(response["Location"]).content.decode()
    assert f'hx-get="/jobs/{job.pk}/progress/"' in page and 'hx-trigger="every 1s"' in page
    assert 'id="job-cancel"' in page and "Menunggu" in page
    assert "<script>" not in page
    listing = client.get("/imports/").content.decode()
    assert 'id="import-active-jobs"' in listing and f'hx-get="/jobs/{job.pk}/progress/"' in listing

    queue()
    job.refresh_from_db()
    run = ImportRun.objects.get()
    assert (job.state, job.result_url, job.attempts) == ("done", f"/imports/{run.pk}/", 1)
    assert (run.status, run.created) == ("valid", 30)
    assert not Intervention.objects.filter(reference__startswith="antre-").exists(), "a dry run saves nothing"
    fragment = client.get(f"/jobs/{job.pk}/progress/", headers={"HX-Request": "true"})
    assert (fragment.status_code, fragment["HX-Redirect"]) == (204, f"/imports/{run.pk}/")
    finished = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert "hx-trigger" not in finished, "a finished job stops polling"
    assert 'value="100"' in finished and "Selesai" in finished
    assert 'id="import-active-jobs"' not in client.get("/imports/").content.decode()

    response = client.post(f"/imports/{run.pk}/commit/")
    commit_job = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == commit_job.get_absolute_url() and commit_job.state == "queued"
    queue()
    assert Intervention.objects.filter(reference__startswith="antre-").count() == 30


def test_progress_shows_rows_percent_elapsed_and_estimate(client_for, official, settings):
    job = Job.objects.create(owner=official, kind="import", title="uji", state="running", started_at=timezone.now())
    job.started_at = timezone.now() - timedelta(seconds=20)
    job.save(update_fields=["started_at"])
    reporter = progress.Reporter(job.pk)
    reporter.update(250, 1000, step=2, steps=3, label="Memeriksa lembar intervensi")
    page = client_for(official).get(f"/jobs/{job.pk}/progress/").content.decode()
    assert "250 dari 1.000" in page
    assert 'value="41"' in page and "41 %" in page, "(1 step + a quarter) of 3"
    assert "Memeriksa lembar intervensi" in page
    status = client_for(official).get(f"/api/v1/jobs/{job.pk}/").json()
    assert (status["done"], status["total"], status["percent"], status["state"]) == (250, 1000, 41, "running")
    assert 20 <= status["elapsed_seconds"] <= 35
    assert status["eta_seconds"] == pytest.approx(status["elapsed_seconds"] * 1.4, abs=1.5), "7/12 left at 5/12 done"
    elapsed = int(re.search(r'id="job-elapsed">(\d+) dtk<', page).group(1))
    eta = int(re.search(r'id="job-eta">(\d+) dtk<', page).group(1))
    assert 20 <= elapsed <= 35 and eta == pytest.approx(elapsed * 1.4, abs=1.5), "the page shows them too"


@pytest.mark.django_db(transaction=True)
def test_cancel_a_queued_job_and_the_worker_skips_it(client_for, seed, official, queue):
    client = client_for(official)
    upload(client, "batal.xlsx", new_interventions_xlsx(3, prefix="batal"))
    job = Job.objects.get()
    response = client.post(f"/jobs/{job.pk}/cancel/")
    assert response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.state == "cancelled"
    queue()
    job.refresh_from_db()
    assert (job.state, job.attempts, ImportRun.objects.count()) == ("cancelled", 0, 0)


def test_a_running_import_cancelled_mid_way_rolls_back(seed, official, settings, client_for):
    """The reporter raises at its next update once the cancel file exists; the import's one
    transaction rolls back."""
    settings.IMPORTS_CHUNK_ROWS = 5
    client = client_for(official)
    upload(client, "a.xlsx", new_interventions_xlsx(20, prefix="siap"))
    run = ImportRun.objects.get()
    from jobs import registry

    original = registry.HANDLERS["import"]

    def cancel_once_writing(job, reporter):
        update = reporter.update

        def update_and_cancel(done, total=0, **kwargs):
            if kwargs.get("step") == 3 and done >= 10:
                progress.request_cancel(job.pk)
            update(done, total, **kwargs)

        reporter.update = update_and_cancel
        return original(job, reporter)

    registry.HANDLERS["import"] = cancel_once_writing
    try:
        client.post(f"/imports/{run.pk}/commit/")
    finally:
        registry.HANDLERS["import"] = original
    job = Job.objects.get(params__commit=True)
    assert job.state == "cancelled"
    assert not Intervention.objects.filter(reference__startswith="siap-").exists()
    assert not ImportRun.objects.filter(mode="commit").exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="job-retry"' in page


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_died_reads_as_failed_and_can_be_retried(client_for, seed, official, settings, queue):
    settings.JOBS_STALE_SECONDS = 5
    client = client_for(official)
    upload(client, "mati.xlsx", new_interventions_xlsx(4, prefix="mati"))
    job = Job.objects.get()
    # What a killed worker leaves: the row says running, the heartbeat stopped long ago.
    job.state, job.started_at = "running", timezone.now() - timedelta(minutes=5)
    job.save(update_fields=["state", "started_at"])
    path = progress.folder() / f"{job.pk}.progress.json"
    path.write_text(json.dumps({"done": 2, "total": 4, "step": 3, "steps": 3, "beat": time.time() - 60}))

    page = client.get(job.get_absolute_url()).content.decode()
    assert "Gagal" in page and "Pekerja berhenti" in page
    assert 'id="job-retry"' in page and 'id="job-cancel"' not in page and "hx-trigger" not in page
    assert client.get(f"/api/v1/jobs/{job.pk}/").json()["state"] == "failed"

    response = client.post(f"/jobs/{job.pk}/retry/")
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.state == "queued"
    queue()
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 1)
    assert ImportRun.objects.get().status == "valid"


def test_prune_jobs_deletes_files_past_the_retention_period(official, settings):
    settings.JOBS_RETENTION_HOURS = 24
    old = Job.objects.create(owner=official, kind="export", title="lama", state="done", result_name="1-a")
    new = Job.objects.create(owner=official, kind="export", title="baru", state="done", result_name="2-b")
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(hours=25))
    Job.objects.filter(pk=new.pk).update(finished_at=timezone.now() - timedelta(hours=23))
    for name in ("1-a", "2-b"):
        (progress.folder() / name).write_bytes(b"x")
    call_command("prune_jobs", verbosity=0)
    assert not (progress.folder() / "1-a").exists() and (progress.folder() / "2-b").exists()
    old.refresh_from_db()
    assert old.result_name == ""


@pytest.mark.django_db(transaction=True)
def test_officials_start_a_backup_from_a_page_and_download_it(client_for, official, researcher, queue):
    client = client_for(official)
    assert 'id="backup-start"' in client.get("/backups/").content.decode()
    response = client.post("/backups/")
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.state) == ("backup", "queued")
    queue()
    job.refresh_from_db()
    assert job.state == "done", job.message
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="job-download"' in page
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)
    assert client_for(researcher).post("/backups/").status_code == 403
    assert client_for(researcher).get(f"/jobs/{job.pk}/download/").status_code == 404
    assert Job.objects.count() == 1


def test_a_report_download_runs_as_a_job_for_signed_in_users(client_for, researcher, seed):
    client = client_for(researcher)
    response = client.get("/reports/tabel-2.xlsx", {"async": "1"})
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.state, job.download_name.endswith(".xlsx")) == ("report", "done", True)
    body = b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content)
    direct = b"".join(client.get("/reports/tabel-2.xlsx").streaming_content)
    assert body[:2] == b"PK" and len(body) == pytest.approx(len(direct), rel=0.05)
    anonymous = client_for(None).get("/reports/tabel-2.xlsx", {"async": "1"})
    assert anonymous.status_code == 200 and Job.objects.count() == 1, "visitors keep the direct download"


def test_job_list_shows_ones_own_jobs_with_flat_queries(client_for, official, researcher):
    for index in range(3):
        Job.objects.create(owner=researcher, kind="export", title=f"ekspor {index}")
    Job.objects.create(owner=official, kind="backup", title="cadangan-pejabat")
    client = client_for(researcher)
    client.get("/jobs/")
    few, page = _queries(client)
    assert "ekspor 2" in page and "cadangan-pejabat" not in page
    for index in range(20):
        Job.objects.create(owner=researcher, kind="export", title=f"lagi {index}")
    many, page = _queries(client)
    assert "lagi 19" in page
    assert many == few, "the list runs the same queries for 3 and 23 jobs"
    assert "cadangan-pejabat" in client_for(official).get("/jobs/").content.decode()


def _queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/jobs/").content.decode()
    return len(captured), page
