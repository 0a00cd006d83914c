"""Fixtures for the spreadsheet suites (import and export of .xlsx / .csv against real files).

- `site`: per test module, a fresh 30-unit, 200-problem demo data set (seed 7) with `taizhang serve`
  on it — on SQLite, and on PostgreSQL when TAIZHANG_TEST_POSTGRES is set (a fresh database on that
  server; skipped with the reason otherwise). Import and export change data, so modules do not share one.
- `sqlite_site`: the same on SQLite only (malformed files are refused before the database is touched).
- `workdir`: a temporary directory for the session; `lo`: LibreOffice conversion, skipping when it is
  not installed.

The binary is TAIZHANG_BIN, else .build/debug/taizhang.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

import sheet_kit  # noqa: E402
from taizhang_e2e import binary  # noqa: E402


@pytest.fixture(scope="session")
def taizhang_bin() -> Path:
    try:
        return binary()
    except RuntimeError as e:
        pytest.fail(str(e))


@pytest.fixture(scope="session")
def workdir():
    d = Path(tempfile.mkdtemp(prefix="taizhang-sheets-"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


def _module_name(request) -> str:
    return request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")


def _site(request, workdir, kind: str):
    url = None
    if kind == "postgres":
        url = os.environ.get("TAIZHANG_TEST_POSTGRES")
        if not url:
            pytest.skip("PostgreSQL: TAIZHANG_TEST_POSTGRES is not set (scripts/test.sh sets it when it can start PostgreSQL)")
    site = sheet_kit.start_site(workdir, _module_name(request), kind, url)
    try:
        yield site
    finally:
        site.server.stop()
        if site.database:
            # Leave the server's database list as it was: drop the per-module database.
            import subprocess

            subprocess.run(
                ["psql", url, "-qc", f'DROP DATABASE IF EXISTS "taizhang_sheets_{_module_name(request)}"'],
                capture_output=True, timeout=60,
            )


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def site(request, taizhang_bin, workdir):
    yield from _site(request, workdir, request.param)


@pytest.fixture(scope="module")
def sqlite_site(request, taizhang_bin, workdir):
    yield from _site(request, workdir, "sqlite")


@pytest.fixture(scope="session")
def lo():
    """sheet_kit.convert, or a skip when LibreOffice is missing."""
    if sheet_kit.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    return sheet_kit.convert
