"""Scrubbing the database after an erasure, so the erased values are in none of its bytes.

DuckDB keeps a deleted or updated row's old values in the row group's blocks (a delete is a mark)
until the row group is rewritten, and a rewritten block goes to the free list with its old bytes
still in it. So, on DuckDB, each table that held the person is rewritten (its rows copied out, all
deleted, copied back: the old row groups are dropped at the checkpoint), and then every free block
is overwritten: a filler table of random bytes is written until no block is free, checkpointed
and dropped. Row groups' statistics (a column's smallest and largest value: an id) live in
metadata blocks that DuckDB shares out in 4 KiB pieces; the pieces freed keep their bytes, so as
many tiny filler tables as there are free pieces are written (each takes at least one), checkpointed
and dropped. The file stays the same size or grows by the filler's last blocks; the write-ahead log
is empty after the final checkpoint. Measured in ``benchmarks/erasure_scrub.py`` against copying
the whole database to a fresh file (``COPY FROM DATABASE``), the alternative that needs every
connection to the file closed.

On PostgreSQL the tables are vacuumed (dead tuples' space is made reusable) and analysed, so the
planner's statistics (``pg_stats``: most common values, histogram bounds) no longer quote the
value.
"""

from __future__ import annotations

from collections.abc import Iterable

from regulars.store.connection import Store
from regulars.store.ddl import quote

#: Bytes per filler row (a 16-byte random UUID doubled, stored as BLOB: never compressed away).
_FILLER_ROW = 32
#: Rounds of filling at most: each round fills what the last one left free.
_ROUNDS = 6


def scrub(store: Store, tables: Iterable[str]) -> dict:
    """Rewrite ``tables`` and overwrite the free space; what was done (blocks, rounds)."""
    names = [t for t in dict.fromkeys(tables) if t in set(store.list_tables())]
    if store.dialect != "duckdb":
        for name in names:
            store.execute(f"VACUUM (ANALYZE) {quote(name)}")
        return {"tables": names, "free_blocks_overwritten": 0, "metadata_blocks_overwritten": 0}
    from regulars.store import durability

    # each step takes the file's writer lock itself (a guarded commit), so readers and other
    # writers get their turn between the steps of a scrub
    for name in names:
        with store.transaction(counted=False):
            _rewrite(store, name)
    durability.checkpoint(store)
    overwritten = _overwrite_free_blocks(store)
    overwritten_metadata = _overwrite_free_metadata(store)
    return {
        "tables": names,
        "free_blocks_overwritten": overwritten,
        "metadata_blocks_overwritten": overwritten_metadata,
    }


def _rewrite(store: Store, name: str) -> None:
    table = quote(name)
    store.execute(f"CREATE TEMP TABLE _scrub_copy AS SELECT * FROM {table}")
    store.execute(f"DELETE FROM {table}")
    store.execute(f"INSERT INTO {table} SELECT * FROM _scrub_copy")
    store.execute("DROP TABLE _scrub_copy")


def _blocks(store: Store) -> tuple[int, int]:
    size, free = store.execute("SELECT block_size, free_blocks FROM pragma_database_size()")[0]
    return int(size), int(free)


def _overwrite_free_blocks(store: Store) -> int:
    """Fill every free block with random bytes, then free them again; blocks overwritten."""
    from regulars.store import durability

    block_size, free = _blocks(store)
    overwritten, rounds = 0, 0
    with store.transaction(counted=False):
        store.execute("DROP TABLE IF EXISTS _scrub_filler")
        store.execute("CREATE TABLE _scrub_filler (b BLOB)")
    try:
        while free and rounds < _ROUNDS:
            rows = free * block_size // _FILLER_ROW + 1
            with store.transaction(counted=False):
                store.execute(
                    "INSERT INTO _scrub_filler SELECT (uuid()::VARCHAR || uuid()::VARCHAR)::BLOB "
                    f"FROM range({rows})"
                )
            if not durability.checkpoint(store):
                break  # busy with another writer: the next erasure's scrub overwrites them
            overwritten += free
            rounds += 1
            block_size, free = _blocks(store)
    finally:
        with store.transaction(counted=False):
            store.execute("DROP TABLE _scrub_filler")
        durability.checkpoint(store)
    return overwritten


def _free_metadata(store: Store) -> int:
    return int(
        store.execute("SELECT coalesce(sum(free_blocks), 0) FROM pragma_metadata_info()")[0][0]
    )


def _overwrite_free_metadata(store: Store) -> int:
    """Take every free 4 KiB metadata piece with a tiny filler table, then drop them all."""
    from regulars.store import durability

    free = _free_metadata(store)
    names = [f"_scrub_meta_{i}" for i in range(free + 4)]
    with store.transaction(counted=False):
        for name in names:
            store.execute(
                f"CREATE TABLE {quote(name)} AS SELECT uuid()::VARCHAR AS s, "
                "(uuid()::VARCHAR || uuid()::VARCHAR)::BLOB AS b FROM range(10)"
            )
    durability.checkpoint(store)
    with store.transaction(counted=False):
        for name in names:
            store.execute(f"DROP TABLE {quote(name)}")
    durability.checkpoint(store)
    return free
