"""Shared fixtures: a small demo data set on SQLite and a live `taizhang serve` on it."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from taizhang_e2e import API, Client, Server, binary, create_token, make_demo


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


@pytest.fixture(scope="session")
def live(taizhang_bin, workdir):
    """A server on a 30-unit, 200-problem demo data set (seed 7), with an `office` token.

    Yields an object with .server (Server), .client (authenticated Client), .anon (no token),
    .token and .data.
    """
    data = workdir / "live-data"
    make_demo(data, units=30, problems=200, seed=7)
    token = create_token(data, "office")
    server = Server(data, log=workdir / "live-server.log")
    server.start()

    class Live:
        pass

    live = Live()
    live.server = server
    live.data = data
    live.token = token
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
