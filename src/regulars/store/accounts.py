"""Accounts, API keys, sessions and login attempts: the rows behind ``services.accounts``.

Secrets never reach the database: passwords are stored as Argon2 hashes, API keys and session
tokens as SHA-256 digests (columns marked ``secret`` in ``schema.SYSTEM_TABLES``: never exported).

Changes to accounts and keys are transactions, so they move the data version like every other
write. Sessions and sign-in attempts are written as plain statements: they are the bookkeeping of
signing in, which no cached result reads, and moving the data version at every sign-in would drop
every cached result each time.
"""

from __future__ import annotations

from datetime import datetime

from regulars.store.connection import Store


def user_count(store: Store) -> int:
    return int(store.execute('SELECT count(*) FROM "_users"')[0][0])


def insert_user(store: Store, username: str, role: str, password_hash: str, now: datetime) -> None:
    store.write(
        'INSERT INTO "_users" (username, role, password_hash, created_at, disabled) VALUES (?, ?, '
        "?, ?, FALSE)",
        (username, role, password_hash, now),
    )


def get_user(store: Store, username: str) -> tuple[str, str, str, bool] | None:
    """(username, role, password_hash, disabled) or None."""
    rows = store.execute(
        'SELECT username, role, password_hash, disabled FROM "_users" WHERE username = ?',
        (username,),
    )
    return tuple(rows[0]) if rows else None


def list_users(store: Store) -> list[tuple[str, str, datetime, bool]]:
    return [
        tuple(r)
        for r in store.execute(
            'SELECT username, role, created_at, disabled FROM "_users" ORDER BY username'
        )
    ]


def delete_user(store: Store, username: str) -> int:
    with store.transaction():
        store.execute('DELETE FROM "_api_keys" WHERE username = ?', (username,))
        store.execute('DELETE FROM "_sessions" WHERE username = ?', (username,))
        return store.execute_count('DELETE FROM "_users" WHERE username = ?', (username,))


def set_password(store: Store, username: str, password_hash: str) -> None:
    with store.transaction():
        store.execute(
            'UPDATE "_users" SET password_hash = ? WHERE username = ?', (password_hash, username)
        )


def insert_api_key(
    store: Store, key_hash: str, username: str, label: str | None, now: datetime
) -> None:
    store.write(
        'INSERT INTO "_api_keys" (key_hash, username, label, created_at) VALUES (?, ?, ?, ?)',
        (key_hash, username, label, now),
    )


def user_for_api_key(store: Store, key_hash: str) -> tuple[str, str] | None:
    rows = store.execute(
        'SELECT u.username, u.role FROM "_api_keys" k JOIN "_users" u ON u.username = k.username '
        "WHERE k.key_hash = ? AND NOT u.disabled",
        (key_hash,),
    )
    return tuple(rows[0]) if rows else None


def insert_session(
    store: Store, session_hash: str, username: str, csrf: str, now: datetime, expires: datetime
) -> None:
    store.write(
        'INSERT INTO "_sessions" (session_hash, username, csrf_token, created_at, expires_at) '
        "VALUES (?, ?, ?, ?, ?)",
        (session_hash, username, csrf, now, expires),
    )


def session_user(store: Store, session_hash: str, now: datetime) -> tuple[str, str, str] | None:
    """(username, role, csrf_token) of a live session."""
    rows = store.execute(
        'SELECT u.username, u.role, s.csrf_token FROM "_sessions" s JOIN "_users" u ON u.username '
        "= s.username "
        "WHERE s.session_hash = ? AND s.expires_at > ? AND NOT u.disabled",
        (session_hash, now),
    )
    return tuple(rows[0]) if rows else None


def delete_session(store: Store, session_hash: str) -> None:
    store.write('DELETE FROM "_sessions" WHERE session_hash = ?', (session_hash,))


def record_login_attempt(
    store: Store, attempt_id: str, username: str, client: str | None, now: datetime, ok: bool
) -> None:
    store.write(
        'INSERT INTO "_login_attempts" VALUES (?, ?, ?, ?, ?)',
        (attempt_id, username, client, now, ok),
    )


def failed_logins_since(
    store: Store, username: str, client: str | None, since: datetime
) -> tuple[int, int]:
    """Failed sign-ins since ``since``: (as this user, from this client)."""
    rows = store.execute(
        "SELECT count(*) FILTER (WHERE username = ?), count(*) FILTER (WHERE client = ?) "
        'FROM "_login_attempts" WHERE NOT succeeded AND attempted_at > ?',
        (username, client, since),
    )
    return int(rows[0][0] or 0), int(rows[0][1] or 0)


def mark_login_succeeded(store: Store, attempt_id: str) -> None:
    store.write('UPDATE "_login_attempts" SET succeeded = TRUE WHERE attempt_id = ?', (attempt_id,))


def delete_sessions_of(store: Store, username: str) -> None:
    store.write('DELETE FROM "_sessions" WHERE username = ?', (username,))


def trim(store: Store, attempts_before: datetime, now: datetime) -> None:
    """Forget sign-in attempts older than the throttle needs, and sessions that have expired."""
    store.write('DELETE FROM "_login_attempts" WHERE attempted_at < ?', (attempts_before,))
    store.write('DELETE FROM "_sessions" WHERE expires_at < ?', (now,))


def delete_api_key(store: Store, key_hash: str, username: str | None) -> int:
    """Delete one key (only ``username``'s when given); how many were deleted."""
    with store.transaction():
        if username is None:
            return store.execute_count('DELETE FROM "_api_keys" WHERE key_hash = ?', (key_hash,))
        return store.execute_count(
            'DELETE FROM "_api_keys" WHERE key_hash = ? AND username = ?', (key_hash, username)
        )
