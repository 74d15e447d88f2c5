"""Natural keys stay unique: concurrent imports of one file, and workspaces made before DuckDB's
tables lost their primary-key indexes (migration 3)."""

from __future__ import annotations

import threading
import time

import duckdb
import pytest

from regulars.schema import TABLES
from regulars.services.imports import import_file
from regulars.services.workspace import Workspace
from regulars.store import writer
from regulars.store.migrations import LATEST_VERSION, MIGRATIONS

ROWS = 300


def _orders_file(tmp_path):
    path = tmp_path / "orders.csv"
    lines = [f"O{i},C{i % 40},2024-01-{1 + i % 28:02d},{i}.50,USD" for i in range(ROWS)]
    path.write_text(
        "order_id,customer_id,ordered_at,total,currency\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    return path


def _counts(ws, table: str) -> tuple[int, int]:
    """(rows, distinct keys) of a table."""
    t = ws.store.table(table)
    key = next(x for x in TABLES if x.name == table).key[0]
    result = ws.store.to_arrow(t.aggregate(rows=t.count(), keys=t[key].nunique()))
    return result["rows"][0].as_py(), result["keys"][0].as_py()


def test_concurrent_imports_of_the_same_file_add_each_row_once(workspace, tmp_path, monkeypatch):
    """Two imports of the same new keys at the same moment (threads, each with its own connection):
    both succeed, and every order and every customer is there exactly once."""
    path = _orders_file(tmp_path)
    start = threading.Barrier(2)
    # hold each transaction open a moment before its commit, so that the two would overlap
    monkeypatch.setattr(writer, "_pause_before_commit", lambda: time.sleep(0.5))
    results, errors = [], []

    def run(ws):
        try:
            start.wait()
            results.append(import_file(ws, "orders", path))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    siblings = [workspace.sibling(), workspace.sibling()]
    threads = [threading.Thread(target=run, args=(ws,)) for ws in siblings]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for ws in siblings:
        ws.close()
    assert errors == []
    assert sorted(r.counts["orders"].created for r in results) == [0, ROWS]
    assert sorted(r.counts["orders"].unchanged for r in results) == [0, ROWS]
    assert _counts(workspace, "orders") == (ROWS, ROWS)
    assert _counts(workspace, "customers") == (40, 40)


def test_reimport_adds_nothing(workspace, tmp_path):
    path = _orders_file(tmp_path)
    import_file(workspace, "orders", path)
    again = import_file(workspace, "orders", path)
    assert (again.counts["orders"].created, again.counts["orders"].unchanged) == (0, ROWS)
    assert _counts(workspace, "orders") == (ROWS, ROWS)


def _version_2_workspace(path) -> None:
    """A DuckDB workspace as Regulars made it before migration 3: primary keys, and some rows."""
    con = duckdb.connect(str(path))
    con.execute(
        'CREATE TABLE "_migrations" (version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, '
        "applied_at TIMESTAMPTZ NOT NULL)"
    )
    for migration in MIGRATIONS[:2]:
        for statement in migration.statements("duckdb"):
            con.execute(statement)
        con.execute(
            'INSERT INTO "_migrations" VALUES (?, ?, now())',
            (migration.version, migration.description),
        )
    con.execute(
        "INSERT INTO orders (order_id, customer_id, ordered_at, currency, total_cents, "
        "_source_line, _import_id) "
        "VALUES ('O1', 'C1', '2024-01-01 10:00:00+00', 'USD', 150, 2, 'old')"
    )
    con.execute("INSERT INTO customers (customer_id, email) VALUES ('C1', 'c1@example.com')")
    con.close()


def test_a_duckdb_workspace_made_with_primary_keys_migrates_with_its_rows(tmp_path):
    assert LATEST_VERSION >= 3
    ws_path = tmp_path / "ws"
    ws_path.mkdir()
    _version_2_workspace(ws_path / "regulars.duckdb")
    with Workspace.open(ws_path) as ws:
        assert ws.store.url.endswith("regulars.duckdb")
        assert ws.store.schema_version() == LATEST_VERSION
        constraints = ws.store.execute(
            "SELECT table_name, constraint_type FROM duckdb_constraints() "
            "WHERE constraint_type = 'PRIMARY KEY' AND NOT starts_with(table_name, '_')"
        )
        assert constraints == []
        assert ws.store.execute(
            'SELECT order_id, customer_id, total_cents, _import_id FROM "orders"'
        ) == [("O1", "C1", 150, "old")]
        assert ws.store.execute('SELECT email FROM "customers"') == [("c1@example.com",)]
        with pytest.raises(duckdb.ConstraintException):
            ws.store.execute(
                "INSERT INTO orders (order_id, ordered_at, currency, total_cents) VALUES (NULL, "
                "now(), 'USD', 1)"
            )
        path = tmp_path / "o.csv"
        path.write_text(
            "order_id,customer_id,ordered_at,total,currency\nO1,C1,2024-01-01T10:00:00Z,1.50,USD\n",
            encoding="utf-8",
        )
        report = import_file(ws, "orders", path)
        assert (report.counts["orders"].created, report.counts["orders"].unchanged) == (0, 1)


@pytest.mark.parametrize("backend", ["postgres"])  # overrides the conftest fixture: PostgreSQL only
def test_postgres_keeps_its_primary_keys(workspace):
    assert workspace.store.dialect == "postgres"
    rows = workspace.store.execute(
        "SELECT count(*) FROM information_schema.table_constraints "
        "WHERE constraint_type = 'PRIMARY KEY' AND table_name = 'orders'"
    )
    assert rows == [(1,)]
