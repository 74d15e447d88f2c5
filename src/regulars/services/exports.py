"""Exporting a table to CSV or Parquet: a canonical table with the columns the generic importer
reads, or a system table (the import log, audiences, saved models, accounts, ...) without its
secret columns (password hashes, key and session digests are never exported).

CSV files are opened in spreadsheets, which run a cell that begins with ``=``, ``+``, ``-`` or ``@``
(or a tab or carriage return) as a formula. As OWASP advises for CSV injection, such text values are
written with a leading apostrophe (``'=1+1``), which a spreadsheet shows as text. ``raw=True`` (the
CLI's ``--raw``) writes them unchanged, for machine-to-machine exports; Parquet is never altered."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from regulars.errors import InputError
from regulars.schema import SYSTEM_TABLES_BY_NAME, TABLES_BY_NAME
from regulars.services.workspace import Workspace


@dataclass(frozen=True, slots=True)
class TableExport:
    """What an export wrote: the table, its rows and the file."""

    table: str
    rows: int
    file: str


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(rows: pa.Table) -> pa.Table:
    """Text cells a spreadsheet would run as formulas, prefixed with an apostrophe."""
    for i, field in enumerate(rows.schema):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            column = rows.column(i)
            risky = pc.starts_with(column, FORMULA_STARTS[0])
            for start in FORMULA_STARTS[1:]:
                risky = pc.or_(risky, pc.starts_with(column, start))
            safe = pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)
            rows = rows.set_column(i, field, safe.cast(field.type))
    return rows


def export_table(ws: Workspace, table: str, to: Path | str, raw: bool = False) -> TableExport:
    declared = TABLES_BY_NAME.get(table) or SYSTEM_TABLES_BY_NAME.get(table)
    if declared is None:
        raise InputError(
            f"unknown table {table!r}; tables: {', '.join(TABLES_BY_NAME)}; "
            f"system tables: {', '.join(SYSTEM_TABLES_BY_NAME)}"
        )
    path = Path(to)
    if path.suffix.lower() not in (".csv", ".parquet"):
        raise InputError(f"{path.name}: export to a .csv or .parquet file")
    columns = declared.exported_columns
    order = [k for k in declared.key if k in columns] or list(
        columns
    )  # a secret key orders nothing
    rows = ws.store.to_arrow(ws.store.table(table).select(*columns).order_by(order))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    if path.suffix.lower() == ".csv":
        pacsv.write_csv(rows if raw else spreadsheet_safe(rows), tmp)
    else:
        pq.write_table(rows, tmp)
    tmp.replace(path)  # a crash mid-write never leaves a half file under the real name
    return TableExport(table, rows.num_rows, str(path))
