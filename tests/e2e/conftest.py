"""Shared fixtures: a small demo data set on SQLite and a live `taizhang serve` on it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from taizhang_e2e import API, Client, Server, binary, create_token, fresh_postgres_database, make_demo


@pytest.fixture(scope="session")
def taizhang_bin() -> Path:
    try:
        return binary()
    except RuntimeError as e:
        pytest.fail(str(e))


@pytest.fixture(scope="session")
def workdir():
    d = Path(tempfile.mkdtemp(prefix="taizhang-e2e-"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def live(request, taizhang_bin, workdir):
    """A server on a 30-unit, 200-problem demo data set (seed 7), with an `office` token:
    once on SQLite, once on PostgreSQL (a fresh database on the server named by
    TAIZHANG_TEST_POSTGRES, which scripts/test.sh starts; skipped when it is unset).

    Yields an object with .server (Server), .client (authenticated Client), .anon (no token),
    .token, .data and .database.
    """
    database = None
    if request.param == "postgres":
        url = os.environ.get("TAIZHANG_TEST_POSTGRES")
        if not url:
            pytest.skip("PostgreSQL: TAIZHANG_TEST_POSTGRES is not set (scripts/test.sh sets it when it can start PostgreSQL)")
        database = fresh_postgres_database(url, "taizhang_e2e")
    data = workdir / f"live-data-{request.param}"
    make_demo(data, units=30, problems=200, seed=7, database=database)
    token = create_token(data, "office", database=database)
    server = Server(data, log=workdir / f"live-server-{request.param}.log", database=database)
    server.start()

    class Live:
        pass

    live = Live()
    live.server = server
    live.data = data
    live.token = token
    live.database = database
    live.client = Client(server.base, token)
    live.anon = Client(server.base, None)
    try:
        yield live
    finally:
        server.stop()


@pytest.fixture(scope="session")
def openapi(live) -> dict:
    r = live.anon.get(API + "/openapi.json")
    assert r.status_code == 200, f"GET /api/v1/openapi.json without a token -> {r.status_code}: {r.text[:500]}"
    return r.json()
