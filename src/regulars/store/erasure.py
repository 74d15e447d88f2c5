"""Erasing one customer across every table, in one transaction, leaving no trace of who they were.

Rows of tables marked ``erase_deletes`` (the customer, their consents) are deleted. Other rows
(orders, events, feedback, ...) are kept for aggregates: their customer id is replaced by a random
pseudonym shared across tables, and their personal columns are emptied. The system tables
(``schema.SYSTEM_TABLES``) are covered the same way: none links a row to a customer today, and text
that may quote one (an audience's rule naming a customer id or email) has the quote replaced by the
pseudonym. The erasure is logged with counts only. Then the tables are scrubbed
(``store.scrub``): no byte of the database file, its log or PostgreSQL's statistics keeps the
values.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from regulars.schema import SYSTEM_TABLES, TABLES
from regulars.store.connection import Store
from regulars.store.ddl import quote
from regulars.store.scrub import scrub

#: How an erased customer's pseudonym begins: their rows count in aggregates, never as a person.
PSEUDONYM_PREFIX = "erased-"


def is_pseudonym(customer_id: str | None) -> bool:
    """Whether ``customer_id`` is an erased customer's pseudonym (never scored or reached)."""
    return customer_id is not None and customer_id.startswith(PSEUDONYM_PREFIX)


def erase_customer(store: Store, customer_id: str) -> dict:
    pseudonym = f"{PSEUDONYM_PREFIX}{uuid.uuid4().hex[:16]}"
    deleted, anonymised, per_table = 0, 0, {}
    with store.transaction():
        quoted = _quotable(store, customer_id)
        for table in (*TABLES, *SYSTEM_TABLES):
            n = _erase_rows(store, table, customer_id, pseudonym) if table.customer_column else 0
            quotes = _erase_quotes(store, table, quoted, pseudonym)
            if n or quotes:
                per_table[table.name] = n + quotes
                deleted += n if table.erase_deletes else 0
                anonymised += quotes + (0 if table.erase_deletes else n)
        erasure_id = uuid.uuid4().hex
        store.execute(
            'INSERT INTO "_erasures" VALUES (?, ?, ?, ?, ?)',
            (erasure_id, datetime.now(UTC), deleted, anonymised, json.dumps(per_table)),
        )
    forget_in_memory_tables(store)
    scrubbed = scrub(store, [*per_table, "_erasures"])
    return {
        "erasure_id": erasure_id,
        "rows_deleted": deleted,
        "rows_anonymised": anonymised,
        "tables": per_table,
        "free_blocks_overwritten": scrubbed["free_blocks_overwritten"],
    }


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
        store.execute(
            f"UPDATE {name} SET {column} = ?{blanks} WHERE {column} = ?", (pseudonym, customer_id)
        )
    return int(n)


def _quotable(store: Store, customer_id: str) -> list[str]:
    """The customer's id and email: the values a rule may quote."""
    rows = store.execute(
        'SELECT email FROM "customers" WHERE customer_id = ? AND email IS NOT NULL', (customer_id,)
    )
    emails = {v for (email,) in rows for v in (email, email.lower()) if v}
    return [customer_id, *sorted(emails)]


def _erase_quotes(store: Store, table, values: list[str], pseudonym: str) -> int:
    """Replace each quoted value ("C1", 'C1') in the table's ``quotes_customers`` columns; rows
    changed."""
    changed = 0
    for column in (quote(c.name) for c in table.columns if c.quotes_customers):
        for value in values:
            for quoted in (json.dumps(value), f"'{value}'"):
                changed += store.execute_count(
                    f"UPDATE {quote(table.name)} SET {column} = replace({column}, ?, ?) "
                    f"WHERE strpos({column}, ?) > 0",
                    (quoted, json.dumps(pseudonym), quoted),
                )
    return changed


def forget_in_memory_tables(store: Store) -> int:
    """Drop the Arrow tables Ibis registered on this connection (memtables): they may hold copies of
    customer ids made before the erasure. Expressions that used them are rebuilt on the next
    read."""
    names = [n for n in store.backend.list_tables() if n.startswith("ibis_") and "memtable" in n]
    for name in names:
        if store.dialect == "duckdb":
            store.raw.unregister(name)
        else:
            store.execute(f"DROP TABLE IF EXISTS {quote(name)}")
    return len(names)
