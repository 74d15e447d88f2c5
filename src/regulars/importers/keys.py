"""Stable keys: derived when a file has none, and checked for duplicates inside a file."""

from __future__ import annotations

import hashlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.importers.problems import ProblemLog
from regulars.schema import Table

KEY_SEPARATOR = "\x1f"


def stable_id(*parts: object) -> str:
    """A short stable id from values: the same values always give the same id."""
    text = KEY_SEPARATOR.join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def stable_ids(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    """``stable_id`` of each text already joined with the separator (null stays null), hashed
    once per distinct value."""
    encoded = pc.dictionary_encode(texts)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.unify_dictionaries().combine_chunks()
    digests = [
        hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]
        for text in encoded.dictionary.to_pylist()
    ]
    return pa.array(digests, pa.string()).take(encoded.indices)


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
    joined = pc.binary_join_element_wise(
        table.name, *(pc.fill_null(p, "") for p in parts), KEY_SEPARATOR
    )
    wanted = missing & any_value
    if table.name in REPEATABLE:
        joined = _with_occurrence(joined)
    derived = stable_ids(pc.if_else(pa.array(wanted), joined, pa.scalar(None, pa.string())))
    filled = pc.coalesce(rows[key], derived)
    return rows.set_column(rows.schema.get_field_index(key), key, filled)


#: Tables whose identical rows are separate facts: two same-day purchases of the same amount by
#: one customer (CDNOW has 255) are two orders. A derived key there also counts the occurrence
#: among identical rows, in file order: the first keeps the plain hash, the second hashes
#: "...\x1f2", so re-importing the file gives the same keys and adds nothing.
REPEATABLE = frozenset({"orders", "order_items"})


def _with_occurrence(joined: pa.Array | pa.ChunkedArray) -> pa.Array:
    """``joined`` with ``\x1fN`` appended from the second identical value on (N = 2, 3, ...)."""
    if isinstance(joined, pa.ChunkedArray):
        joined = joined.combine_chunks()
    codes = pc.dictionary_encode(joined).indices.to_numpy(zero_copy_only=False).astype(np.int64)
    if len(codes) == 0 or len(np.unique(codes)) == len(codes):
        return joined
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    index = np.arange(len(codes))
    occurrence = np.empty(len(codes), dtype=np.int64)
    occurrence[order] = index - np.maximum.accumulate(np.where(starts, index, 0)) + 1
    repeat = occurrence > 1
    suffix = pa.array(np.char.add(KEY_SEPARATOR, occurrence.astype(str)).astype(object))
    return pc.if_else(pa.array(repeat), pc.binary_join_element_wise(joined, suffix, ""), joined)


def _text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Values as the text ``stable_id`` would hash (timestamps in UTC)."""
    if pa.types.is_timestamp(column.type):
        return utc_text(column)
    return column.cast(pa.string())


def utc_text(stamps: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Timestamps as Arrow writes them in UTC, "2024-01-02 10:00:00.000000Z" (formatted without a
    time zone, which Arrow does many times faster, then marked as UTC)."""
    naive = pc.cast(pc.cast(stamps, pa.timestamp("us", tz="UTC")), pa.timestamp("us"))
    return pc.binary_join_element_wise(naive.cast(pa.string()), "Z", "")


def check_duplicate_keys(
    rows: pa.Table, table: Table, lines: pa.Array, log: ProblemLog, shown_as: str
) -> None:
    """A key that appears on two lines of one file is a problem naming both lines."""
    if rows.num_rows == 0 or _all_distinct(rows, table):
        return
    keys = rows.select(list(table.key)).append_column("_line", lines)
    keys = keys.drop_null()  # a missing key is reported as missing, not as a repeated 'None'
    counts = keys.group_by(list(table.key)).aggregate([("_line", "min"), ("_line", "count")])
    dupes = counts.filter(pc.greater(counts["_line_count"], 1))
    if dupes.num_rows == 0:
        return
    first = dict(zip(_key_tuples(dupes, table), dupes["_line_min"].to_pylist()))
    all_keys = _key_tuples(rows, table)
    for key, line in zip(all_keys, lines.to_pylist()):
        if key in first and first[key] != line and None not in key:
            log.add(
                line,
                shown_as,
                "/".join(map(str, key)),
                f"duplicate key: the same {shown_as} is on line {first[key]}",
            )


def _key_tuples(rows: pa.Table, table: Table) -> list[tuple]:
    return list(zip(*(rows[c].to_pylist() for c in table.key)))


def _all_distinct(rows: pa.Table, table: Table) -> bool:
    """No key repeats (the common case, settled by one hash pass over a single-column key)."""
    if len(table.key) != 1:
        return False
    return len(pc.unique(rows[table.key[0]])) == rows.num_rows
