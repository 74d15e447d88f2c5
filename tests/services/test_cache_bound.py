"""The result cache is bounded by bytes, not entries, and keeps only the newest data version of each
database (issue 16: a viewer paging through search grew the server by 470 MB)."""

from __future__ import annotations

import tracemalloc

import pyarrow as pa

from regulars.services.cache import Results, size_of


def _key(version: int, n: int, url: str = "duckdb:///shop") -> tuple:
    return ("mod", "fn", (url, version), (n,), ())


def test_filled_past_its_bound_it_holds_no_more_than_the_bound():
    results = Results(size=100_000, max_bytes=2 * 2**20)
    tracemalloc.start()
    try:
        for n in range(2_000):  # 2,000 results of about 10 KB: 20 MB offered
            results.put(_key(1, n), {"rows": [f"customer {n} {i}" * 10 for i in range(50)]})
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert results.bytes <= 2 * 2**20 and 50 < len(results) < 2_000
    assert held < 6 * 2**20  # what the process keeps follows the bound, not what was offered
    assert results.get(_key(1, 1_999)) is not None and results.get(_key(1, 0)) is not None


def test_a_newer_data_version_drops_the_older_ones_of_that_database_only():
    results = Results(size=1_000, max_bytes=2**30)
    for n in range(10):
        results.put(_key(1, n), b"x" * 1_000)
        results.put(_key(1, n, "postgresql://other"), b"y" * 1_000)
    results.put(_key(2, 0), b"z" * 1_000)
    versions = {k[2] for k in results.keys()}
    assert versions == {("duckdb:///shop", 2), ("postgresql://other", 1)}
    assert results.bytes == sum(size_of(results.get(k)) for k in results.keys())
    results.clear()
    assert (len(results), results.bytes) == (0, 0)


def test_sizes_are_about_right():
    table = pa.table({"n": pa.array(range(100_000), pa.int64())})
    assert size_of(table) == table.nbytes >= 800_000
    assert 900_000 < size_of([b"x" * 1_000] * 1_000) < 1_200_000
