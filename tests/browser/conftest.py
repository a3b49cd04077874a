"""Headless Chromium from Debian, driven by Selenium through Debian's chromedriver.

These tests never skip: a machine without Chromium fails them (scripts/test.sh installs it).
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _binary(name, *fallbacks):
    for candidate in (name, *fallbacks):
        found = shutil.which(candidate)
        if found:
            return found
    raise RuntimeError(f"{name} is not installed: apt-get install -y chromium chromium-driver")


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = _binary("chromium", "chromium-browser")
    profile = tempfile.mkdtemp(prefix="kotaku-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1366,900",
        f"--user-data-dir={profile}",
        "--lang=id",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=_binary("chromedriver")), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser, live_server):
    """The browser with a clean cookie jar, plus helpers bound to the live server."""
    browser.delete_all_cookies()

    class Page:
        driver = browser
        base = live_server.url

        def open(self, path):
            browser.get(self.base + path)
            return browser

        def console_errors(self):
            return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]

        def screenshot(self, name):
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            path = ARTIFACTS / f"{name}.png"
            browser.save_screenshot(str(path))
            return path

    yield Page()
    browser.delete_all_cookies()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
