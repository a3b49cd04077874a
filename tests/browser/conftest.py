"""Headless Chromium from Debian, driven by Selenium through Debian's chromedriver.

These tests never skip: a machine without Chromium fails them (scripts/test.sh installs it).
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread
from pytest_django.live_server_helper import LiveServer
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _binary(name, *fallbacks):
    for candidate in (name, *fallbacks):
        found = shutil.which(candidate)
        if found:
            return found
    raise RuntimeError(f"{name} is not installed: apt-get install -y chromium chromium-driver")


class _SharedConnectionWSGIServer(ThreadedWSGIServer):
    """The live server's request threads share the test's in-memory SQLite connection
    (``connections_override``). Django's server closes every connection when a request thread ends;
    a keep-alive socket that Chromium closes late ends its thread after the server has stopped and
    the connection's thread sharing has been withdrawn, and closing it then raises in that thread.
    A shared connection belongs to the test, so the request threads leave it alone."""

    def _close_connections(self):
        shared = {id(conn) for conn in (self.connections_override or {}).values()}
        for conn in connections.all(initialized_only=True):
            if id(conn) not in shared:
                conn.close()


class _LiveServerThread(LiveServerThread):
    server_class = _SharedConnectionWSGIServer


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, with request threads that never close the shared connection."""
    server = LiveServer("localhost", start=False)
    server.thread = _LiveServerThread(
        server.thread.host,
        static_handler=server.thread.static_handler,
        connections_override=server.thread.connections_override,
    )
    server.thread.daemon = True
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(live_server):
    """Headless Chromium. It asks for the live server so that it quits first: its keep-alive
    connections then end while the server still runs."""
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
