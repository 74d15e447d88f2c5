"""Stable keys: derived when a file has none, and checked for duplicates inside a file."""

from __future__ import annotations

import hashlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.importers.problems import ProblemLog
from regulars.schema import Table

_SEPARATOR = "\x1f"


def stable_id(*parts: object) -> str:
    """A short stable id from values: the same values always give the same id."""
    text = _SEPARATOR.join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def derive_keys(rows: pa.Table, table: Table) -> pa.Table:
    """Fill a missing single-column key from ``table.derive_key_from`` (hash of typed values)."""
    if len(table.key) != 1 or not table.derive_key_from:
        return rows
    key = table.key[0]
    missing = np.asarray(pc.is_null(rows[key]).to_numpy(zero_copy_only=False), dtype=bool)
    if not missing.any():
        return rows
    parts = [_text(rows[c]) for c in table.derive_key_from]
    # nothing to derive from (every source value empty): the key stays missing and is reported
    any_value = np.zeros(rows.num_rows, dtype=bool)
    for part in parts:
        any_value |= np.asarray(pc.is_valid(part).to_numpy(zero_copy_only=False), dtype=bool)
    joined = pc.binary_join_element_wise(table.name, *(pc.fill_null(p, "") for p in parts), _SEPARATOR)
    wanted = missing & any_value
    derived = [hashlib.sha1(text.encode("utf-8")).hexdigest()[:20] if wanted[i] else None
               for i, text in enumerate(joined.to_pylist())]
    filled = pc.coalesce(rows[key], pa.array(derived, pa.string()))
    return rows.set_column(rows.schema.get_field_index(key), key, filled)


def _text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Values as the text ``stable_id`` would hash (timestamps in UTC)."""
    if pa.types.is_timestamp(column.type):
        column = pc.cast(column, pa.timestamp("us", tz="UTC"))
    return column.cast(pa.string())


def check_duplicate_keys(rows: pa.Table, table: Table, lines: pa.Array, log: ProblemLog, shown_as: str) -> None:
    """A key that appears on two lines of one file is a problem naming both lines."""
    if rows.num_rows == 0:
        return
    keys = rows.select(list(table.key)).append_column("_line", lines)
    counts = keys.group_by(list(table.key)).aggregate([("_line", "min"), ("_line", "count")])
    dupes = counts.filter(pc.greater(counts["_line_count"], 1))
    if dupes.num_rows == 0:
        return
    first = dict(zip(_key_tuples(dupes, table), dupes["_line_min"].to_pylist()))
    all_keys = _key_tuples(rows, table)
    for key, line in zip(all_keys, lines.to_pylist()):
        if key in first and first[key] != line:
            log.add(line, shown_as, "/".join(map(str, key)), f"duplicate key: the same {shown_as} is on line {first[key]}")


def _key_tuples(rows: pa.Table, table: Table) -> list[tuple]:
    return list(zip(*(rows[c].to_pylist() for c in table.key)))
