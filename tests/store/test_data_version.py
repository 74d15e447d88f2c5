"""The data version that keys cached results: it moves with every import and erasure, whichever
connection made them, and stays put for a dry run."""

from __future__ import annotations

import pytest

from regulars.services import cache
from regulars.services.clv.saved import FORMAT, load_model, save_model, saved_models
from regulars.services.customers import erase_customer, search_customers
from regulars.services.imports import import_file
from regulars.services.kpis.targets import list_targets, set_target
from regulars.services.segments.audiences import create_audience, list_audiences
from regulars.store.connection import data_version


def _orders(tmp_path, name: str, rows: list[str]):
    path = tmp_path / name
    path.write_text(
        "order_id,customer_id,ordered_at,total,currency\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
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
        assert search_customers(other, None).total == 1
        import_file(
            other, "orders", _orders(tmp_path, "b.csv", ["O2,C2,2025-01-03T10:00:00Z,5.00,USD"])
        )
        assert data_version(workspace.store) != after_import
        assert search_customers(workspace, None).total == 2  # the cached search was not reused
    finally:
        other.close()
    settled = data_version(workspace.store)
    import_file(
        workspace,
        "orders",
        _orders(tmp_path, "c.csv", ["O3,C3,2025-01-04T10:00:00Z,1.00,USD"]),
        dry_run=True,
    )
    assert data_version(workspace.store) == settled
    erase_customer(workspace, "C1")
    assert data_version(workspace.store) != settled


def test_a_change_made_while_the_file_was_closed_is_seen(duckdb_workspace, tmp_path):
    """Another process can write a DuckDB file only while this one does not hold it: reopening must
    not serve results cached before."""
    import duckdb

    ws = duckdb_workspace
    import_file(ws, "orders", _orders(tmp_path, "a.csv", ["O1,C1,2025-01-02T10:00:00Z,10.00,USD"]))
    assert search_customers(ws, None).total == 1
    ws.close()
    other = duckdb.connect(
        ws.settings.database_url.removeprefix("duckdb://")
    )  # as another process would
    other.execute("INSERT INTO customers (customer_id) VALUES ('C2')")
    other.close()
    assert search_customers(ws, None).total == 2  # the store reopens on first use


computed: list[int] = []


@cache.cached
def _saved_things(ws) -> tuple:
    """What a cached page of targets, audiences and models would show."""
    computed.append(1)
    return (
        tuple((t.kpi, t.target) for t in list_targets(ws)),
        tuple(a.name for a in list_audiences(ws, count=False)),
        tuple(m["model_key"] for m in saved_models(ws)),
    )


@pytest.mark.parametrize("change", ["target", "audience", "model"])
def test_every_write_moves_the_version_and_cached_results_follow(workspace, change):
    """Not only imports and erasures: a KPI target, a saved audience, a saved model (PostgreSQL read
    only the import and erasure logs, and served the result cached before the change)."""
    cache.clear()
    computed.clear()
    first = _saved_things(workspace)
    assert _saved_things(workspace) is first and len(computed) == 1  # cached while nothing changes
    before = data_version(workspace.store)
    if change == "target":
        set_target(workspace, "repeat_rate", 0.3)
    elif change == "audience":
        create_audience(workspace, "loyal", "orders >= 3")
    else:
        save_model(workspace, {"model_key": "bgnbd", "format": FORMAT, "fitted_at": "2026-01-01"})
    assert data_version(workspace.store) != before
    again = _saved_things(workspace)
    assert len(computed) == 2 and again != first
    assert {"target": again[0], "audience": again[1], "model": again[2]}[change]
    if change == "model":
        assert load_model(workspace, "bgnbd")["fitted_at"] == "2026-01-01"


def test_a_failed_write_does_not_move_the_version(workspace):
    before = data_version(workspace.store)
    with pytest.raises(RuntimeError), workspace.store.transaction():
        workspace.store.execute(
            'INSERT INTO "_audiences" VALUES (?, ?, NULL, now(), now())', ("a", "orders >= 1")
        )
        raise RuntimeError("rolled back")
    assert data_version(workspace.store) == before
    assert list_audiences(workspace, count=False) == []
