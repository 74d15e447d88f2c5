"""Transactional writes: a whole import lands in one transaction, as an upsert on natural keys.

Only the columns a file provides are written: a file that lacks a column never blanks a value
another file gave. Rows whose values did not change are left alone, so re-importing the same
file adds and changes nothing.
"""

from __future__ import annotations

import io
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from regulars.errors import InputError, Problem
from regulars.schema import table as table_named
from regulars.store.connection import Store
from regulars.store.ddl import quote
from regulars.store.durability import writer_lock


@dataclass(frozen=True)
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: WriteCounts) -> WriteCounts:
        return WriteCounts(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )


@dataclass(frozen=True)
class ImportRecord:
    """The audit row of one import (written in the same transaction as its rows)."""

    import_id: str
    table_name: str
    file_name: str
    file_sha256: str
    format: str
    rows_in_file: int


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that nothing it did is kept."""


def write_import(
    store: Store,
    record: ImportRecord,
    tables: dict[str, pa.Table],
    stubs: dict[str, pa.Table] | None = None,
    *,
    dry_run: bool = False,
    fill_only: frozenset[str] = frozenset(),
) -> dict[str, WriteCounts]:
    """Write ``tables`` (parents first) and insert missing ``stubs``, all or nothing.

    Tables in ``fill_only`` only fill values that are empty in existing rows.
    A dry run does the same work and rolls it back, so its counts are exact.
    """
    for name, rows in {**(stubs or {}), **tables}.items():
        _refuse_nul(record.file_name, name, rows)
    counts: dict[str, WriteCounts] = {}
    try:
        with _one_writer(store, [*(stubs or {}), *tables]):
            for name, rows in (stubs or {}).items():
                with _incoming(store, name, rows) as incoming:
                    counts[name] = WriteCounts(
                        created=_insert_new(
                            store, name, incoming, rows.column_names, record.import_id
                        )
                    )
            for name, rows in tables.items():
                written = _upsert(store, name, rows, record.import_id, fill=name in fill_only)
                counts[name] = counts.get(name, WriteCounts()) + written
            _log_import(store, record, counts)
            _pause_before_commit()
            if dry_run:
                raise _DryRun
            _announce_commit()
    except _DryRun:
        pass
    return counts


@contextmanager
def _one_writer(store: Store, names: list[str]) -> Iterator[None]:
    """A transaction in which no other import writes the same tables.

    Natural keys stay unique because an import inserts only the keys the table lacks, and no two
    imports do that at once. DuckDB: one process holds the file, so a lock per file in this process
    suffices (it also spares concurrent UPDATEs DuckDB's write-write conflict errors). PostgreSQL:
    several processes write, so the transaction locks the tables (readers still read).
    """
    if store.dialect == "duckdb":
        with writer_lock(store.url), _unordered_inserts(store), store.transaction():
            yield
        return
    with store.transaction():
        store.execute(
            f"LOCK TABLE {', '.join(quote(n) for n in sorted(set(names)))} IN SHARE ROW EXCLUSIVE "
            "MODE"
        )
        yield


@contextmanager
def _unordered_inserts(store: Store) -> Iterator[None]:
    """DuckDB buffers less of a large insert when it need not keep the rows' order (a 300 MB file
    peaks about 60 MB lower); the setting is put back after the import."""
    store.execute("SET preserve_insertion_order = false")
    try:
        yield
    finally:
        store.execute("RESET preserve_insertion_order")


def _pause_before_commit() -> None:
    """Fault injection for the crash test: REGULARS_PAUSE_BEFORE_COMMIT=FILE makes the import
    write FILE and wait inside its open transaction, so a test can SIGKILL it there."""
    marker = os.environ.get("REGULARS_PAUSE_BEFORE_COMMIT")
    if marker:
        Path(marker).write_text(str(os.getpid()))
        time.sleep(60)


def _refuse_nul(file: str, table: str, rows: pa.Table) -> None:
    """Text with a NUL character, which PostgreSQL cannot store: an input problem naming the line
    and column, before anything is written (a dry run too), on both backends alike."""
    for column in rows.column_names:
        values = rows[column]
        if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
            continue
        found = pc.fill_null(pc.match_substring(values, "\x00"), False)
        if pc.any(found).as_py():
            at = pc.index(found, True).as_py()
            line = rows["_source_line"][at].as_py() if "_source_line" in rows.column_names else None
            problem = Problem(file, line, column, None, "contains a NUL character (\\0)")
            raise InputError(f"{file}: {table} has text with a NUL character", [problem])


def _announce_commit() -> None:
    """Fault injection for the kill-through-commit test: REGULARS_ANNOUNCE_COMMIT=FILE makes the
    import write FILE just before its COMMIT, and carry on."""
    marker = os.environ.get("REGULARS_ANNOUNCE_COMMIT")
    if marker:
        Path(marker).write_text(str(os.getpid()))


def _upsert(
    store: Store, name: str, rows: pa.Table, import_id: str, fill: bool = False
) -> WriteCounts:
    """Update the rows whose values changed (or, with ``fill``, were empty), then insert new
    ones."""
    key = list(table_named(name).key)
    content = [c for c in rows.column_names if c not in key and not c.startswith("_")]
    target = quote(name)
    with _incoming(store, name, rows) as incoming:
        on_key = " AND ".join(f"{target}.{quote(k)} = i.{quote(k)}" for k in key)
        updated = 0
        if content and fill:
            differs = " OR ".join(
                f"({target}.{quote(c)} IS NULL AND i.{quote(c)} IS NOT NULL)" for c in content
            )
            assign = ", ".join(
                f"{quote(c)} = COALESCE({target}.{quote(c)}, i.{quote(c)})" for c in content
            )
            updated = store.execute_count(
                f"UPDATE {target} SET {assign} FROM {incoming} i WHERE {on_key} AND ({differs})"
            )
        elif content:
            differs = " OR ".join(
                f"{target}.{quote(c)} IS DISTINCT FROM i.{quote(c)}" for c in content
            )
            assign = ", ".join(
                f"{quote(c)} = i.{quote(c)}" for c in rows.column_names if c not in key
            )
            updated = store.execute_count(
                f'UPDATE {target} SET {assign}, "_import_id" = ? FROM {incoming} i '
                f"WHERE {on_key} AND ({differs})",
                (import_id,),
            )
        created = _insert_new(store, name, incoming, rows.column_names, import_id)
    return WriteCounts(created, updated, rows.num_rows - created - updated)


def _insert_new(store: Store, name: str, incoming: str, columns: list[str], import_id: str) -> int:
    """Insert the incoming rows whose key the table lacks, stamped with the import's id."""
    target = quote(name)
    names = ", ".join(quote(c) for c in columns)
    on_key = " AND ".join(f"t.{quote(k)} = i.{quote(k)}" for k in table_named(name).key)
    return store.execute_count(
        f'INSERT INTO {target} ({names}, "_import_id") SELECT '
        f"{', '.join('i.' + quote(c) for c in columns)}, ? "
        f"FROM {incoming} i WHERE NOT EXISTS (SELECT 1 FROM {target} t WHERE {on_key})",
        (import_id,),
    )


