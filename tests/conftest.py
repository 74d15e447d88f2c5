"""Shared fixtures: a workspace on each real backend (DuckDB file, PostgreSQL server).

PostgreSQL tests need REGULARS_TEST_POSTGRES_URL (``eval "$(bash .ci/postgres-start)"`` sets it).
Without it they skip with the reason shown; under CI=true such a skip is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
import uuid
from pathlib import Path

import pytest
import uvicorn

from regulars.services.workspace import Workspace

ENVIRONMENT_SKIP = "environment lacks "


def environment_skip(what: str, how: str) -> None:
    """Skip because this machine lacks a real part (PostgreSQL, Chromium); fails under CI=true."""
    pytest.skip(f"{ENVIRONMENT_SKIP}{what}: {how}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if (
        os.environ.get("CI", "").lower() == "true"
        and report.skipped
        and ENVIRONMENT_SKIP in str(report.longrepr)
    ):
        report.outcome = "failed"
        report.longrepr = f"CI=true: a test skipped because the {str(report.longrepr)}"


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    url = os.environ.get("REGULARS_TEST_POSTGRES_URL")
    if not url:
        environment_skip(
            "PostgreSQL", 'set REGULARS_TEST_POSTGRES_URL, e.g. eval "$(bash .ci/postgres-start)"'
        )
    return url


def _fresh_postgres_database(server_url: str) -> tuple[str, callable]:
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    base = server_url.rsplit("/", 1)[0]

    def drop() -> None:
        with psycopg.connect(server_url, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}", drop


@pytest.fixture(params=["duckdb", "postgres"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def database_url(backend, request):
    """None for the workspace's DuckDB file, or the URL of a fresh PostgreSQL database."""
    if backend == "duckdb":
        yield None
        return
    url, drop = _fresh_postgres_database(request.getfixturevalue("postgres_server_url"))
    yield url
    drop()


@pytest.fixture
def database_urls(backend, request):
    """A factory of databases: None on DuckDB (the workspace's file), else a fresh PostgreSQL
    database's URL per call, every one dropped afterwards."""
    drops = []
    request.addfinalizer(lambda: [drop() for drop in drops])

    def make() -> str | None:
        if backend == "duckdb":
            return None
        url, drop = _fresh_postgres_database(request.getfixturevalue("postgres_server_url"))
        drops.append(drop)
        return url

    return make


@pytest.fixture
def workspace(tmp_path, database_url):
    ws = Workspace.open(tmp_path / "ws", database_url)
    ws.init()
    yield ws
    ws.close()


#: The one demo shop of the session (planted-truth tests read it; the seed fixes every number).
DEMO_CUSTOMERS, DEMO_SEED = 3000, 7


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory) -> Path:
    """The demo shop generated, imported and analysed once per session on DuckDB (``run_demo``).

    Never opened again once built: tests read ``demo_workspace`` and write on ``demo_copy``."""
    from regulars.services.demo import run_demo

    path = tmp_path_factory.mktemp("demo-built") / "ws"
    with Workspace.open(path) as ws:
        run_demo(ws, customers=DEMO_CUSTOMERS, seed=DEMO_SEED)
    return path


@pytest.fixture(scope="session")
def demo_truths(demo_folder) -> dict:
    """What the generator planted (demo-truths.json)."""
    from regulars.services.demo import TRUTHS_FILE

    return json.loads((demo_folder / TRUTHS_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_workspace(demo_folder, tmp_path_factory):
    """The demo shop for reading, shared by the whole session; writers take ``demo_copy``."""
    path = tmp_path_factory.mktemp("demo-shared") / "ws"
    shutil.copytree(demo_folder, path)
    ws = Workspace.open(path)
    yield ws
    ws.close()


@pytest.fixture
def demo_copy(demo_folder, tmp_path):
    """A private copy of the demo shop (its folder copied: settings, saved models, DuckDB file)."""
    path = tmp_path / "demo"
    shutil.copytree(demo_folder, path)
    ws = Workspace.open(path)
    yield ws
    ws.close()


#: The small demo shop (built once per backend, copied per test) for tests that write on a demo.
SMALL_DEMO_CUSTOMERS, SMALL_DEMO_SEED = 300, 11


def _copy_postgres_database(template_url: str) -> tuple[str, callable]:
    """A new database on the same server with the template's tables and rows (CREATE DATABASE
    ... TEMPLATE: a file copy on the server, much faster than importing again)."""
    import psycopg

    base, template = template_url.rsplit("/", 1)
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def drop() -> None:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}", drop


@pytest.fixture(scope="session")
def small_demo_built(tmp_path_factory, request):
    """``build(backend)``: the small demo shop on that backend, generated, imported and analysed
    (``run_demo``) on first use, then never opened again; tests write on ``small_demo`` copies."""
    from regulars.services.demo import run_demo

    built: dict[str, tuple[Path, str | None]] = {}

    def build(backend: str) -> tuple[Path, str | None]:
        if backend not in built:
            path, url = tmp_path_factory.mktemp(f"small-demo-{backend}") / "ws", None
            if backend == "postgres":
                server = request.getfixturevalue("postgres_server_url")
                url, drop = _fresh_postgres_database(server)
                request.addfinalizer(drop)
            with Workspace.open(path, url) as ws:
                run_demo(ws, customers=SMALL_DEMO_CUSTOMERS, seed=SMALL_DEMO_SEED)
            built[backend] = (path, url)
        return built[backend]

    return build


@pytest.fixture
def small_demo(small_demo_built, backend, tmp_path):
    """A private copy of the small demo shop on ``backend`` (folder copied; on PostgreSQL the
    database copied too)."""
    path, url = small_demo_built(backend)
    copy, drop = tmp_path / "small-demo", None
    shutil.copytree(path, copy)
    if url:
        url, drop = _copy_postgres_database(url)
    ws = Workspace.open(copy, url)
    yield ws
    ws.close()
    if drop:
        drop()


@pytest.fixture(scope="session")
def demo_report(demo_folder, tmp_path_factory) -> tuple[list[str], Path]:
    """The demo shop's highlights and its report.html, written once from a copy of the demo."""
    from regulars.report import write_report
    from regulars.services.demo import demo_highlights

    path = tmp_path_factory.mktemp("demo-report") / "ws"
    shutil.copytree(demo_folder, path)
    with Workspace.open(path) as ws:
        highlights = demo_highlights(ws)
        return highlights, write_report(ws, highlights=highlights)


@pytest.fixture
def duckdb_workspace(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    ws.init()
    yield ws
    ws.close()


class LiveServer:
    """uvicorn serving ``app`` in a background thread on a free loopback port."""

    def __init__(self, app):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)
        self.socket.close()
