"""Fixtures for the browser suites: a live `taizhang serve` on demo data, and headless Chromium.

- `site`: a server on a 30-unit, 200-problem demo data set (seed 7) — on SQLite, and on PostgreSQL
  whenever TAIZHANG_TEST_POSTGRES is set (scripts/test.sh starts one); TAIZHANG_BROWSER_POSTGRES=0
  keeps them to SQLite.
- `browser`: a factory; `browser()` opens a headless Chromium (call it twice for a two-person test).
  Every driver is closed after the test; when the test failed, each one's page is saved first as
  test-output/screenshots/FAILED-<test>-<n>.png.

Without Chromium, chromedriver or selenium the whole suite skips with the reason.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

import browser_kit
from taizhang_e2e import Server, binary, fresh_postgres_database, make_demo


@pytest.fixture(scope="session", autouse=True)
def browser_tools():
    """Skips every browser test, with the reason, when the tools are missing; else clears test-output."""
    reason = browser_kit.missing_tools()
    if reason:
        pytest.skip(reason)
    browser_kit.reset_output()


@pytest.fixture(scope="session")
def taizhang_bin() -> Path:
    try:
        return binary()
    except RuntimeError as e:
        pytest.fail(str(e))


@dataclass
class Site:
    base: str  # http://127.0.0.1:PORT
    data: Path  # the data directory (SQLite file, evidence)
    database: str | None  # postgres://… or None for SQLite
    kind: str  # "sqlite" or "postgres"
    server: Server


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def site(request, taizhang_bin):
    database = None
    if request.param == "postgres":
        if os.environ.get("TAIZHANG_BROWSER_POSTGRES") == "0":
            pytest.skip("PostgreSQL: TAIZHANG_BROWSER_POSTGRES=0 (the browser suites run on SQLite only)")
        url = os.environ.get("TAIZHANG_TEST_POSTGRES")
        if not url:
            pytest.skip("PostgreSQL: TAIZHANG_TEST_POSTGRES is not set (scripts/test.sh sets it when it can start PostgreSQL)")
        database = fresh_postgres_database(url, "taizhang_browser")
    work = Path(tempfile.mkdtemp(prefix=f"taizhang-browser-{request.param}-"))
    data = work / "data"
    make_demo(data, units=30, problems=200, seed=7, database=database)
    # The log goes to test-output/ (not the temp dir) so it is still there when a test failed.
    browser_kit.OUT.mkdir(parents=True, exist_ok=True)
    log = browser_kit.OUT / f"server-{request.param}.log"
    log.unlink(missing_ok=True)
    server = Server(data, log=log, database=database)
    server.start()
    try:
        yield Site(server.base, data, database, request.param, server)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item, so `browser` can tell at teardown whether the test failed.
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def browser(request):
    drivers = []

    def open_browser(width: int = browser_kit.DESKTOP[0], height: int = browser_kit.DESKTOP[1]):
        driver = browser_kit.new_driver(width, height)
        drivers.append(driver)
        return driver

    yield open_browser

    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    for n, driver in enumerate(drivers, 1):
        try:
            if failed:
                browser_kit.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                driver.save_screenshot(str(browser_kit.SCREENSHOTS / f"FAILED-{safe}-{n}.png"))
        except Exception:  # a crashed browser must not hide the test's own failure
            pass
        finally:
            driver.quit()
