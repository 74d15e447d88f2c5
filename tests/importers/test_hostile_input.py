"""Hostile and heavy input (issue 16): a header of 40k columns is refused at once (the duplicate
check is linear), and Parquet is read in bounded batches with row and byte limits."""

from __future__ import annotations

import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from regulars.errors import InputError
from regulars.importers.csvfile import MAX_COLUMNS
from regulars.importers.source import read_parquet, read_source


def test_a_header_of_40k_columns_is_refused_fast(tmp_path):
    path = tmp_path / "wide.csv"
    names = [f"column_{i}" for i in range(40_000)]
    path.write_text(",".join(names) + "\n" + ",".join("x" * len(names)) + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"wide\.csv: .* columns in the header line"):
        read_source(path)
    assert time.perf_counter() - started < 5


def test_repeated_names_in_a_wide_header_are_each_named_once(tmp_path):
    path = tmp_path / "repeated.csv"
    names = [f"c{i}" for i in range(MAX_COLUMNS - 2)] + ["c7", "c7"]
    path.write_text(",".join(names) + "\n" + ",".join("1" * len(names)) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="repeated column names") as caught:
        read_source(path)
    assert [p.column for p in caught.value.problems] == ["c7"]


@pytest.fixture
def many_rows(tmp_path):
    """A small dictionary-encoded file of many rows (a few KB on disk)."""
    path = tmp_path / "many.parquet"
    n = 300_000
    table = pa.table({"customer_id": pa.array(["c1"] * n).dictionary_encode(), "x": [7] * n})
    pq.write_table(table, path, use_dictionary=True, compression="zstd")
    assert path.stat().st_size < 100_000
    return path, n


def test_parquet_over_the_row_limit_is_refused_before_reading(many_rows):
    path, n = many_rows
    with pytest.raises(InputError, match=rf"many\.parquet: {n:,} rows; at most 100,000"):
        read_parquet(path, max_rows=100_000)


def test_parquet_over_the_byte_limit_is_refused_in_batches(many_rows):
    path, _ = many_rows
    with pytest.raises(InputError, match=r"many\.parquet: more than 500,000 bytes"):
        read_parquet(path, max_bytes=500_000)


def test_parquet_under_the_limits_is_read_whole_as_text(many_rows):
    path, n = many_rows
    table = read_parquet(path)
    assert table.num_rows == n and table.column_names == ["customer_id", "x"]
    assert table.column("x").type == pa.string() and table.column("x")[n - 1].as_py() == "7"
    assert table.column("customer_id").to_pylist()[-1] == "c1"
