"""Reading an input file (CSV, Parquet, JSON lines) as text columns with their line numbers.

Delimited text (any encoding and delimiter) is read by ``csvfile``."""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from regulars.errors import InputError, Problem
from regulars.importers.csvfile import MAX_COLUMNS, FileDigest, read_delimited
from regulars.importers.pages import PAGE_SUFFIXES, read_page

#: Parquet is read in batches of this many rows, up to these limits (rows, bytes of text).
PARQUET_BATCH_ROWS = 65_536
PARQUET_MAX_ROWS = 10_000_000
PARQUET_MAX_BYTES = 2 << 30
SUPPORTED_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".jsonl", ".ndjson", ".json",
                      *PAGE_SUFFIXES)  # fmt: skip


@dataclass(frozen=True)
class SourceFile:
    """A file's records as text columns. ``lines[i]`` is the line number of record ``i``
    (CSV: the header is line 1; JSON lines: one record per line)."""

    name: str
    path: Path
    sha256: str
    columns: pa.Table
    lines: pa.Array
    #: What the reader decided and the user should know (the encoding it detected, empty rows).
    notes: tuple[str, ...] = ()

    @property
    def num_rows(self) -> int:
        return self.columns.num_rows


def read_source(
    path: Path | str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    page_url: str | None = None,
) -> SourceFile:
    """``encoding`` and ``delimiter`` (delimited text only) are detected when not given;
    ``page_url``: where a Markdown or HTML page is published (``importers.pages``)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"{path.name}: unsupported file type {suffix!r}; use one of "
            f"{', '.join(SUPPORTED_SUFFIXES)}"
        )
    notes: tuple[str, ...] = ()
    with ThreadPoolExecutor(1) as pool:  # the digest is computed while the file is parsed
        digest = pool.submit(_digest, path)
        if suffix == ".parquet":
            table, lines = _numbered(read_parquet(path))
        elif suffix in PAGE_SUFFIXES:
            table, lines = read_page(path, page_url)
        elif suffix in (".jsonl", ".ndjson", ".json"):
            table, lines = _read_json_lines(path)
        else:
            if delimiter is None and suffix == ".tsv":
                delimiter = "\t"
            read = read_delimited(path, digest.result, encoding=encoding, delimiter=delimiter)
            table, lines, notes = read.columns, read.lines, read.notes
    return SourceFile(path.name, path, digest.result().sha256, table, lines, notes)


def _numbered(table: pa.Table) -> tuple[pa.Table, pa.Array]:
    return table, pa.array(np.arange(1, 1 + table.num_rows, dtype=np.int64))


def _digest(path: Path) -> FileDigest:
    """The file's SHA-256 and its newlines, in one pass."""
    h = hashlib.sha256()
    newlines = size = 0
    last = b""
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
            newlines += chunk.count(b"\n")
            size += len(chunk)
            last = chunk[-1:]
    return FileDigest(h.hexdigest(), newlines, size, last == b"\n")


def _line_of(message: str) -> int | None:
    import re

    m = re.search(r"[Rr]ow #?(\d+)", message)
    return int(m.group(1)) if m else None


def read_parquet(
    path: Path, max_rows: int = PARQUET_MAX_ROWS, max_bytes: int = PARQUET_MAX_BYTES
) -> pa.Table:
    """A Parquet file as text columns, read in bounded batches: a file of more than ``max_rows``
    rows (its metadata says, before any is read) or whose text passes ``max_bytes`` is refused
    (a small dictionary-encoded file can hold millions of rows)."""
    try:
        f = pq.ParquetFile(path)
        _check_parquet_size(path, f.metadata.num_rows, f.metadata.num_columns, max_rows)
        batches, size = [], 0
        for batch in f.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            text = as_text_columns(pa.Table.from_batches([batch]))
            size += text.nbytes
            if size > max_bytes:
                raise InputError(
                    f"{path.name}: more than {max_bytes:,} bytes of values; at most that much "
                    "is imported from one Parquet file (split it into smaller files)"
                )
            batches.append(text)
        schema = as_text_columns(f.schema_arrow.empty_table()).schema
    except pa.ArrowException as exc:
        raise InputError(f"{path.name}: not a readable Parquet file: {exc}") from exc
    return pa.concat_tables(batches) if batches else schema.empty_table()


def _check_parquet_size(path: Path, rows: int, columns: int, max_rows: int) -> None:
    if rows > max_rows:
        raise InputError(
            f"{path.name}: {rows:,} rows; at most {max_rows:,} are imported from one Parquet "
            "file (split it into smaller files)"
        )
    if columns > MAX_COLUMNS:
        raise InputError(
            f"{path.name}: {columns:,} columns; at most {MAX_COLUMNS:,} can be imported"
        )


def _read_json_lines(path: Path) -> tuple[pa.Table, pa.Array]:
    """One JSON object per line (blank lines allowed); each record keeps its line number."""
    records, numbers = [], []
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            line = _json_line(path, number, raw)
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
            numbers.append(number)
    names = list(dict.fromkeys(k for r in records for k in r))
    table = pa.table({n: pa.array([r.get(n) for r in records], pa.string()) for n in names})
    return table, pa.array(numbers, pa.int64())


def _json_line(path: Path, number: int, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path.name}: line {number} is not UTF-8 text",
            [Problem(path.name, number, None, None, "JSON must be UTF-8; save it as UTF-8")],
        ) from exc


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
