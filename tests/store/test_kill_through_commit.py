"""SIGKILL at many points through an import's COMMIT: the workspace reopens in the old state or the
new one, never a mix, and its import log agrees with its rows (issue 16).

DuckDB 1.5 replays a torn write-ahead log up to the tear: an import killed while its commit was
being logged came back with its new orders but without its log row, its customer stubs or its
updates. The import is big enough (more new rows than one DuckDB row group) for DuckDB to write its
appends to the file before the commit, as the torn imports did.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from regulars.services.imports import import_file
from regulars.services.workspace import Workspace
from regulars.store import durability

pytestmark = pytest.mark.slow

CUSTOMERS, BASE, NEW, UPDATED, STUBS = 2_000, 4_000, 125_000, 3_000, 300
#: Seconds after the import announces its COMMIT (DuckDB: about when its .wal appears).
DELAYS = {"duckdb": (0.0, 0.01, 0.02, 0.05), "postgres": (0.0, 0.005, 0.05)}


def _write(path: Path, header: str, rows) -> Path:
    with path.open("w") as out:
        out.write(header + "\n")
        out.writelines(rows)
    return path


def _files(folder: Path) -> tuple[Path, Path, Path]:
    customers = _write(
        folder / "customers.csv",
        "customer_id,email",
        (f"c{i},c{i}@example.org\n" for i in range(CUSTOMERS)),
    )
    header = "order_id,customer_id,ordered_at,total"
    base = _write(
        folder / "base.csv",
        header,
        (f"A{i},c{i % CUSTOMERS},2024-01-{1 + i % 28:02d},{i % 90}.50\n" for i in range(BASE)),
    )

    def big_rows():
        for i in range(UPDATED):  # existing orders with a new total
            yield f"A{i},c{i % CUSTOMERS},2024-01-{1 + i % 28:02d},{i % 90}.75\n"
        for i in range(NEW):  # new orders, a tenth of them by customers no file described yet
            who = f"s{i % STUBS}" if i % 10 == 0 else f"c{i % CUSTOMERS}"
            yield f"B{i},{who},2024-02-{1 + i % 28:02d},{i % 500}.25\n"

    return customers, base, _write(folder / "big.csv", header, big_rows())


def _state(ws) -> tuple:
    one = ws.store.execute
    return (
        one("SELECT count(*), sum(total_cents) FROM orders")[0],
        one("SELECT count(*) FROM customers")[0][0],
        one('SELECT count(*) FROM "_imports"')[0][0],
        one(
            "SELECT count(*) FROM orders WHERE customer_id NOT IN "
            "(SELECT customer_id FROM customers)"
        )[0][0],
    )


def _kill_during_commit(ws_path: Path, url: str | None, big: Path, delay: float, tmp: Path):
    announced = tmp / f"commit-{delay}"
    env = {
        **os.environ,
        "REGULARS_ANNOUNCE_COMMIT": str(announced),
        "REGULARS_WORKSPACE": str(ws_path),
    }
    if url:
        env["REGULARS_DATABASE"] = url
    proc = subprocess.Popen(
        [sys.executable, "-m", "regulars", "import", "orders", str(big)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not announced.exists() and proc.poll() is None:
        assert time.monotonic() < deadline, "the import never reached its commit"
        time.sleep(0.001)
    assert proc.poll() is None, proc.stderr.read().decode()
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def test_kill_at_many_points_through_the_commit_leaves_old_or_new_state(
    tmp_path, backend, database_urls
):
    customers, base, big = _files(tmp_path)

    def prepared(name: str) -> tuple[Path, str | None]:
        url = database_urls()
        ws_path = tmp_path / name
        with Workspace.open(ws_path, url) as ws:
            ws.init()
            import_file(ws, "customers", customers)
            import_file(ws, "orders", base)
        return ws_path, url

    template, template_url = prepared("template")
    with Workspace.open(template, template_url) as ws:
        old = _state(ws)
    new_path, new_url = prepared("new")
    with Workspace.open(new_path, new_url) as ws:
        import_file(ws, "orders", big)
        new = _state(ws)
    assert new != old and new[3] == 0

    seen = set()
    for delay in DELAYS[backend]:
        if backend == "duckdb":  # a copy of the file is quicker than importing again
            ws_path, url = tmp_path / f"run-{delay}", None
            shutil.copytree(template, ws_path)
        else:
            ws_path, url = prepared(f"run-{delay}")
        _kill_during_commit(ws_path, url, big, delay, tmp_path)
        with Workspace.open(ws_path, url) as ws:
            state = _state(ws)
            assert state in (old, new), f"killed {delay}s into the commit: torn state {state}"
            assert ws.store.integrity_problems == []
            seen.add(state == new)
            assert not durability.marker(ws_path / "regulars.duckdb").exists()
    if backend == "duckdb":  # its commit takes tens of milliseconds: the first kills land in it
        assert False in seen


def test_opening_a_torn_workspace_says_so(duckdb_workspace, tmp_path, caplog):
    """The check on opening after an unclean stop: rows whose import the log lacks are named."""
    ws = duckdb_workspace
    source = tmp_path / "orders.csv"
    source.write_text("order_id,customer_id,ordered_at,total\nA1,c1,2024-01-02,10.00\n")
    import_file(ws, "orders", source)
    ws.store.execute('DELETE FROM "_imports" WHERE table_name = ?', ("orders",))
    ws_path = ws.path
    marker = durability.marker(ws_path / "regulars.duckdb")
    ws.close()
    (ws_path / "regulars.duckdb.wal").write_bytes(b"")  # as a killed process leaves it
    with Workspace.open(ws_path) as again:
        assert again.store.integrity_problems == [
            "customers: 1 rows written by an import missing from the log",
            "orders: 1 rows written by an import missing from the log",
        ]
    assert "missing from the log" in caplog.text
    assert not marker.exists()


def test_workspace_files_are_owner_only(tmp_path):
    """Personal data and password hashes: the folder 0700, the database file 0600 (issue 16)."""
    with Workspace.open(tmp_path / "ws") as ws:
        ws.init()
        source = tmp_path / "c.csv"
        source.write_text("customer_id,email\nc1,c1@example.org\n")
        import_file(ws, "customers", source)
    assert (tmp_path / "ws").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "ws" / "regulars.duckdb").stat().st_mode & 0o777 == 0o600
