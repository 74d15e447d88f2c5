"""A process killed with SIGKILL in the middle of an import leaves the previous state intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from regulars.services.imports import import_file
from regulars.services.workspace import Workspace


def _orders(ws) -> list[tuple]:
    t = ws.store.table("orders")
    return sorted((r["order_id"], r["total_cents"]) for r in ws.store.to_arrow(t).to_pylist())


def _kill_import_inside_its_transaction(ws_path, database_url, path, tmp_path) -> int:
    marker = tmp_path / "in-transaction"
    env = {**os.environ, "REGULARS_PAUSE_BEFORE_COMMIT": str(marker), "REGULARS_WORKSPACE": str(ws_path)}
    if database_url:
        env["REGULARS_DATABASE"] = database_url
    proc = subprocess.Popen([sys.executable, "-m", "regulars", "import", "orders", str(path)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "the import never reached its transaction"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    return proc.wait(timeout=30)


def test_sigkill_mid_import_leaves_previous_state(tmp_path, database_url):
    ws_path = tmp_path / "ws"
    with Workspace.open(ws_path, database_url) as ws:
        ws.init()
        before = tmp_path / "before.csv"
        before.write_text("order_id,customer_id,ordered_at,total\nA1,c1,2024-01-02,10.00\nA2,c2,2024-01-03,20.00\n")
        import_file(ws, "orders", before)
        expected = _orders(ws)
    big = tmp_path / "big.csv"
    rows = "".join(f"B{i},c{i % 977},2024-02-{1 + i % 28:02d},{i % 500}.25\n" for i in range(50_000))
    big.write_text("order_id,customer_id,ordered_at,total\nA1,c1,2024-01-02,99.00\n" + rows)

    code = _kill_import_inside_its_transaction(ws_path, database_url, big, tmp_path)

    assert code == -signal.SIGKILL
    with Workspace.open(ws_path, database_url) as ws:
        assert _orders(ws) == expected
        t = ws.store.table("_imports")
        assert ws.store.to_arrow(t.aggregate(n=t.count()))["n"][0].as_py() == 1
        # and the workspace still takes the import afterwards
        assert import_file(ws, "orders", big).counts["orders"].created == 50_000
