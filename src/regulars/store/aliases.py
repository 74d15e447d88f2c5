"""Merged customer ids, the store's side (``_customer_aliases``): each merged id names the kept
one, so a later import of an old file lands on the kept customer (``services.aliases``)."""

from __future__ import annotations

from datetime import UTC, datetime

from regulars.store.connection import Store


def record(store: Store, keep: str, others: list[str]) -> None:
    """Keep ``others`` as aliases of ``keep`` (inside the merge's transaction). Aliases that
    pointed at one of ``others`` were re-pointed at ``keep`` by the merge itself."""
    now = datetime.now(UTC)
    for other in others:
        store.execute('DELETE FROM "_customer_aliases" WHERE alias_id = ?', (other,))
        store.execute(
            'INSERT INTO "_customer_aliases" (alias_id, customer_id, merged_at) VALUES (?, ?, ?)',
            (other, keep, now),
        )


def alias_map(store: Store) -> dict[str, str]:
    """Every merged id and the id it was merged into."""
    return dict(store.execute('SELECT alias_id, customer_id FROM "_customer_aliases"'))


def aliases_of(store: Store, customer_id: str) -> list[str]:
    """The ids merged into ``customer_id``."""
    rows = store.execute(
        'SELECT alias_id FROM "_customer_aliases" WHERE customer_id = ? ORDER BY alias_id',
        (customer_id,),
    )
    return [a for (a,) in rows]
