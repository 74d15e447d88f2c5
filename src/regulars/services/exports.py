"""Exporting a table to CSV or Parquet: a canonical table with the columns the generic importer
reads, or a system table (the import log, audiences, saved models, accounts, ...) without its
secret columns (password hashes, key and session digests are never exported)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


def export_table(ws: Workspace, table: str, to: Path | str) -> TableExport:
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
        pacsv.write_csv(rows, tmp)
    else:
        pq.write_table(rows, tmp)
    tmp.replace(path)  # a crash mid-write never leaves a half file under the real name
    return TableExport(table, rows.num_rows, str(path))
