"""A DuckDB file let go and opened again (as the server does between requests) keeps its data
version, so cached results stay; written meanwhile by another process, the version moves."""

from __future__ import annotations

import duckdb

from regulars.store import Store
from regulars.store.connection import data_version


def test_reopening_an_unchanged_file_keeps_the_data_version(tmp_path):
    url = f"duckdb://{tmp_path / 'regulars.duckdb'}"
    store = Store.open(url)
    version = data_version(store)
    store.close()
    again = Store.open(url)
    assert data_version(again) == version
    again.close()
    other = duckdb.connect(str(tmp_path / "regulars.duckdb"))  # another process, in effect
    other.execute("CREATE TABLE written_elsewhere AS SELECT 1 AS x")
    other.close()
    third = Store.open(url)
    assert data_version(third) != version
    third.close()
