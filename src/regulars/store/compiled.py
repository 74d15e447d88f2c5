"""Queries a command runs every time, compiled once and kept in the database.

Importing Ibis and compiling an expression cost far more than running a small query: ``regulars
status`` would spend most of a second on them. ``Store.compiled(name, build)`` (an Arrow table) and
``Store.compiled_rows(name, build)`` (dicts, without even pyarrow) run the SQL saved under ``name``
in ``_queries`` on the raw connection, with neither Ibis nor pandas imported. When there is none,
or it was compiled by another Regulars, from other code (the source of ``build``'s module, of
schema.py and of this module) or against another schema version, they import Ibis, build
``build(store)``, compile it, save the SQL and run it. The saved SQL is not data: saving it moves
no data version and empties no cache. A store reads the saved SQL once (one query), at its first
compiled query.

``build`` must depend only on the store it is given (a module-level function, or a
``functools.partial`` of one whose arguments are part of ``name``): no values of the moment, no
in-memory tables. Its result is the same as ``store.to_arrow(build(store))``; in ``rows``,
timestamps are datetimes in UTC, as Ibis gives them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
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
Saved = tuple[str, str, str]  # code hash, SQL, result schema (see _describe)

_LOAD = (
    'SELECT "name", "code_hash", "sql", "result_schema" FROM "_queries"'
    ' WHERE "dialect" = {} AND "regulars_version" = {} AND "schema_version" = {:d}'
)
_COLUMNS = (
    "name",
    "dialect",
    "regulars_version",
    "code_hash",
    "schema_version",
    "sql",
    "result_schema",
    "compiled_at",
)
_SAVE = (
    f'INSERT INTO "_queries" ({", ".join(map(quote, _COLUMNS))})'
    f" VALUES ({', '.join('?' for _ in _COLUMNS)})"
    ' ON CONFLICT ("name", "dialect") DO UPDATE SET '
    + ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in _COLUMNS[2:])
)


def arrow(store: Store, name: str, build: Build) -> pa.Table:
    _, sql, result_schema = _query(store, name, build)
    return _arrow(store, sql, result_schema)


def rows(store: Store, name: str, build: Build) -> list[dict]:
    _, sql, described = _query(store, name, build)
    if store.dialect == "duckdb":
        cur = store.raw.execute(sql)
        return _dicts(cur.description, cur.fetchall(), json.loads(described)["columns"])
    with store.raw.cursor() as cur:
        cur.execute(sql)  # no parameters: psycopg sends the text as it is
        return _dicts(cur.description, cur.fetchall(), json.loads(described)["columns"])


def code_hash(build: Build) -> str:
    """What the saved SQL was compiled from: the source of ``build``'s module, of schema.py and of
    this module (which writes what is saved)."""
    module = getattr(build, "func", build).__module__
    if module not in _hashes:
        digest = hashlib.sha256()
        for path in (getattr(sys.modules.get(module), "__file__", None), schema.__file__, __file__):
            known = path is not None and Path(path).is_file()
            digest.update(Path(path).read_bytes() if known else module.encode())
        _hashes[module] = digest.hexdigest()[:32]
    return _hashes[module]


_hashes: dict[str, str] = {}


def _query(store: Store, name: str, build: Build) -> Saved:
    code = code_hash(build)
    saved = _saved(store)
    found = saved.queries.get(name) if saved is not None else None
    if found is not None and found[0] == code:
        return found
    return _compile(store, name, build, code)


@dataclass(frozen=True)
class SavedQueries:
    """What this Regulars compiled for the database's schema version, by name."""

    schema_version: int
    queries: dict[str, Saved]


def _saved(store: Store) -> SavedQueries | None:
    """Read once per store; None when the database has no ``_queries`` (a store opened without
    migrating)."""
    if store.saved_queries is None:
        version = store.schema_version()
        if version < QUERIES_VERSION:
            store.saved_queries = False
        else:  # values written into the text: DuckDB imports pandas to bind a parameter
            query = _LOAD.format(_literal(store.dialect), _literal(__version__), version)
            found = store.execute(query)
            store.saved_queries = SavedQueries(
                version, {name: (code, sql, described) for name, code, sql, described in found}
            )
    return store.saved_queries or None


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _compile(store: Store, name: str, build: Build, code: str) -> Saved:
    from ibis.expr import operations as ops

    expr = build(store).as_table()
    compiled = (code, str(store.backend.compile(expr)), _describe(expr.schema().to_pyarrow()))
    saved = _saved(store)
    if saved is not None and not expr.op().find(ops.InMemoryTable):  # gone in another process
        _save(
            store,
            (
                name,
                store.dialect,
                __version__,
                code,
                saved.schema_version,
                *compiled[1:],
                datetime.now(UTC),
            ),
        )
        saved.queries[name] = compiled
    return compiled


