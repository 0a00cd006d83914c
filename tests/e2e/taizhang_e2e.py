"""Helpers shared by the end-to-end suites: find the binary, make a demo data set, run a server.

The suites drive the real `taizhang` binary (TAIZHANG_BIN, default .build/debug/taizhang)
over loopback. Nothing here sleeps for correctness: waiting is polling with a deadline.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
API = "/api/v1"


def binary() -> Path:
    path = Path(os.environ.get("TAIZHANG_BIN") or REPO / ".build" / "debug" / "taizhang")
    if not path.exists():
        raise RuntimeError(f"taizhang binary not found at {path}: run `swift build` first (or set TAIZHANG_BIN)")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(*args: str, timeout: float = 300, data: Path | None = None, database: str | None = None) -> subprocess.CompletedProcess:
    """Run `taizhang ARGS… [--data DATA] [--database URL]`, failing with its output if it exits non-zero."""
    cmd = [str(binary()), *args]
    if data is not None:
        cmd += ["--data", str(data)]
    if database:
        cmd += ["--database", database]
    env = clean_env()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise RuntimeError(
            f"`{' '.join(cmd)}` exited {proc.returncode}\n--- stdout ---\n{proc.stdout[-4000:]}\n--- stderr ---\n{proc.stderr[-4000:]}"
        )
    return proc


def clean_env() -> dict:
    """The environment for the binary, without TAIZHANG_* settings that would redirect it."""
    env = {k: v for k, v in os.environ.items() if not (k.startswith("TAIZHANG_") and k not in ("TAIZHANG_BIN",))}
    env.pop("TAIZHANG_BIN", None)
    return env


def make_demo(data: Path, units: int = 30, problems: int = 200, seed: int = 7, database: str | None = None) -> None:
    run_cli("demo", "--units", str(units), "--problems", str(problems), "--seed", str(seed), data=data, database=database)


def create_token(data: Path, login: str = "office", database: str | None = None) -> str:
    proc = run_cli("token", "create", "--login", login, data=data, database=database)
    lines = [line.strip() for line in proc.stdout.splitlines() if line.strip()]
    if not lines:
        raise RuntimeError(f"`taizhang token create` printed nothing on stdout (stderr: {proc.stderr!r})")
    return lines[-1]


class Server:
    """One `taizhang serve` process on 127.0.0.1:PORT with a data directory."""

    def __init__(self, data: Path, port: int | None = None, log: Path | None = None, database: str | None = None):
        self.data = Path(data)
        self.database = database
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log) if log else self.data.parent / f"server-{self.port}.log"
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    def start(self, timeout: float = 60) -> None:
        assert self.proc is None or self.proc.poll() is not None, "server already running"
        log = open(self.log_path, "ab")
        log.write(f"\n===== start #{self.starts + 1} at {time.strftime('%H:%M:%S')} =====\n".encode())
        log.flush()
        cmd = [str(binary()), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--data", str(self.data)]
        if self.database:
            cmd += ["--database", self.database]
        self.proc = subprocess.Popen(
            cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=clean_env(),
        )
        log.close()
        self.starts += 1
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode} before answering:\n{self.log_tail()}")
            try:
                r = requests.get(self.base + API + "/openapi.json", timeout=2)
                if r.status_code == 200:
                    return
                last = f"HTTP {r.status_code}"
            except requests.RequestException as e:
                last = repr(e)
            time.sleep(0.05)
        raise RuntimeError(f"server did not answer /api/v1/openapi.json within {timeout}s (last: {last}):\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL, as a crash would; waits until the process is gone."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it does not stop within 15 s."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def log_tail(self, n: int = 4000) -> str:
        try:
            return self.log_path.read_bytes()[-n:].decode("utf-8", "replace")
        except OSError:
            return "(no log)"


class Client:
    """A small authenticated JSON client."""

    def __init__(self, base: str, token: str | None):
        self.base = base
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str, path: str, **kw) -> requests.Response:
        kw.setdefault("timeout", 30)
        return self.session.request(method, self.base + path, **kw)

    def get(self, path: str, **kw) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw) -> requests.Response:
        return self.request("POST", path, **kw)

    def json(self, path: str, **kw):
        r = self.get(path, **kw)
        assert r.status_code == 200, describe(r)
        return r.json()


def describe(r: requests.Response) -> str:
    """The request and the response, for an assertion message."""
    req = r.request
    body = req.body.decode("utf-8", "replace") if isinstance(req.body, bytes) else req.body
    return (
        f"{req.method} {req.url}" + (f" body={body[:500]!r}" if body else "")
        + f"\n  -> HTTP {r.status_code} {r.headers.get('content-type', '')}: {r.text[:1500]}"
    )


def root_units(client: Client) -> list[dict]:
    return client.json(API + "/units")["items"]


def open_problems(client: Client, unit_id, limit: int = 25) -> list[dict]:
    return client.json(API + "/problems", params={"unit": unit_id, "state": "open", "limit": limit})["items"]


def fresh_postgres_database(url: str, name: str) -> str:
    """Create (or re-create) database NAME on the server of URL; returns its URL. Uses psql."""
    import shutil
    from urllib.parse import urlsplit, urlunsplit

    psql = shutil.which("psql")
    if psql is None:
        raise RuntimeError("psql is not installed")
    parts = urlsplit(url)
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        proc = subprocess.run([psql, url, "-v", "ON_ERROR_STOP=1", "-qc", sql], capture_output=True, text=True, timeout=60)
        if proc.returncode != 0:
            raise RuntimeError(f"psql {sql!r} failed: {proc.stderr.strip()}")
    return urlunsplit(parts._replace(path="/" + name))
