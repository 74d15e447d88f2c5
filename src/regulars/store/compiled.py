"""Queries a command runs every time, compiled once and kept in the database.

Importing Ibis and compiling an expression cost far more than running a small query: ``regulars
status`` would spend most of a second on them. ``Store.compiled(name, build)`` (an Arrow table) and
``Store.compiled_rows(name, build)`` (dicts, without even pyarrow) run the SQL saved under ``name``
in ``_queries`` on the raw connection, with neither Ibis nor pandas imported. When there is none,
or it was compiled by another Regulars, from other code (the source of ``build``'s module and of
schema.py) or against another schema version, they import Ibis, build ``build(store)``, compile
it, save the SQL and run it. The saved SQL is not data: saving it moves no data version and
empties no cache. A store reads the saved SQL once (one query), at its first compiled query.

``build`` must depend only on the store it is given (a module-level function, or a
``functools.partial`` of one whose arguments are part of ``name``): no values of the moment, no
in-memory tables. Its result is the same as ``store.to_arrow(build(store))``; in ``rows``,
timestamps are datetimes in UTC, as Ibis gives them.
"""

from __future__ import annotations

import base64
import hashlib
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from regulars import __version__, schema
from regulars.store.ddl import quote
from regulars.store.migrations import QUERIES_VERSION

if TYPE_CHECKING:
    import ibis
    import pyarrow as pa

    from regulars.store.connection import Store

Build = Callable[["Store"], "ibis.Expr"]
Saved = tuple[str, str, str]  # code hash, SQL, result schema (Arrow IPC, base64)

_THIS_SCHEMA = '"schema_version" = (SELECT max(version) FROM "_migrations")'
_LOAD = ('SELECT "name", "code_hash", "sql", "result_schema" FROM "_queries"'
         ' WHERE "dialect" = {} AND "regulars_version" = {} AND ' + _THIS_SCHEMA)
_COLUMNS = ("name", "dialect", "regulars_version", "code_hash", "schema_version", "sql", "result_schema",
            "compiled_at")
_SAVE = (f'INSERT INTO "_queries" ({", ".join(map(quote, _COLUMNS))})'
         f' VALUES ({", ".join("?" for _ in _COLUMNS)}) ON CONFLICT ("name", "dialect") DO UPDATE SET '
         + ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in _COLUMNS[2:]))


def arrow(store: Store, name: str, build: Build) -> pa.Table:
    _, sql, result_schema = _query(store, name, build)
    return _arrow(store, sql, result_schema)


def rows(store: Store, name: str, build: Build) -> list[dict]:
    _, sql, _ = _query(store, name, build)
    if store.dialect == "duckdb":
        cur = store.raw.execute(sql)
        return _dicts(cur.description, cur.fetchall())
    with store.raw.cursor() as cur:
        cur.execute(sql)  # no parameters: psycopg sends the text as it is
        return _dicts(cur.description, cur.fetchall())


def code_hash(build: Build) -> str:
    """What the saved SQL was compiled from: the source of ``build``'s module, and schema.py."""
    module = getattr(build, "func", build).__module__
    if module not in _hashes:
        digest = hashlib.sha256()
        for path in (getattr(sys.modules.get(module), "__file__", None), schema.__file__):
            digest.update(Path(path).read_bytes() if path and Path(path).is_file() else module.encode())
        _hashes[module] = digest.hexdigest()[:32]
    return _hashes[module]


_hashes: dict[str, str] = {}


def _query(store: Store, name: str, build: Build) -> Saved:
    code = code_hash(build)
    saved = _saved(store)
    found = saved.get(name) if saved is not None else None
    if found is not None and found[0] == code:
        return found
    found = _compile(store, name, build, code)
    if saved is not None:
        saved[name] = found
    return found


def _saved(store: Store) -> dict[str, Saved] | None:
    """What this Regulars compiled for this schema version, by name; None when the database has no
    ``_queries`` (a store opened without migrating)."""
    if store.saved_queries is None:
        if store.schema_version() < QUERIES_VERSION:
            store.saved_queries = False
        else:  # values written into the text: DuckDB imports pandas to bind a parameter
            found = store.execute(_LOAD.format(_literal(store.dialect), _literal(__version__)))
            store.saved_queries = {name: (code, sql, result_schema) for name, code, sql, result_schema in found}
    return store.saved_queries if store.saved_queries is not False else None


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _compile(store: Store, name: str, build: Build, code: str) -> Saved:
    from ibis.expr import operations as ops

    expr = build(store).as_table()
    sql = str(store.backend.compile(expr))
    result_schema = base64.b64encode(expr.schema().to_pyarrow().serialize().to_pybytes()).decode("ascii")
    if _saved(store) is not None and not expr.op().find(ops.InMemoryTable):
        _save(store, (name, store.dialect, __version__, code, store.schema_version(), sql, result_schema,
                      datetime.now(UTC)))
    return code, sql, result_schema


def _save(store: Store, values: tuple) -> None:
    """Insert or replace the row, outside any counted transaction. Two processes (or threads)
    saving at once both succeed, or one gives up quietly: either way each runs what it compiled."""
    if store.dialect == "duckdb":
        import duckdb

        try:
            store.execute(_SAVE, values)
        except duckdb.TransactionException:  # another thread's save of the same row
            pass
        return
    import psycopg

    try:
        with store.raw.transaction():  # a savepoint inside a transaction: a failure spoils nothing
            store.execute(_SAVE, values)
    except psycopg.errors.SerializationFailure:
        pass


def _dicts(description, found: list[tuple]) -> list[dict]:
    names = [column[0] for column in description]
    return [dict(zip(names, map(_utc, row), strict=True)) for row in found]


def _utc(value):
    """An aware datetime in UTC (the session's timezone is the shop's), anything else as it is."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


def _arrow(store: Store, sql: str, encoded_schema: str) -> pa.Table:
    import pyarrow as pa
    import pyarrow.ipc

    result_schema = pyarrow.ipc.read_schema(pa.py_buffer(base64.b64decode(encoded_schema)))
    if store.dialect == "duckdb":
        return _conform(store.raw.execute(sql).to_arrow_table(), result_schema)
    with store.raw.cursor() as cur:
        cur.execute(sql)
        found = cur.fetchall()
    columns = [_array([row[i] for row in found], f.type) for i, f in enumerate(result_schema)]
    return pa.Table.from_arrays(columns, schema=result_schema)


def _conform(table: pa.Table, result_schema: pa.Schema) -> pa.Table:
    """The result in the types Ibis gives it: a timestamp in UTC, not in the session's timezone,
    relabelled in place (a cast would import pyarrow.compute, a tenth of a second)."""
    import pyarrow as pa

    if table.schema == result_schema:
        return table
    columns = []
    for column, field in zip(table.columns, result_schema, strict=True):
        if column.type == field.type:
            columns.append(column)
        elif pa.types.is_timestamp(column.type) and pa.types.is_timestamp(field.type) \
                and column.type.unit == field.type.unit:
            columns.append(pa.chunked_array([chunk.view(field.type) for chunk in column.chunks], field.type))
        else:
            columns.append(column.cast(field.type))
    return pa.Table.from_arrays(columns, schema=result_schema)


def _array(values: list, type_: pa.DataType) -> pa.Array:
    import pyarrow as pa

    try:
        return pa.array(values, type=type_)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # e.g. PostgreSQL's numeric sums, as Decimals
        return pa.array(values).cast(type_)
