"""Helpers shared by the export-format readers: finding columns by name, grouping, mapping values.

Columns are found by name, never by position: a name is compared with case, spaces, dots, dashes
and underscores ignored, so ``Customer ID``, ``customer_id`` and ``customerId`` are one column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.errors import InputError, Problem
from regulars.importers.batch import ImportBatch
from regulars.importers.coercion import coerce
from regulars.importers.keys import KEY_SEPARATOR, stable_ids, utc_text
from regulars.importers.problems import ProblemLog
from regulars.importers.source import SourceFile
from regulars.schema import Column

_NULL = pa.scalar(None, pa.string())


def normalize(name: str) -> str:
    return re.sub(r"[\s._\-/]+", "", name.strip().lower())


class Columns:
    """The columns of one source file, found by any of their usual names."""

    def __init__(self, source: SourceFile):
        self.source = source
        self._by_key: dict[str, str] = {}
        for name in source.columns.column_names:
            self._by_key.setdefault(normalize(name), name)

    @property
    def names(self) -> list[str]:
        return list(self.source.columns.column_names)

    def find(self, *candidates: str) -> str | None:
        """The file's own name of the first candidate it has, or None."""
        for candidate in candidates:
            if normalize(candidate) in self._by_key:
                return self._by_key[normalize(candidate)]
        return None

    def text(self, *candidates: str) -> pa.Array | None:
        name = self.find(*candidates)
        return (
            None if name is None else self.source.columns[name].combine_chunks().cast(pa.string())
        )

    def require(self, fmt: str, *groups: Sequence[str]) -> None:
        """Each group names one required column by its usual names; raise naming the absent ones."""
        missing = [group[0] for group in groups if self.find(*group) is None]
        if missing:
            reason = f"required column for {fmt} not found; the file has: {', '.join(self.names)}"
            raise InputError(
                f"{self.source.name}: required columns for {fmt} are missing",
                [Problem(self.source.name, 1, m, None, reason) for m in missing],
            )

    def metadata(self) -> list[str]:
        return [n for n in self.names if n.strip().lower().endswith("(metadata)")]


def clean(values: pa.Array) -> pa.Array:
    """Trimmed text with empty values as nulls."""
    text = pc.utf8_trim_whitespace(values.cast(pa.string()))
    return pc.if_else(pc.equal(text, ""), _NULL, text)


def strip_apostrophe(values: pa.Array | None) -> pa.Array | None:
    """Shopify prefixes ids, zips and phones with ``'`` so that spreadsheets keep them as text."""
    if values is None:
        return None
    return clean(pc.replace_substring_regex(clean(values), r"^'", ""))


def lower_email(values: pa.Array | None) -> pa.Array | None:
    return None if values is None else clean(pc.utf8_lower(clean(values)))


def customer_id_from_email(emails: pa.Array) -> pa.Array:
    """The customer id the customers table derives from an email (see ``Table.derive_key_from``)."""
    return stable_ids(pc.binary_join_element_wise("customers", emails, KEY_SEPARATOR))


def constant(value: str | None, length: int) -> pa.Array:
    return pa.array([value] * length, pa.string())


def mask(array) -> np.ndarray:
    return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)


def present(values: pa.Array) -> np.ndarray:
    return mask(pc.is_valid(values))


def map_values(
    values: pa.Array,
    mapping: Mapping[str, str],
    lines: pa.Array,
    log: ProblemLog,
    column: str,
    known: str,
) -> pa.Array:
    """Source values -> canonical ones (matched case-insensitively); an unknown value is a
    problem."""
    lowered = pc.utf8_lower(clean(values))
    keys = pa.array(list(mapping), pa.string())
    index = pc.index_in(lowered, value_set=keys)
    mapped = pc.take(pa.array(list(mapping.values()), pa.string()), index)
    unknown = present(lowered) & ~present(index)
    log.add_rows(unknown, lines, values, column, f"not a known value; known: {known}")
    return mapped


def typed(
    values: pa.Array,
    type_: str,
    lines: pa.Array,
    log: ProblemLog,
    column: str,
    reason: str,
    timezone: str = "UTC",
) -> pa.Array:
    """Values read as a canonical type outside ``canonical_rows`` (a bad value is a problem)."""
    result, bad = coerce(values, Column(column, type_, ""), timezone)  # type: ignore[arg-type]
    log.add_rows(bad, lines, values, column, reason)
    return result


def as_text(values: pa.Array) -> pa.Array:
    """Typed values as text that ``canonical_rows`` reads back to the same value."""
    if pa.types.is_timestamp(values.type):
        return utc_text(values)
    return values.cast(pa.string())


def codes(values: pa.Array) -> np.ndarray:
    """Integer group codes of values (nulls form one group)."""
    encoded = pc.dictionary_encode(pc.fill_null(values, "\x00"))
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)


def first_indices(values: pa.Array) -> np.ndarray:
    """Row numbers of the first occurrence of each distinct value, in file order."""
    _, first = np.unique(codes(values), return_index=True)
    return np.sort(first)


def run_starts(values: pa.Array) -> np.ndarray:
    """True where a row starts a run of equal values (a new order in a one-row-per-item file)."""
    c = codes(values)
    return np.r_[True, c[1:] != c[:-1]] if len(c) else np.zeros(0, dtype=bool)


