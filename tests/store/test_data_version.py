"""The data version that keys cached results: it moves with every import and erasure, whichever
connection made them, and stays put for a dry run."""

from __future__ import annotations

from regulars.services.customers import erase_customer, search_customers
from regulars.services.imports import import_file
from regulars.store.connection import data_version


def _orders(tmp_path, name: str, rows: list[str]):
    path = tmp_path / name
    path.write_text("order_id,customer_id,ordered_at,total,currency\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_data_version_follows_imports_and_erasures(workspace, tmp_path):
    first = _orders(tmp_path, "a.csv", ["O1,C1,2025-01-02T10:00:00Z,10.00,USD"])
    start = data_version(workspace.store)
    import_file(workspace, "orders", first)
    after_import = data_version(workspace.store)
    assert after_import != start
    other = workspace.sibling()  # another pooled connection sees the same version
    try:
        assert data_version(other.store) == after_import
        assert search_customers(other, None)["total"] == 1
        import_file(other, "orders", _orders(tmp_path, "b.csv", ["O2,C2,2025-01-03T10:00:00Z,5.00,USD"]))
        assert data_version(workspace.store) != after_import
        assert search_customers(workspace, None)["total"] == 2  # the cached search was not reused
    finally:
        other.close()
    settled = data_version(workspace.store)
    import_file(workspace, "orders", _orders(tmp_path, "c.csv", ["O3,C3,2025-01-04T10:00:00Z,1.00,USD"]), dry_run=True)
    assert data_version(workspace.store) == settled
    erase_customer(workspace, "C1")
    assert data_version(workspace.store) != settled


def test_a_change_made_while_the_file_was_closed_is_seen(duckdb_workspace, tmp_path):
    """Another process can write a DuckDB file only while this one does not hold it: reopening must
    not serve results cached before."""
    import duckdb

    ws = duckdb_workspace
    import_file(ws, "orders", _orders(tmp_path, "a.csv", ["O1,C1,2025-01-02T10:00:00Z,10.00,USD"]))
    assert search_customers(ws, None)["total"] == 1
    ws.close()
    other = duckdb.connect(ws.settings.database_url.removeprefix("duckdb://"))  # as another process would
    other.execute("INSERT INTO customers (customer_id) VALUES ('C2')")
    other.close()
    assert search_customers(ws, None)["total"] == 2  # the store reopens on first use