def _save(store: Store, values: tuple) -> None:
    """Insert or replace the row, outside any counted transaction. Two processes (or threads)
    saving at once both succeed, or one gives up quietly: either way each runs what it compiled.
    PostgreSQL: a save that fails for any reason is given up too."""
    if store.dialect == "duckdb":
        import duckdb

        try:
            store.write(_SAVE, values)
        except duckdb.TransactionException:  # another thread's save of the same row
            pass
        return
    import psycopg

    try:
        with store.raw.transaction():  # a savepoint inside a transaction: a failure spoils nothing
            store.execute(_SAVE, values)
    except psycopg.Error:  # a role that may not write, say: it will compile again next time
        pass


def _describe(result_schema: pa.Schema) -> str:
    """The result's Arrow schema, and for ``rows`` (which does without pyarrow) each column's kind:
    ``[name, "int" | "float" | "timestamp" | "other", timezone]``."""
    import pyarrow as pa

    checks = (
        ("int", pa.types.is_integer),
        ("float", pa.types.is_floating),
        ("timestamp", pa.types.is_timestamp),
    )
    kind = lambda t: next((name for name, check in checks if check(t)), "other")  # noqa: E731
    columns = [[f.name, kind(f.type), getattr(f.type, "tz", None)] for f in result_schema]
    encoded = base64.b64encode(result_schema.serialize().to_pybytes()).decode("ascii")
    return json.dumps({"arrow": encoded, "columns": columns})


def _dicts(description, found: list[tuple], columns: list[list]) -> list[dict]:
    """Rows as dicts, each value of the type Ibis gives it (PostgreSQL's numeric sums as ints,
    timestamps in UTC rather than in the session's timezone)."""
    kinds = {name: (kind, tz) for name, kind, tz in columns}
    names = [column[0] for column in description]
    convert = [_CONVERT.get(kinds.get(name, ("other", None))[0]) for name in names]
    zones = [kinds.get(name, ("other", None))[1] for name in names]
    return [
        {
            name: value if value is None or to is None else to(value, tz)
            for name, value, to, tz in zip(names, row, convert, zones, strict=True)
        }
        for row in found
    ]


def _timestamp(value: datetime, tz: str | None) -> datetime:
    if value.tzinfo is None:
        return value
    if tz is None:  # Ibis's naive timestamps (a month's start) read in UTC
        return value.astimezone(UTC).replace(tzinfo=None)
    from zoneinfo import ZoneInfo

    return value.astimezone(UTC if tz in ("UTC", "Etc/UTC") else ZoneInfo(tz))


_CONVERT = {"int": lambda v, _: int(v), "float": lambda v, _: float(v), "timestamp": _timestamp}


def _arrow(store: Store, sql: str, described: str) -> pa.Table:
    import pyarrow as pa
    import pyarrow.ipc

    encoded = json.loads(described)["arrow"]
    result_schema = pyarrow.ipc.read_schema(pa.py_buffer(base64.b64decode(encoded)))
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
        elif (
            pa.types.is_timestamp(column.type)
            and pa.types.is_timestamp(field.type)
            and column.type.unit == field.type.unit
        ):
            chunks = [chunk.view(field.type) for chunk in column.chunks]
            columns.append(pa.chunked_array(chunks, field.type))
        else:
            columns.append(column.cast(field.type))
    return pa.Table.from_arrays(columns, schema=result_schema)


def _array(values: list, type_: pa.DataType) -> pa.Array:
    import pyarrow as pa

    try:
        return pa.array(values, type=type_)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # e.g. PostgreSQL's numeric sums, as Decimals
        return pa.array(values).cast(type_)
