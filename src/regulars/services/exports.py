"""Exporting a canonical table to CSV or Parquet (the same columns the generic importer reads)."""

from __future__ import annotations

from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from regulars.errors import InputError
from regulars.schema import TABLES_BY_NAME
from regulars.services.workspace import Workspace


def export_table(ws: Workspace, table: str, to: Path | str) -> dict:
    if table not in TABLES_BY_NAME:
        raise InputError(f"unknown table {table!r}; tables: {', '.join(TABLES_BY_NAME)}")
    path = Path(to)
    if path.suffix.lower() not in (".csv", ".parquet"):
        raise InputError(f"{path.name}: export to a .csv or .parquet file")
    declared = TABLES_BY_NAME[table]
    t = ws.store.table(table)
    rows = ws.store.to_arrow(t.select(*declared.column_names).order_by(list(declared.key)))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    if path.suffix.lower() == ".csv":
        pacsv.write_csv(rows, tmp)
    else:
        pq.write_table(rows, tmp)
    tmp.replace(path)  # a crash mid-write never leaves a half file under the real name
    return {"table": table, "rows": rows.num_rows, "file": str(path)}
