"""One module per source format -> canonical rows, with validation.

``read_import(path, options)`` reads and validates a whole file and returns an ``ImportBatch`` or
raises ``InputError`` naming file, line, column, value and reason. Nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from regulars.errors import InputError, Problem
from regulars.importers.batch import ImportBatch
from regulars.importers.generic import read_generic
from regulars.importers.options import ImportOptions
from regulars.importers.problems import ColumnProblem
from regulars.importers.source import SourceFile, read_source

Reader = Callable[[SourceFile, ImportOptions], ImportBatch]

#: format name -> (the table it is imported as, reader). The generic reader serves every table.
FORMATS: dict[str, tuple[str | None, Reader]] = {"generic": (None, read_generic)}


def register(name: str, table: str, reader: Reader) -> None:
    FORMATS[name] = (table, reader)


def read_import(path: Path | str, options: ImportOptions) -> ImportBatch:
    if options.format not in FORMATS:
        raise InputError(f"unknown format {options.format!r}; formats: {', '.join(FORMATS)}")
    table, reader = FORMATS[options.format]
    if table is not None and table != options.table:
        raise InputError(f"format {options.format} imports the {table} table, not {options.table}")
    reading = options.reading
    source = read_source(
        path, encoding=reading.encoding, delimiter=reading.delimiter, page_url=reading.page_url
    )
    try:
        batch = reader(source, options)
    except ColumnProblem as problem:  # a format reading a column outside ``canonical_rows``
        raise InputError(
            f"{source.name}: {problem.reason}",
            [Problem(source.name, None, None, problem.value, problem.reason)],
        ) from problem
    secondary = frozenset(
        name for name in batch.tables if name == "customers" and name != options.table
    )
    return replace(batch, fill_only=secondary, warnings=source.notes + batch.warnings)


def _register_formats() -> None:
    from regulars.importers import formats  # noqa: F401  (each module registers itself)


_register_formats()

__all__ = ["FORMATS", "ImportBatch", "ImportOptions", "read_import", "register"]
