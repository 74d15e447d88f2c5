"""Generic CSV / Parquet / JSON-lines files for any canonical table, with column mapping.

Columns are matched to canonical fields by name (case, spaces and dashes ignored); ``--map
SOURCE=FIELD`` maps any other name. A money field may be named with or without ``_cents``: a
source column whose own name ends in ``_cents`` holds cents, any other holds major units (12.50).
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from regulars.errors import InputError, Problem
from regulars.importers.batch import ImportBatch, canonical_rows
from regulars.importers.options import ImportOptions
from regulars.importers.problems import ProblemLog, rejected_rows
from regulars.importers.source import SourceFile
from regulars.schema import Table
from regulars.schema import table as table_named


def normalize_name(name: str) -> str:
    return re.sub(r"[\s\-./]+", "_", name.strip().lower())


def resolve_field(table: Table, name: str) -> str | None:
    """The canonical column a user's field name means: exact, without ``_cents``, or ``id``."""
    key = normalize_name(name)
    if table.has(key):
        return key
    if table.has(f"{key}_cents") and table.column(f"{key}_cents").type == "cents":
        return f"{key}_cents"
    if key == "id" and len(table.key) == 1:
        return table.key[0]
    return None


def column_mapping(
    source_columns: list[str], table: Table, explicit: dict[str, str], file: str
) -> dict[str, str]:
    """canonical field -> source column, from explicit ``--map`` entries then matching names."""
    problems = []
    mapping: dict[str, str] = {}
    for source, field_name in explicit.items():
        target = resolve_field(table, field_name)
        if source not in source_columns:
            problems.append(
                Problem(
                    file,
                    1,
                    source,
                    None,
                    "--map names a column the file does not have; it has: "
                    f"{', '.join(source_columns)}",
                )
            )
        elif target is None:
            problems.append(
                Problem(
                    file,
                    None,
                    source,
                    field_name,
                    f"--map target is not a field of {table.name}; fields: "
                    f"{', '.join(table.column_names)}",
                )
            )
        else:
            mapping[target] = source
    for source in source_columns:
        target = resolve_field(table, source)
        if target and target not in mapping and source not in explicit:
            mapping[target] = source
    if problems:
        raise InputError(f"{file}: the column mapping is wrong", problems)
    return mapping


def read_generic(source: SourceFile, options: ImportOptions) -> ImportBatch:
    table = table_named(options.table)
    mapping = column_mapping(source.columns.column_names, table, options.mapping, source.name)
    _require_columns(table, mapping, source.name)
    log = ProblemLog(source.name)
    text = {field: _array(source.columns[col]) for field, col in mapping.items()}
    in_cents = frozenset(
        f
        for f, col in mapping.items()
        if table.column(f).type == "cents" and normalize_name(col).endswith("_cents")
    )
    rows = canonical_rows(
        text,
        table,
        source.lines,
        log,
        timezone=options.timezone,
        currency=options.currency,
        shown_as=mapping,
        in_cents=in_cents,
        style=options.reading,
    )
    rejected = None
    if log and options.reading.skip_invalid:
        rejected = rejected_rows(log, source.columns, source.lines)
        if rejected is not None and rejected.num_rows < source.num_rows:
            rows = rows.filter(pc.invert(pc.is_in(rows["_source_line"], rejected["line"])))
            log = ProblemLog(source.name)
    log.raise_if_any(f"{source.num_rows} rows for {table.name}")
    ignored = [c for c in source.columns.column_names if c not in mapping.values()]
    warnings = (f"ignored columns not in {table.name}: {', '.join(ignored)}",) if ignored else ()
    return ImportBatch(
        source.name,
        source.sha256,
        "generic",
        {table.name: rows},
        source.num_rows,
        warnings,
        rejected=rejected,
    )


def _array(column: pa.ChunkedArray) -> pa.Array:
    """The column as one array; its only chunk as it is (no copy of the file's text)."""
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


def _require_columns(table: Table, mapping: dict[str, str], file: str) -> None:
    derivable = (
        set(table.key)
        if table.derive_key_from
        and all(c in mapping for c in table.derive_key_from if table.column(c).required)
        else set()
    )
    missing = [
        c.name
        for c in table.columns
        if c.required and c.name not in mapping and c.name not in derivable and c.name != "currency"
    ]
    if missing:
        raise InputError(
            f"{file}: required columns for {table.name} are missing",
            [
                Problem(
                    file,
                    1,
                    m,
                    None,
                    "required column not found; name it so or map it with --map SOURCE=" + m,
                )
                for m in missing
            ],
        )
