"""An import uploaded on the page runs in a background worker: the job page's bar moves (htmx
polling, strict CSP), then the import's report opens by itself; the commit goes the same way."""

import threading
import time

import pytest
from django.db import OperationalError, connection
from django_tasks_db.management.commands.db_worker import Worker
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from imports.models import ImportRun
from interventions.models import Intervention
from tests.factories.accounts import PASSWORD
from tests.factories.imports import new_interventions_xlsx

ROWS = 120


@pytest.fixture
def worker(settings, tmp_path):
    """One database-queue worker in a thread of this process (it shares the live server's test
    database, also SQLite's in-memory one)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.IMPORTS_CHUNK_ROWS = 10
    running = Worker(
        queue_names=["default"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-test",
        excluded_queue_names=[],
    )

    def run():
        # SQLite's shared in-memory test database answers "table is locked" (not "busy") while
        # the live server's thread writes; the worker then looks again, as it does for "busy".
        try:
            while running.running:
                try:
                    running.run()
                except OperationalError:
                    time.sleep(0.1)
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield running
    running.running = False
    thread.join(timeout=120)


def watch_bar(driver, *, until_path: str, timeout: float = 300) -> list[str]:
    """The progress bar's values as the page polls, until the browser is sent to ``until_path``."""
    seen = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        if until_path in driver.current_url:
            return seen
        try:
            bar = driver.find_element(By.ID, "job-bar")
            rows = driver.find_element(By.ID, "job-rows").text
            value = (bar.get_attribute("value") or "", rows)
            if not seen or seen[-1] != value:
                seen.append(value)
        except (NoSuchElementException, StaleElementReferenceException):
            continue  # the fragment was being swapped; look again
        finally:
            time.sleep(0.2)
    raise AssertionError(f"never reached {until_path}; bar values seen: {seen}")


# A worker beside the live server needs its own connection to the same database: SQLite's shared
# in-memory test database locks whole tables between the two threads, so this runs on PostgreSQL
# (CI's second pass) and is deselected, not skipped, on SQLite.
@pytest.mark.postgres
def test_an_uploaded_import_shows_a_moving_progress_bar_and_lands(page, seed, official, worker, tmp_path):
    path = tmp_path / "banyak.xlsx"
    path.write_bytes(new_interventions_xlsx(ROWS, prefix="peramban"))
    driver = page.open("/accounts/login/")
    driver.find_element(By.NAME, "username").send_keys(official.username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "current-user")))

    page.open("/imports/new/")
    driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(path))
    driver.find_element(By.ID, "import-upload-submit").click()
    WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "job-progress")))
    assert "/jobs/" in driver.current_url
    assert driver.find_element(By.ID, "job-cancel").is_displayed()

    seen = watch_bar(driver, until_path="/imports/")
    page.screenshot("import-progress-dry-run")
    assert len(seen) >= 3, f"several polls with a changing bar: {seen}"
    dry = ImportRun.objects.get()
    assert driver.current_url.endswith(f"/imports/{dry.pk}/")
    assert (dry.status, dry.created) == ("valid", ROWS)

    driver.find_element(By.ID, "import-commit-submit").click()
    WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "job-progress")))
    seen = watch_bar(driver, until_path="/imports/")
    assert len(seen) >= 3, f"several polls with a changing bar: {seen}"
    committed = ImportRun.objects.get(mode="commit")
    assert driver.current_url.endswith(f"/imports/{committed.pk}/")
    assert Intervention.objects.filter(reference__startswith="peramban-").count() == ROWS
    assert page.console_errors() == [], "no CSP violation or script error"
