"""From a file's text columns to validated canonical rows of one table."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.importers.coercion import ARROW_TYPES, coerce
from regulars.importers.keys import check_duplicate_keys, derive_keys
from regulars.importers.options import Reading
from regulars.importers.problems import ColumnProblem, ProblemLog
from regulars.schema import Column, Table


@dataclass(frozen=True)
class ImportBatch:
    """What one file becomes: canonical rows per table (parents first), ready to write.

    Each table holds only the columns the file provides (plus its key), and ``_source_line``.
    ``warnings`` are said to the user but do not stop the import.
    """

    file: str
    sha256: str
    format: str
    tables: dict[str, pa.Table]
    rows_in_file: int
    warnings: tuple[str, ...] = field(default_factory=tuple)
    #: Tables this file describes only in passing (the buyer on an order): their rows fill empty
    #: values of existing rows and never overwrite what a file about them said.
    fill_only: frozenset[str] = frozenset()
    #: ``--skip-invalid``: the rows set aside, as the file wrote them, with their line and reasons.
    rejected: pa.Table | None = None


def canonical_rows(
    text: dict[str, pa.Array],
    table: Table,
    lines: pa.Array,
    log: ProblemLog,
    *,
    timezone: str,
    currency: str,
    shown_as: dict[str, str] | None = None,
    in_cents: frozenset[str] = frozenset(),
    row_currency: pa.Array | None = None,
    style: Reading | None = None,
) -> pa.Table:
    """Typed, validated rows of ``table`` from text columns named after canonical columns.

    ``shown_as`` names each canonical column as the file calls it (for problems); columns listed
    in ``in_cents`` already hold integer minor units rather than major units. Money in major units
    becomes minor units of the row's currency (its ``currency`` column, else ``row_currency``,
    else ``currency``): 12.50 USD is 1250, 10000 JPY is 10000, 1.234 BHD is 1234.
    in ``in_cents`` already hold integer cents rather than major units; ``style`` says how the
    file writes numbers and dates where the user said so.
    """
    shown_as = shown_as or {}
    length = len(lines)
    needed = (
        set(table.key)
        | set(table.derive_key_from)
        | {c.name for c in table.columns if c.required}
        | {"currency"}
    )
    columns = {
        c.name: pa.nulls(length, ARROW_TYPES[c.type])
        for c in table.columns
        if c.name in needed and c.name not in text
    }
    unreadable: dict[str, np.ndarray] = {}
    coerced, distinct_keys = _coerce_columns(text, table, in_cents, timezone, style)
    for name, (typed, bad) in coerced.items():
        shown = shown_as.get(name, name)
        if isinstance(bad, ColumnProblem):  # one problem for the column, not one per row
            log.add(lines[bad.row].as_py(), shown, bad.value, bad.reason, whole_column=True)
            bad = np.ones(len(typed), dtype=bool)
        else:
            log.add_rows(bad, lines, text[name], shown, _reason(table.column(name)))
        unreadable[name] = bad
        columns[name] = typed.cast(ARROW_TYPES[table.column(name).type])
    if table.has("currency"):
        columns["currency"] = _currency(columns["currency"], currency, lines, log, shown_as)
    currencies = columns["currency"] if table.has("currency") else row_currency
    for name in coerced:
        if table.column(name).type == "cents" and name not in in_cents:
            columns[name] = to_minor_units(columns[name], currencies, text[name], currency)
    rows = derive_keys(pa.table({c: columns[c] for c in table.column_names if c in columns}), table)
    _check_required(rows, table, lines, log, shown_as, unreadable)
    if not distinct_keys:
        _check_keys(rows, table, lines, log, shown_as, unreadable)
    provided = [c for c in table.column_names if c in text or c in table.key or (c == "currency")]
    return rows.select(provided).append_column("_source_line", lines)


def _check_keys(
    rows: pa.Table,
    table: Table,
    lines: pa.Array,
    log: ProblemLog,
    shown_as: dict[str, str],
    unreadable: dict[str, np.ndarray],
) -> None:
    """Repeated keys among the rows whose values could be read (a key derived from an
    unreadable value says nothing more about the row)."""
    shown = shown_as.get(table.key[0], table.key[0])
    bad = np.zeros(rows.num_rows, dtype=bool)
    for mask in unreadable.values():
        bad |= mask
    if bad.any():
        keep = pa.array(~bad)
        rows, lines = rows.filter(keep), lines.filter(keep)
    check_duplicate_keys(rows, table, lines, log, shown)


#: Files at least this long have their columns read on several threads (Arrow's kernels release
#: the GIL).
PARALLEL_ROWS = 50_000


def _coerce_columns(
    text: dict[str, pa.Array],
    table: Table,
    in_cents: frozenset[str],
    timezone: str,
    style: Reading | None,
) -> tuple[dict[str, tuple[pa.Array, np.ndarray | ColumnProblem]], bool]:
    """``coerce`` of each text column (typed values, unreadable mask or the column's one
    problem), in the order of ``text``;
    and whether the file's single-column key is present on every row and never repeats (then no
    key is derived and the duplicate check has nothing to find)."""
    key = table.key[0] if len(table.key) == 1 and table.key[0] in text else None
    distinct = [False]

    def one(name: str) -> tuple[pa.Array, np.ndarray | ColumnProblem]:
        column = table.column(name)
        if name in in_cents:
            column = Column(column.name, "int", column.description)
        try:
            typed, bad = coerce(text[name], column, timezone, style)
        except ColumnProblem as problem:
            return pa.nulls(len(text[name]), ARROW_TYPES[column.type]), problem
        if name == key and typed.null_count == 0:  # on this worker, while others read other columns
            distinct[0] = len(pc.unique(typed)) == len(typed)
        return typed, bad

    names = sorted(text, key=lambda name: name != key)  # the key first: its check takes longest
    workers = min(len(names), os.cpu_count() or 1)
    if workers < 2 or max((len(v) for v in text.values()), default=0) < PARALLEL_ROWS:
        coerced = {name: one(name) for name in names}
    else:
        with ThreadPoolExecutor(workers) as pool:
            coerced = dict(zip(names, pool.map(one, names)))
    return {name: coerced[name] for name in text}, distinct[0]


def to_minor_units(
    hundredths: pa.Array,
    currencies: pa.Array | None,
    text: pa.Array | None = None,
    default: str = "USD",
) -> pa.Array:
    """Amounts read as hundredths of a major unit -> minor units of each row's currency (ISO 4217
    via ``units.minor_units``). With three decimals the source ``text`` is read again, so no digit
    is lost."""
    if currencies is None:
        currencies = pa.nulls(len(hundredths), pa.string())
    currencies = pc.fill_null(currencies.cast(pa.string()), default)
    distinct = [c for c in pc.unique(currencies).to_pylist() if minor_units_of(c) != 2]
    if not distinct:
        return hundredths
    values = hundredths.to_numpy(zero_copy_only=False).astype(np.float64)
    valid = np.asarray(pc.is_valid(hundredths).to_numpy(zero_copy_only=False), dtype=bool)
    exact = _major_units(text) if text is not None else None
    for code in distinct:
        rows = np.asarray(pc.equal(currencies, code).to_numpy(zero_copy_only=False), dtype=bool)
        places = minor_units_of(code)
        scaled = np.round(values[rows] * 10.0 ** (places - 2))
        if exact is not None and places > 2:
            scaled = np.where(
                np.isfinite(exact[rows]), np.round(exact[rows] * 10.0**places), scaled
            )
        values[rows] = scaled
    return pa.array(np.where(valid, values, 0).astype(np.int64), mask=~valid)


def minor_units_of(currency: str) -> int:
    """ISO 4217 decimals of a currency code (Babel says 2 for a code it does not know)."""
    from regulars.units import minor_units

    return minor_units(currency)


def _major_units(text: pa.Array) -> np.ndarray:
    values, bad = coerce(text.cast(pa.string()), Column("amount", "float", ""), "UTC")
    out = values.to_numpy(zero_copy_only=False).astype(np.float64)
    return np.where(bad, np.nan, out)


def _reason(column: Column) -> str:
    if column.name == "email":
        return "not an email address"
    if column.choices:
        return f"must be one of {', '.join(column.choices)}"
    if column.bounds:
        return f"not a number above {column.bounds[0]:g} and at most {column.bounds[1]:g}"
    return {
        "int": "not a whole number",
        "float": "not a number",
        "cents": "not an amount of money",
        "bool": "not yes/no (true/false, yes/no, 1/0)",
        "timestamp": (
            "not a date and time Regulars can read (ISO 8601 preferred) or outside 1900-2100"
        ),
        "date": "not a date Regulars can read (YYYY-MM-DD preferred)",
    }.get(column.type, "unreadable value")


def _currency(
    values: pa.Array, default: str, lines: pa.Array, log: ProblemLog, shown_as: dict[str, str]
) -> pa.Array:
    upper = pc.utf8_upper(values)
    ok = np.asarray(
        pc.fill_null(pc.match_substring_regex(upper, r"^[A-Z]{3}$"), True).to_numpy(
            zero_copy_only=False
        ),
        dtype=bool,
    )
    log.add_rows(
        ~ok, lines, values, shown_as.get("currency", "currency"), "not a 3-letter ISO currency code"
    )
    return pc.fill_null(upper, default)


def _check_required(
    rows: pa.Table,
    table: Table,
    lines: pa.Array,
    log: ProblemLog,
    shown_as: dict[str, str],
    unreadable: dict[str, np.ndarray],
) -> None:
    """Required values that are absent (unreadable ones are reported already)."""
    for column in table.columns:
        if not column.required:
            continue
        missing = np.asarray(
            pc.is_null(rows[column.name]).to_numpy(zero_copy_only=False), dtype=bool
        )
        if column.name in unreadable:
            missing &= ~unreadable[column.name]
        log.add_rows(
            missing,
            lines,
            None,
            shown_as.get(column.name, column.name),
            "required value is missing",
        )
