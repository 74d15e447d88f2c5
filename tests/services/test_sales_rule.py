"""One sale rule: a customer's profile and the customer list count the same orders (cancelled ones
left out), on DuckDB and PostgreSQL; and the orders within N days after a touch are counted the same
by every capability."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.csv as pacsv

from regulars.services.customers import customer_profile, search_customers
from regulars.services.imports import import_file
from regulars.services.sales import orders_after_touches


def _import(ws, tmp_path, table: str, columns: dict) -> None:
    path = tmp_path / f"{table}.csv"
    pacsv.write_csv(pa.table(columns), path)
    import_file(ws, table, path)


def _shop(ws, tmp_path):
    _import(
        ws,
        tmp_path,
        "customers",
        {"customer_id": ["A1"], "email": ["a1@example.com"], "first_name": ["Ann"]},
    )
    _import(
        ws,
        tmp_path,
        "orders",
        {
            "order_id": ["O1", "O2", "O3"],
            "customer_id": ["A1", "A1", "A1"],
            "ordered_at": [
                "2025-03-01T10:00:00+00:00",
                "2025-03-02T10:00:00+00:00",
                "2025-03-09T10:00:00+00:00",
            ],
            "currency": ["USD"] * 3,
            "total_cents": [1000, 500, 700],
            "status": ["paid", "cancelled", "pending"],
        },
    )
    return ws


def test_profile_and_list_count_the_same_sale_orders(workspace, tmp_path):
    ws = _shop(workspace, tmp_path)
    summary = customer_profile(ws, "A1")["summary"]
    listed = search_customers(ws, "A1").customers
    assert (summary["orders"], summary["spend_cents"]) == (1, 1000)
    assert [(c.orders, c.spend_cents) for c in listed] == [(1, 1000)]
    assert (
        len(customer_profile(ws, "A1")["recent_orders"]) == 3
    )  # the profile still lists every order


def test_orders_after_touches_counts_sale_orders_inside_the_window(workspace, tmp_path):
    ws = _shop(workspace, tmp_path)
    _import(
        ws,
        tmp_path,
        "orders",
        {
            "order_id": ["O4", "O5"],
            "customer_id": ["A1", "A1"],
            "ordered_at": ["2025-03-08T09:59:59+00:00", "2025-03-08T10:00:00+00:00"],
            "currency": ["USD"] * 2,
            "total_cents": [300, 200],
            "status": ["paid", "paid"],
        },
    )
    import ibis

    touches = ibis.memtable({"customer_id": ["A1"], "at": ["2025-03-01T10:00:00+00:00"]})
    touches = touches.mutate(at=touches.at.cast("timestamp('UTC')"))
    j = orders_after_touches(ws, touches, "at", 7, columns=("order_id",))
    ids = sorted(ws.store.to_arrow(j.select("order_id"))["order_id"].to_pylist())
    assert ids == ["O1", "O4"]  # O2 cancelled, O5 exactly 7 days later (end excluded), O3 pending
    before = orders_after_touches(
        ws,
        touches.mutate(at=touches.at + ibis.interval(days=1)),
        "at",
        7,
        before_days=1,
        columns=("order_id",),
    )
    # from 2025-03-01 10:00 (one day before) to 2025-03-09 10:00 (excluded): O5 now inside
    assert sorted(ws.store.to_arrow(before.select("order_id"))["order_id"].to_pylist()) == [
        "O1",
        "O4",
        "O5",
    ]
