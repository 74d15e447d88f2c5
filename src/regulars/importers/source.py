"""Reading an input file (CSV, Parquet, JSON lines) as text columns with their line numbers."""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from regulars.errors import InputError, Problem

SUPPORTED_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".jsonl", ".ndjson", ".json")


@dataclass(frozen=True)
class SourceFile:
    """A file's records as text columns. ``lines[i]`` is the line number of record ``i``
    (CSV: the header is line 1; JSON lines: one record per line)."""

    name: str
    path: Path
    sha256: str
    columns: pa.Table
    lines: pa.Array

    @property
    def num_rows(self) -> int:
        return self.columns.num_rows


def read_source(path: Path | str) -> SourceFile:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"{path.name}: unsupported file type {suffix!r}; use one of "
            f"{', '.join(SUPPORTED_SUFFIXES)}"
        )
    with ThreadPoolExecutor(1) as pool:  # the digest is computed while the file is parsed
        digest = pool.submit(_sha256, path)
        if suffix == ".parquet":
            table, first_line = _read_parquet(path), 1
        elif suffix in (".jsonl", ".ndjson", ".json"):
            table, first_line = _read_json_lines(path), 1
        else:
            table, first_line = _read_csv(path, delimiter="\t" if suffix == ".tsv" else ","), 2
    lines = pa.array(np.arange(first_line, first_line + table.num_rows, dtype=np.int64))
    return SourceFile(path.name, path, digest.result(), table, lines)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _read_csv(path: Path, delimiter: str) -> pa.Table:
    header = _csv_header(path, delimiter)
    if not header:
        raise InputError(
            f"{path.name}: the file is empty", [Problem(path.name, 1, None, None, "no header line")]
        )
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise InputError(
            f"{path.name}: repeated column names",
            [Problem(path.name, 1, d, None, "column name repeated") for d in dupes],
        )
    try:
        return pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding="utf-8", block_size=16 << 20),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=True,
                null_values=[""],
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise InputError(
            f"{path.name}: not a readable CSV file",
            [Problem(path.name, _line_of(str(exc)), None, None, str(exc))],
        ) from exc


def _csv_header(path: Path, delimiter: str) -> list[str]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f, delimiter=delimiter):
            return [h.strip() for h in row]
    return []


def _line_of(message: str) -> int | None:
    import re

    m = re.search(r"[Rr]ow #?(\d+)", message)
    return int(m.group(1)) if m else None


def _read_parquet(path: Path) -> pa.Table:
    try:
        table = pq.read_table(path)
    except pa.ArrowException as exc:
        raise InputError(f"{path.name}: not a readable Parquet file: {exc}") from exc
    return as_text_columns(table)


def _read_json_lines(path: Path) -> pa.Table:
    records = []
    with path.open(encoding="utf-8-sig") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"{path.name}: not valid JSON lines",
                    [Problem(path.name, number, None, line[:80], f"invalid JSON: {exc.msg}")],
                ) from exc
            if not isinstance(value, dict):
                raise InputError(
                    f"{path.name}: each line must be a JSON object",
                    [Problem(path.name, number, None, line[:80], "not an object")],
                )
            records.append({k: _json_text(v) for k, v in _flatten(value).items()})
    names = list(dict.fromkeys(k for r in records for k in r))
    return pa.table({n: pa.array([r.get(n) for r in records], pa.string()) for n in names})


def _flatten(value: dict, prefix: str = "") -> dict:
    """Nested objects become dotted names: {"reviewer": {"displayName": x}} ->
    reviewer.displayName."""
    out: dict = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            out.update(_flatten(item, name + "."))
        else:
            out[name] = item
    return out


def _json_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    return str(value)


def as_text_columns(table: pa.Table) -> pa.Table:
    """Every column as text, so typed files go through the same validation as CSV."""
    out = {}
    for name, column in zip(table.column_names, table.columns):
        if pa.types.is_timestamp(column.type) and column.type.tz is None:
            column = column.cast(pa.string())
        out[name] = column.cast(pa.string())
    return pa.table(out)