def position_in_group(values: pa.Array) -> np.ndarray:
    """1, 2, 3... for the rows of each distinct value, in file order."""
    c = codes(values)
    order = np.argsort(c, kind="stable")
    sorted_codes = c[order]
    starts = (
        np.r_[True, sorted_codes[1:] != sorted_codes[:-1]] if len(c) else np.zeros(0, dtype=bool)
    )
    index = np.arange(len(c))
    group_start = np.maximum.accumulate(np.where(starts, index, 0)) if len(c) else index
    out = np.empty(len(c), dtype=np.int64)
    out[order] = index - group_start + 1
    return out


def take(text: Mapping[str, pa.Array | None], rows: np.ndarray) -> dict[str, pa.Array]:
    """The given rows of each present text column (absent columns are left out)."""
    indices = pa.array(rows, pa.int64())
    return {name: pc.take(values, indices) for name, values in text.items() if values is not None}


def split_name(values: pa.Array | None) -> tuple[pa.Array | None, pa.Array | None]:
    """ "Ada King Lovelace" -> ("Ada", "King Lovelace"); one word is a first name only."""
    if values is None:
        return None, None
    parts = pc.extract_regex(clean(values), r"^(?P<first>\S+)(?:\s+(?P<last>.+))?$")
    return clean(pc.struct_field(parts, "first")), clean(pc.struct_field(parts, "last"))


def ignored_warning(what: str, columns: Sequence[str], why: str) -> tuple[str, ...]:
    return (f"{what}: {', '.join(columns)} {why}",) if columns else ()


def batch(
    source: SourceFile, fmt: str, tables: dict[str, pa.Table], warnings: Sequence[str] = ()
) -> ImportBatch:
    kept = {name: rows for i, (name, rows) in enumerate(tables.items()) if i == 0 or rows.num_rows}
    return ImportBatch(source.name, source.sha256, fmt, kept, source.num_rows, tuple(warnings))


def fields(
    cols: Columns, spec: Mapping[str, Sequence[str]]
) -> tuple[dict[str, pa.Array], dict[str, str]]:
    """Text per canonical column from ``{canonical: (usual names...)}``, and the file's names."""
    text: dict[str, pa.Array] = {}
    shown_as: dict[str, str] = {}
    for canonical, candidates in spec.items():
        name = cols.find(*candidates)
        if name is not None:
            text[canonical] = cols.source.columns[name].combine_chunks().cast(pa.string())
            shown_as[canonical] = name
    return text, shown_as


def first_of_duplicates(
    values: pa.Array, lines: pa.Array, log: ProblemLog, column: str
) -> np.ndarray:
    """Rows to keep: a value present on an earlier line makes a later row a problem (and
    dropped)."""
    c = codes(values)
    if len(c) == 0:
        return np.ones(0, dtype=bool)
    unique, first = np.unique(c, return_index=True)
    first_row = np.zeros(int(c.max()) + 1, dtype=np.int64)
    first_row[unique] = first
    duplicate = present(values) & (first_row[c] != np.arange(len(c)))
    for i in np.flatnonzero(duplicate):
        earlier = lines[int(first_row[c[i]])].as_py()
        log.add(
            lines[int(i)].as_py(),
            column,
            values[int(i)].as_py(),
            f"duplicate: the same {column} is on line {earlier}",
        )
    return ~duplicate


def require_key(keys: pa.Array, lines: pa.Array, log: ProblemLog, column: str, what: str) -> None:
    """A row with none of the values its key comes from is a problem (else the key would be a hash
    of nothing)."""
    log.add_rows(~present(keys), lines, None, column, f"required value is missing ({what})")


def normalize_phone(values: pa.Array | None) -> pa.Array | None:
    """A phone as digits with a leading + kept ("'+44 20 7946 0000" -> "+442079460000"); fewer
    than 6 digits is no phone."""
    if values is None:
        return None
    trimmed = pc.replace_substring_regex(clean(values), r"^'\s*", "")
    digits = pc.replace_substring_regex(trimmed, r"[^0-9]", "")
    plus = pc.fill_null(pc.starts_with(trimmed, "+"), False)
    text = pc.if_else(plus, pc.binary_join_element_wise("+", digits, ""), digits)
    enough = pc.fill_null(pc.greater_equal(pc.utf8_length(digits), 6), False)
    return pc.if_else(enough, text, _NULL)


def customer_id_from_phone(phones: pa.Array) -> pa.Array:
    """The customer id of a buyer known only by a (normalised) phone: every importer that knows
    only a phone lands on the same customer."""
    return stable_ids(pc.binary_join_element_wise("customers", "phone", phones, KEY_SEPARATOR))


def customer_identity(emails: pa.Array | None, phones: pa.Array | None) -> pa.Array | None:
    """The customer id from the email, else from the phone (None when the file has neither)."""
    parts = [
        customer_id_from_email(emails) if emails is not None else None,
        customer_id_from_phone(phones) if phones is not None else None,
    ]
    parts = [p for p in parts if p is not None]
    return pc.coalesce(*parts) if parts else None
