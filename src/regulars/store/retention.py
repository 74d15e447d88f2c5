"""Retention: count and delete a table's rows older than a cutoff, in one transaction, keeping
their monthly counts in ``_models`` (kind ``retention-summary``, one document per table) so the
history's aggregates outlive the rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from regulars.store.connection import Store

_KIND = "retention-summary"


def _month(column: str, dialect: str) -> str:
    if dialect == "duckdb":
        return f"strftime(\"{column}\", '%Y-%m')"
    return f"to_char(\"{column}\", 'YYYY-MM')"


def monthly_counts(store: Store, table: str, column: str, cutoff: datetime) -> dict[str, int]:
    """Month (YYYY-MM) -> rows of ``table`` with ``column`` before ``cutoff``."""
    month = _month(column, store.dialect)
    rows = store.execute(
        f'SELECT {month} AS m, COUNT(*) FROM "{table}" WHERE "{column}" < ? GROUP BY m ORDER BY m',
        (cutoff,),
    )
    return {m: int(n) for m, n in rows}


def summary(store: Store, table: str) -> dict[str, int]:
    rows = store.execute('SELECT document FROM "_models" WHERE name = ?', (f"retention:{table}",))
    return json.loads(rows[0][0])["monthly_rows"] if rows else {}


def delete_before(store: Store, plan: list[tuple[str, str, datetime]]) -> dict[str, int]:
    """Delete every (table, column, cutoff) of ``plan`` in one transaction; table -> rows
    deleted. The monthly counts of the deleted rows are added to the table's summary first."""
    deleted = {}
    with store.transaction():
        for table, column, cutoff in plan:
            counts = summary(store, table)
            for month, n in monthly_counts(store, table, column, cutoff).items():
                counts[month] = counts.get(month, 0) + n
            document = json.dumps({"table": table, "monthly_rows": counts})
            store.execute(
                'INSERT INTO "_models" (name, kind, saved_at, document) VALUES (?, ?, ?, ?) '
                "ON CONFLICT (name) DO UPDATE SET saved_at = excluded.saved_at, "
                "document = excluded.document",
                (f"retention:{table}", _KIND, datetime.now(UTC), document),
            )
            deleted[table] = store.execute_count(
                f'DELETE FROM "{table}" WHERE "{column}" < ?', (cutoff,)
            )
    return deleted
