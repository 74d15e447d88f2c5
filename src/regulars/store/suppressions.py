"""Suppression on erasure, the store's side: the salt (``_secrets``) and the salted digests of
erased customers' identifiers (``_suppressions``)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from regulars.store.connection import Store

SALT = "suppression_salt"


def salt(store: Store) -> str:
    """The workspace's suppression salt, made on first use."""
    rows = store.execute('SELECT value FROM "_secrets" WHERE name = ?', (SALT,))
    if rows:
        return rows[0][0]
    value = secrets.token_hex(32)
    with store.transaction():
        store.execute(
            'INSERT INTO "_secrets" (name, value, created_at) VALUES (?, ?, ?) '
            "ON CONFLICT DO NOTHING",
            (SALT, value, datetime.now(UTC)),
        )
    return store.execute('SELECT value FROM "_secrets" WHERE name = ?', (SALT,))[0][0]


def identifiers(store: Store, customer_id: str) -> tuple[str | None, str | None]:
    rows = store.execute(
        'SELECT email, phone FROM "customers" WHERE customer_id = ?', (customer_id,)
    )
    return rows[0] if rows else (None, None)


def add_digests(store: Store, digests: list[tuple[str, str]]) -> None:
    """(digest, kind) pairs; one already kept stays as it was."""
    now = datetime.now(UTC)
    with store.transaction():
        for digest, kind in digests:
            store.execute(
                'INSERT INTO "_suppressions" (digest, kind, suppressed_at) VALUES (?, ?, ?) '
                "ON CONFLICT DO NOTHING",
                (digest, kind, now),
            )


def digests(store: Store) -> set[str]:
    return {d for (d,) in store.execute('SELECT digest FROM "_suppressions"')}
