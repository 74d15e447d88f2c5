"""Saved models: JSON documents in ``_models``, one row per name, so every server of a workspace
(a second web server, a Spark job) reads the same ones. Never pickled."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from regulars.store.connection import Store


def save_document(store: Store, name: str, kind: str, document: dict) -> None:
    """Insert or replace the document saved as ``name``, in one transaction (the data version
    moves)."""
    text = json.dumps(document, default=str)
    with store.transaction():
        store.execute(
            'INSERT INTO "_models" (name, kind, saved_at, document) VALUES (?, ?, ?, ?) '
            "ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, saved_at = excluded.saved_at, "
            "document = excluded.document",
            (name, kind, datetime.now(UTC), text),
        )


def documents(store: Store, kind: str) -> dict[str, str]:
    """name -> JSON text of every document of ``kind``."""
    rows = store.execute(
        'SELECT name, document FROM "_models" WHERE kind = ? ORDER BY name', (kind,)
    )
    return {name: text for name, text in rows}


def document(store: Store, name: str) -> str | None:
    rows = store.execute('SELECT document FROM "_models" WHERE name = ?', (name,))
    return rows[0][0] if rows else None
