"""Saved audiences and the log of their exports: the store-side reads and writes of ``_audiences``
and ``_audience_exports``."""

from __future__ import annotations

from datetime import UTC, datetime

from regulars.store.connection import Store

_AUDIENCE_COLUMNS = ("name", "rule", "description", "created_at", "updated_at")
_EXPORT_COLUMNS = (
    "export_id",
    "audience_name",
    "exported_at",
    "format",
    "rows_exported",
    "excluded_no_consent",
    "exported_by",
)


def save_audience(
    store: Store, name: str, rule: str, description: str | None, replace: bool = False
) -> bool:
    """Insert the audience, or update its rule and description when ``replace``; False if it exists
    and not replace."""
    now = datetime.now(UTC)
    with store.transaction():
        exists = store.execute('SELECT 1 FROM "_audiences" WHERE name = ?', (name,))
        if exists and not replace:
            return False
        if exists:
            store.execute(
                'UPDATE "_audiences" SET rule = ?, description = ?, updated_at = ? WHERE name = ?',
                (rule, description, now, name),
            )
        else:
            store.execute(
                'INSERT INTO "_audiences" (name, rule, description, created_at, updated_at) VALUES '
                "(?, ?, ?, ?, ?)",
                (name, rule, description, now, now),
            )
    return True


def audience_rows(store: Store) -> list[dict]:
    rows = store.execute(f'SELECT {", ".join(_AUDIENCE_COLUMNS)} FROM "_audiences" ORDER BY name')
    return [dict(zip(_AUDIENCE_COLUMNS, row)) for row in rows]


def audience_row(store: Store, name: str) -> dict | None:
    rows = store.execute(
        f'SELECT {", ".join(_AUDIENCE_COLUMNS)} FROM "_audiences" WHERE name = ?', (name,)
    )
    return dict(zip(_AUDIENCE_COLUMNS, rows[0])) if rows else None


def delete_audience(store: Store, name: str) -> bool:
    with store.transaction():
        found = bool(store.execute('SELECT 1 FROM "_audiences" WHERE name = ?', (name,)))
        store.execute('DELETE FROM "_audiences" WHERE name = ?', (name,))
    return found


def record_audience_export(
    store: Store,
    export_id: str,
    audience_name: str,
    format: str,
    rows_exported: int,
    excluded_no_consent: int,
    exported_by: str | None,
) -> datetime:
    now = datetime.now(UTC)
    with store.transaction():
        store.execute(
            f'INSERT INTO "_audience_exports" ({", ".join(_EXPORT_COLUMNS)}) VALUES (?, ?, ?, ?, '
            "?, ?, ?)",
            (
                export_id,
                audience_name,
                now,
                format,
                rows_exported,
                excluded_no_consent,
                exported_by,
            ),
        )
    return now


def audience_export_rows(store: Store, audience_name: str | None = None) -> list[dict]:
    where, params = ("WHERE audience_name = ?", (audience_name,)) if audience_name else ("", ())
    rows = store.execute(
        f'SELECT {", ".join(_EXPORT_COLUMNS)} FROM "_audience_exports" {where} ORDER BY '
        "exported_at, export_id",
        params,
    )
    return [dict(zip(_EXPORT_COLUMNS, row)) for row in rows]
