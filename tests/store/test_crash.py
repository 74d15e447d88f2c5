"""A process killed with SIGKILL in the middle of an import leaves the previous state intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from regulars.schema import TABLES
from regulars.services.imports import import_file
from regulars.services.workspace import Workspace

EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"


def _orders(ws) -> list[tuple]:
    t = ws.store.table("orders")
    return sorted((r["order_id"], r["total_cents"]) for r in ws.store.to_arrow(t).to_pylist())


def _kill_import_inside_its_transaction(
    ws_path, database_url, path, tmp_path, table="orders", fmt="generic"
) -> int:
    marker = tmp_path / "in-transaction"
    env = {
        **os.environ,
        "REGULARS_PAUSE_BEFORE_COMMIT": str(marker),
        "REGULARS_WORKSPACE": str(ws_path),
    }
    if database_url:
        env["REGULARS_DATABASE"] = database_url
    proc = subprocess.Popen(
        [sys.executable, "-m", "regulars", "import", table, str(path), "--format", fmt],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
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
        before.write_text(
            "order_id,customer_id,ordered_at,total\n"
            "A1,c1,2024-01-02,10.00\nA2,c2,2024-01-03,20.00\n"
        )
        import_file(ws, "orders", before)
        expected = _orders(ws)
    big = tmp_path / "big.csv"
    rows = "".join(
        f"B{i},c{i % 977},2024-02-{1 + i % 28:02d},{i % 500}.25\n" for i in range(50_000)
    )
    big.write_text("order_id,customer_id,ordered_at,total\nA1,c1,2024-01-02,99.00\n" + rows)

    code = _kill_import_inside_its_transaction(ws_path, database_url, big, tmp_path)

    assert code == -signal.SIGKILL
    with Workspace.open(ws_path, database_url) as ws:
        assert _orders(ws) == expected
        t = ws.store.table("_imports")
        assert ws.store.to_arrow(t.aggregate(n=t.count()))["n"][0].as_py() == 1
        # and the workspace still takes the import afterwards
        assert import_file(ws, "orders", big).counts["orders"].created == 50_000


def _snapshot(ws) -> dict[str, list]:
    out = {}
    for t in TABLES:
        rows = ws.store.to_arrow(ws.store.table(t.name).drop("_import_id")).to_pylist()
        out[t.name] = sorted(rows, key=repr)
    return out


@pytest.mark.parametrize(
    ("table", "fmt", "first", "second"),
    [
        (
            "orders",
            "shopify-orders",
            "shopify_orders_export.csv",
            "shopify_orders_export_overlap.csv",
        ),
        (
            "customers",
            "shopify-customers",
            "stripe_customers_legacy.csv",
            "shopify_customers_export.csv",
        ),
        ("orders", "stripe-payments", "stripe_payments_classic.csv", "stripe_payments_unified.csv"),
        (
            "customers",
            "stripe-customers",
            "stripe_customers_legacy.csv",
            "stripe_customers_unified.csv",
        ),
        ("campaigns", "mailchimp-campaigns", None, "mailchimp_campaigns.csv"),
        ("deals", "hubspot-deals", None, "hubspot_deals.csv"),
        ("feedback", "google-reviews", "google_reviews.csv", "google_reviews.jsonl"),
    ],
)
def test_sigkill_mid_import_of_each_format_leaves_previous_state(
    duckdb_workspace, tmp_path, table, fmt, first, second
):
    ws = duckdb_workspace
    if first:
        first_fmt = "stripe-customers" if first.startswith("stripe_customers") else fmt
        import_file(ws, table, EXPORTS / first, format=first_fmt)
    before = _snapshot(ws)
    ws_path = ws.path
    ws.close()
    code = _kill_import_inside_its_transaction(
        ws_path, None, EXPORTS / second, tmp_path, table, fmt
    )
    assert code == -signal.SIGKILL
    with Workspace.open(ws_path) as again:
        assert _snapshot(again) == before
        report = import_file(
            again, table, EXPORTS / second, format=fmt
        )  # and the import still works afterwards
        assert (
            report.total.created + report.total.updated + report.total.unchanged
            >= report.rows_in_file
            > 0
        )


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_sigkill_mid_import_of_an_excel_file_leaves_previous_state(
    tmp_path, database_url, encoding
):
    """Excel's files (Windows-1252 with semicolons and decimal commas; UTF-16 with tabs) go
    through the transcoding reader: killed inside the transaction, they leave nothing either."""
    sep = ";" if encoding == "cp1252" else "\t"
    ws_path = tmp_path / "ws"
    with Workspace.open(ws_path, database_url) as ws:
        ws.init()
        before = tmp_path / "before.csv"
        before.write_text("order_id,customer_id,ordered_at,total\nA1,c1,2024-01-02,10.00\n")
        import_file(ws, "orders", before)
        expected = _orders(ws)
    rows = "".join(
        f"B{i}{sep}c{i % 977}{sep}2024-02-{1 + i % 28:02d}{sep}{i % 500},25 €\r\n"
        for i in range(50_000)
    )
    header = sep.join(("order_id", "customer_id", "ordered_at", "total")) + "\r\n"
    excel = tmp_path / "excel.csv"
    excel.write_bytes(
        (header + f"A1{sep}c1{sep}2024-01-02{sep}99,00 €\r\n" + rows).encode(encoding)
    )

    code = _kill_import_inside_its_transaction(ws_path, database_url, excel, tmp_path)

    assert code == -signal.SIGKILL
    with Workspace.open(ws_path, database_url) as ws:
        assert _orders(ws) == expected
        assert import_file(ws, "orders", excel).counts["orders"].created == 50_000
        assert dict(_orders(ws))["A1"] == 9900
        assert import_file(ws, "orders", excel).total.created == 0
