"""Point lookups compiled once: a profile or an export runs the same few queries for a different
customer each time, and compiling an Ibis expression costs far more than running it.

``Store.lookup(build, *values)`` calls ``build(store, *tokens)`` once with unique placeholder
strings, compiles the expression to SQL, and turns each quoted placeholder into a bound parameter.
Later calls with other values run that SQL directly. ``build`` must depend only on its arguments (a
module-level function, not a closure over changing state). If a placeholder does not come through
compilation verbatim, the lookup is compiled every time, as an ordinary query would be.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from regulars.recent import MISSING, Recent

if TYPE_CHECKING:
    import ibis
    import pyarrow as pa

    from regulars.store.connection import Store

Build = Callable[..., "ibis.Table"]


@dataclass(frozen=True)
class Prepared:
    sql: str | None  # None: the placeholders did not survive compilation; compile per call
    order: tuple[int, ...]  # which value each placeholder in ``sql`` takes, left to right
    template: ibis.Table  # the expression built with placeholders: its schema converts the result


_prepared = Recent(256)


def lookup(
    store: Store, build: Build, values: tuple[str, ...], options: dict[str, Any]
) -> pa.Table:
    key = (
        store.url,
        store.dialect,
        build.__module__,
        build.__qualname__,
        len(values),
        tuple(sorted(options.items())),
    )
    prepared = _prepared.get(key)
    if prepared is MISSING:
        prepared = _prepare(store, build, len(values), options)
        _prepared.put(key, prepared)
    if prepared.sql is None:
        return store.to_arrow(build(store, *values, **options))
    params = [values[i] for i in prepared.order]
    return _run(store, prepared, params)


def forget(store: Store) -> None:
    """Drop what was compiled for this database (after a migration changed its tables)."""
    _prepared.forget(lambda key: key[0] == store.url)


def _prepare(store: Store, build: Build, count: int, options: dict[str, Any]) -> Prepared:
    salt = secrets.token_hex(8)
    tokens = [f"regulars-param-{i}-{salt}" for i in range(count)]
    template = build(store, *tokens, **options).as_table()
    sql = str(store.backend.compile(template))
    pattern = re.compile("'(" + "|".join(re.escape(t) for t in tokens) + ")'") if tokens else None
    order = tuple(tokens.index(m.group(1)) for m in pattern.finditer(sql)) if pattern else ()
    if set(order) != set(range(count)):
        return Prepared(None, (), template)
    placeholder = "?"
    if store.dialect == "postgres":
        sql, placeholder = sql.replace("%", "%%"), "%s"
    return Prepared(pattern.sub(placeholder, sql) if pattern else sql, order, template)


def _run(store: Store, prepared: Prepared, params: list[str]) -> pa.Table:
    import pyarrow as pa

    template = prepared.template
    if store.dialect == "duckdb":
        table = store.raw.execute(prepared.sql, params).to_arrow_table()
        from ibis.backends.duckdb.converter import DuckDBPyArrowData

        return template.__pyarrow_result__(table, data_mapper=DuckDBPyArrowData)
    schema = template.schema()
    with store.raw.cursor() as cur:
        cur.execute(prepared.sql, params)
        rows = cur.fetchall()
    batch = pa.RecordBatch.from_struct_array(pa.array(rows, type=schema.as_struct().to_pyarrow()))
    return template.__pyarrow_result__(pa.Table.from_batches([batch], schema=schema.to_pyarrow()))
