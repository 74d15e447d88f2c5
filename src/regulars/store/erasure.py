"""Erasing one customer across every table, in one transaction, leaving no trace of who they were.

Rows of tables marked ``erase_deletes`` (the customer, their consents) are deleted. Other rows
(orders, events, feedback, ...) are kept for aggregates: their customer id is replaced by a random
pseudonym shared across tables, and their personal columns are emptied. The erasure is logged with
counts only.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from regulars.schema import TABLES
from regulars.store.connection import Store
from regulars.store.ddl import quote


def erase_customer(store: Store, customer_id: str) -> dict:
    pseudonym = f"erased-{uuid.uuid4().hex[:16]}"
    deleted, anonymised, per_table = 0, 0, {}
    with store.transaction():
        for table in TABLES:
            if table.customer_column is None:
                continue
            n = _erase_rows(store, table, customer_id, pseudonym)
            if n:
                per_table[table.name] = n
                deleted += n if table.erase_deletes else 0
                anonymised += 0 if table.erase_deletes else n
        erasure_id = uuid.uuid4().hex
        store.execute('INSERT INTO "_erasures" VALUES (?, ?, ?, ?, ?)',
                      (erasure_id, datetime.now(UTC), deleted, anonymised, json.dumps(per_table)))
    _reclaim_space(store)
    forget_in_memory_tables(store)
    return {"erasure_id": erasure_id, "rows_deleted": deleted, "rows_anonymised": anonymised, "tables": per_table}


def _erase_rows(store: Store, table, customer_id: str, pseudonym: str) -> int:
    column = quote(table.customer_column)
    name = quote(table.name)
    n = store.execute(f"SELECT count(*) FROM {name} WHERE {column} = ?", (customer_id,))[0][0]
    if not n:
        return 0
    if table.erase_deletes:
        store.execute(f"DELETE FROM {name} WHERE {column} = ?", (customer_id,))
    else:
        blanks = "".join(f", {quote(c)} = NULL" for c in table.personal_columns)
        store.execute(f"UPDATE {name} SET {column} = ?{blanks} WHERE {column} = ?", (pseudonym, customer_id))
    return int(n)


def forget_in_memory_tables(store: Store) -> int:
    """Drop the Arrow tables Ibis registered on this connection (memtables): they may hold copies of
    customer ids made before the erasure. Expressions that used them are rebuilt on the next read."""
    names = [n for n in store.backend.list_tables() if n.startswith("ibis_") and "memtable" in n]
    for name in names:
        if store.dialect == "duckdb":
            store.raw.unregister(name)
        else:
            store.execute(f"DROP TABLE IF EXISTS {quote(name)}")
    return len(names)


def _reclaim_space(store: Store) -> None:
    """Make the database rewrite the blocks that held the erased values."""
    if store.dialect == "duckdb":
        store.execute("CHECKPOINT")
    else:
        for table in TABLES:
            if table.customer_column:
                store.execute(f"VACUUM {quote(table.name)}")
