"""Compiled queries kept in the database (``Store.compiled``): the same answer as the Ibis
expression, compiled once, compiled again when Regulars or the schema changed, and never counted
as a change of the data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from regulars.services.imports import import_file
from regulars.store import Store
from regulars.store.connection import data_version
from regulars.store.migrations import QUERIES_VERSION

TORONTO = ZoneInfo("America/Toronto")

#: One entry per time a builder below was called (that is: compiled).
built: list[str] = []


def _monthly_orders(store: Store):
    built.append("monthly")
    o = store.table("orders")
    return (
        o.group_by(month=o.ordered_at.truncate("M"))
        .aggregate(n=o.count(), revenue=o.total_cents.sum(), first=o.ordered_at.min())
        .order_by("month")
    )


def _latest_order(store: Store):
    built.append("latest")
    o = store.table("orders")
    return o.select("order_id", "customer_id", "ordered_at").order_by(o.ordered_at.desc()).limit(2)


def _orders(workspace, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,customer_id,ordered_at,total,currency\n"
        "O1,C1,2025-01-02T10:00:00Z,10.00,USD\nO2,C2,2025-02-01T02:00:00Z,5.25,USD\n"
        "O3,,2025-03-04T08:00:00Z,7.00,USD\n",
        encoding="utf-8",
    )
    import_file(workspace, "orders", path)


def _saved(store: Store) -> list[tuple]:
    return store.execute(
        'SELECT "name", "dialect", "schema_version", "compiled_at" FROM "_queries" ORDER BY 1'
    )


def test_the_same_answer_as_the_ibis_expression(workspace, tmp_path):
    _orders(workspace, tmp_path)
    store = Store.open(workspace.store.url, timezone="America/Toronto")  # months are the shop's
    try:
        for name, build in (("test.monthly", _monthly_orders), ("test.latest", _latest_order)):
            expected = store.to_arrow(build(store))
            assert store.compiled(name, build).equals(expected)  # types too: timestamps in UTC
            again = store.sibling()  # reads the saved SQL
            try:
                assert again.compiled(name, build).equals(expected)
                rows = again.compiled_rows(name, build)
            finally:
                again.close()
            assert rows == expected.to_pylist()
            stamps = [
                v for row in rows for v in row.values() if isinstance(v, datetime) and v.tzinfo
            ]
            assert stamps and {v.utcoffset() for v in stamps} == {timedelta(0)}  # aware ones in UTC
        months = store.compiled_rows("test.monthly", _monthly_orders)
    finally:
        store.close()
    starts = [
        m["month"].replace(tzinfo=UTC).astimezone(TORONTO) for m in months
    ]  # naive UTC (Ibis's)
    assert [
        (s.month, s.hour, m["n"], m["revenue"]) for s, m in zip(starts, months, strict=True)
    ] == [(1, 0, 2, 1525), (3, 0, 1, 700)]
    latest = workspace.store.compiled_rows("test.latest", _latest_order)
    assert [r["order_id"] for r in latest] == ["O3", "O2"]


def test_compiled_once_then_read_from_the_database(workspace, tmp_path):
    _orders(workspace, tmp_path)
    built.clear()
    first = workspace.store.compiled_rows("test.monthly", _monthly_orders)
    assert built == ["monthly"]
    assert [row[:2] for row in _saved(workspace.store)] == [
        ("test.monthly", workspace.store.dialect)
    ]
    saved = _saved(workspace.store)
    for _ in range(2):
        other = workspace.sibling()
        try:
            assert other.store.compiled_rows("test.monthly", _monthly_orders) == first
        finally:
            other.close()
    assert built == ["monthly"]  # neither compiled it again
    assert _saved(workspace.store) == saved


def test_compiled_again_for_another_schema_or_regulars_version(workspace, tmp_path):
    _orders(workspace, tmp_path)
    store = workspace.store
    expected = store.compiled_rows("test.monthly", _monthly_orders)
    ((_, _, version, _),) = _saved(store)
    assert version == store.schema_version()
    for stale in (
        '"schema_version" = "schema_version" - 1',
        "\"regulars_version\" = '0.0.1'",
        "\"code_hash\" = 'other code'",
    ):
        store.execute(f'UPDATE "_queries" SET {stale}')
        built.clear()
        other = store.sibling()
        try:
            assert other.compiled_rows("test.monthly", _monthly_orders) == expected
            assert other.compiled_rows("test.monthly", _monthly_orders) == expected
        finally:
            other.close()
        assert built == ["monthly"], stale  # compiled once more, then saved
        assert [row[2] for row in _saved(store)] == [store.schema_version()]


def test_saving_a_query_is_not_a_change_of_the_data(workspace, tmp_path):
    _orders(workspace, tmp_path)
    before = data_version(workspace.store)
    workspace.store.compiled("test.monthly", _monthly_orders)
    workspace.store.compiled_rows("test.latest", _latest_order)
    assert len(_saved(workspace.store)) == 2
    assert data_version(workspace.store) == before


def test_two_connections_compiling_at_once_keep_one_row(workspace, tmp_path):
    _orders(workspace, tmp_path)
    first, second = workspace.store.sibling(), workspace.store.sibling()
    try:
        for store in (first, second):  # each reads what is saved: nothing of test.latest
            store.compiled_rows("test.monthly", _monthly_orders)
        built.clear()
        answers = [store.compiled_rows("test.latest", _latest_order) for store in (first, second)]
        assert built == ["latest", "latest"]  # both compiled it, both saved it
    finally:
        first.close()
        second.close()
    assert answers[0] == answers[1] and len(answers[0]) == 2
    assert [row[0] for row in _saved(workspace.store)] == ["test.latest", "test.monthly"]


def test_a_database_without_the_table_still_answers(workspace, tmp_path):
    _orders(workspace, tmp_path)
    store = workspace.store
    with store.transaction(counted=False):
        store.execute('DROP TABLE "_queries"')
        store.execute('DELETE FROM "_migrations" WHERE version >= ?', (QUERIES_VERSION,))
    older = Store.open(store.url, timezone=store.timezone, migrate=False)
    try:
        expected = older.to_arrow(_monthly_orders(older)).to_pylist()
        built.clear()
        assert older.compiled_rows("test.monthly", _monthly_orders) == expected
        assert older.compiled_rows("test.monthly", _monthly_orders) == expected
        assert built == ["monthly", "monthly"]  # compiled each time: nowhere to save it
        assert "_queries" not in older.list_tables()
    finally:
        older.close()
