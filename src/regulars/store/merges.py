"""Merging customers: one person under several ids becomes one, in one transaction.

Every row that names a merged id (orders, events, consents, feedback, ... and the store's own
tables that name a customer) is pointed at the kept id, so history, segments and predictions
follow, and an erasure of the kept id covers every merged one. The kept customer's empty values
are filled from the merged customers (the kept row wins where both have one); the merged customer
rows are then deleted, and the merged ids kept as aliases of the kept one (``_customer_aliases``)
so that a re-import of an old file does not bring them back.
"""

from __future__ import annotations

from regulars.schema import SYSTEM_TABLES, TABLES, table
from regulars.store.aliases import record as record_aliases
from regulars.store.connection import Store
from regulars.store.ddl import quote


def merge_customers(store: Store, keep: str, others: list[str]) -> dict[str, int]:
    """Rows re-pointed per table (``customers``: the merged rows deleted)."""
    moved: dict[str, int] = {}
    customers = table("customers")
    fill = [c.name for c in customers.columns if c.name not in customers.key]
    marks = ", ".join("?" for _ in others)
    with store.transaction():
        for other in others:
            for name in fill:
                column = quote(name)
                store.execute(
                    f'UPDATE "customers" SET {column} = (SELECT {column} FROM "customers" '
                    f"WHERE customer_id = ?) WHERE customer_id = ? AND {column} IS NULL",
                    (other, keep),
                )
        for t in (*TABLES, *SYSTEM_TABLES):
            if not t.customer_column or t.name == "customers":
                continue
            column, name = quote(t.customer_column), quote(t.name)
            n = store.execute_count(
                f"UPDATE {name} SET {column} = ? WHERE {column} IN ({marks})", (keep, *others)
            )
            if n:
                moved[t.name] = n
        moved["customers"] = store.execute_count(
            f'DELETE FROM "customers" WHERE customer_id IN ({marks})', tuple(others)
        )
        record_aliases(store, keep, others)  # later imports of the merged ids land on ``keep``
    return moved