#: Rows per record batch handed to DuckDB: its row-group size, so that it scans them in parallel.
_BATCH_ROWS = 122_880


class _incoming:
    """Context manager: ``rows`` visible to SQL as a relation for the length of one statement
    group."""

    def __init__(self, store: Store, target: str, rows: pa.Table):
        self.store, self.target, self.rows = store, target, rows

    def __enter__(self) -> str:
        if self.store.dialect == "duckdb":
            self.store.raw.register(
                "_incoming",
                pa.Table.from_batches(self.rows.to_batches(_BATCH_ROWS), self.rows.schema),
            )
            return "_incoming"
        columns = ", ".join(quote(c) for c in self.rows.column_names)
        self.store.execute(
            f"CREATE TEMP TABLE _incoming AS SELECT {columns} FROM {quote(self.target)} WHERE FALSE"
        )
        buffer = io.BytesIO()
        pacsv.write_csv(
            self.rows, buffer, pacsv.WriteOptions(include_header=True, quoting_style="needed")
        )
        with (
            self.store.raw.cursor() as cur,
            cur.copy(
                f"COPY _incoming ({columns}) FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy,
        ):
            copy.write(buffer.getvalue())
        return "_incoming"

    def __exit__(self, *exc) -> None:
        if self.store.dialect == "duckdb":
            self.store.raw.unregister("_incoming")
        else:
            self.store.execute("DROP TABLE IF EXISTS _incoming")


def _log_import(store: Store, record: ImportRecord, counts: dict[str, WriteCounts]) -> None:
    total = sum(counts.values(), WriteCounts())
    details = json.dumps({name: asdict(c) for name, c in counts.items()})
    store.execute(
        'INSERT INTO "_imports" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        (
            record.import_id,
            record.table_name,
            record.file_name,
            record.file_sha256,
            record.format,
            datetime.now(UTC),
            record.rows_in_file,
            total.created,
            total.updated,
            total.unchanged,
            details,
        ),
    )
