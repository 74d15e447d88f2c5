"""Whatever bytes a file holds, reading it ends in rows or in an InputError naming the file:
never another exception (a traceback in the CLI, an HTTP 500 on upload)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regulars.errors import InputError
from regulars.importers import ImportOptions, read_import

#: The pieces CSV files are made of, with bytes that are not UTF-8 and the BOMs.
PIECES = [b",", b";", b"\t", b"|", b'"', b"\n", b"\r\n", b"\r", b"order_id", b"customer_id",
          b"ordered_at", b"total", b"O1", b"2026-01-02", b"03/02/2026", b"12,50", b"1.234,50",
          b"\xe9", b"\xff\xfe", b"\xef\xbb\xbf", b"\x00", b"{", b"}", b'"a":1', b" "]  # fmt: skip
SUFFIXES = [".csv", ".tsv", ".txt", ".jsonl", ".json", ".parquet"]


def _read(data: bytes, suffix: str, table: str = "orders") -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            read_import(path, ImportOptions(table))
        except InputError as exc:
            assert "upload" in str(exc) or any(p.file == path.name for p in exc.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.sampled_from(SUFFIXES))
def test_files_made_of_csv_pieces_never_raise_anything_else(pieces, suffix):
    _read(b"".join(pieces), suffix)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_never_raise_anything_else(data, suffix):
    _read(data, suffix)


def test_a_latin1_header_is_read(tmp_path):
    path = tmp_path / "kunden.csv"
    path.write_bytes("customer_id;Straße\nC1;Hauptstraße 1\n".encode("latin-1"))
    batch = read_import(path, ImportOptions("customers"))
    assert batch.tables["customers"].num_rows == 1
    assert any("Straße" in w for w in batch.warnings)  # the ignored column, spelled right
