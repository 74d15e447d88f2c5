"""Proposals and the audit log: the store-side reads and writes of ``_proposals`` and
``_audit_log``. The audit log is only ever appended to; its chain is computed by the caller's
``entry_hash`` function inside the same transaction, so two writers never fork it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from regulars.schema import SYSTEM_TABLES_BY_NAME
from regulars.store.connection import Store

PROPOSAL_COLUMNS = tuple(c.name for c in SYSTEM_TABLES_BY_NAME["_proposals"].columns)
AUDIT_COLUMNS = tuple(c.name for c in SYSTEM_TABLES_BY_NAME["_audit_log"].columns)
GENESIS = "0" * 64
_APPENDING = threading.Lock()  # one append at a time in this process (the chain never forks)


def insert_proposal(store: Store, row: dict) -> None:
    names = ", ".join(PROPOSAL_COLUMNS)
    marks = ", ".join("?" for _ in PROPOSAL_COLUMNS)
    with store.transaction():
        store.execute(
            f'INSERT INTO "_proposals" ({names}) VALUES ({marks})',
            tuple(row.get(c) for c in PROPOSAL_COLUMNS),
        )


def proposal_rows(store: Store, proposal_id: str | None = None, status: str | None = None):
    where, params = [], []
    if proposal_id is not None:
        where, params = where + ["proposal_id = ?"], params + [proposal_id]
    if status is not None:
        where, params = where + ["status = ?"], params + [status]
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = store.execute(
        f'SELECT {", ".join(PROPOSAL_COLUMNS)} FROM "_proposals" {clause} '
        "ORDER BY created_at, proposal_id",
        tuple(params),
    )
    return [dict(zip(PROPOSAL_COLUMNS, r)) for r in rows]


def update_proposal(store: Store, proposal_id: str, expected: tuple[str, ...], **values) -> bool:
    """Set ``values`` on the proposal if its status is one of ``expected``; False otherwise (so
    two people deciding at once never both win)."""
    sets = ", ".join(f"{k} = ?" for k in values)
    marks = ", ".join("?" for _ in expected)
    with store.transaction():
        n = store.execute_count(
            f'UPDATE "_proposals" SET {sets} WHERE proposal_id = ? AND status IN ({marks})',
            (*values.values(), proposal_id, *expected),
        )
    return n > 0


def expire_proposals(store: Store, now: datetime) -> int:
    """Mark the proposals past their expiry expired; no write (no new data version) when none
    is."""
    due = store.execute(
        "SELECT count(*) FROM \"_proposals\" WHERE status IN ('pending', 'approved') "
        "AND expires_at <= ?",
        (now,),
    )
    if not due[0][0]:
        return 0
    with store.transaction():
        return store.execute_count(
            "UPDATE \"_proposals\" SET status = 'expired' "
            "WHERE status IN ('pending', 'approved') AND expires_at <= ?",
            (now,),
        )


def append_audit(store: Store, entry: dict, entry_hash: Callable[[dict, str], str]) -> dict:
    """Append one entry after the last, chained by ``entry_hash(entry, prev_hash)``; no analysed
    data changes, so cached results stay valid (``counted=False``)."""
    with _APPENDING, store.transaction(counted=False):
        if store.dialect == "postgres":  # and across processes: the next append waits
            store.execute('LOCK TABLE "_audit_log" IN EXCLUSIVE MODE')
        last = store.execute('SELECT seq, entry_hash FROM "_audit_log" ORDER BY seq DESC LIMIT 1')
        seq, prev = (last[0][0] + 1, last[0][1]) if last else (1, GENESIS)
        row = {**entry, "seq": seq, "prev_hash": prev}
        row["entry_hash"] = entry_hash(row, prev)
        store.execute(
            f'INSERT INTO "_audit_log" ({", ".join(AUDIT_COLUMNS)}) VALUES '
            f"({', '.join('?' for _ in AUDIT_COLUMNS)})",
            tuple(row[c] for c in AUDIT_COLUMNS),
        )
    return row


def audit_rows(store: Store) -> list[dict]:
    rows = store.execute(f'SELECT {", ".join(AUDIT_COLUMNS)} FROM "_audit_log" ORDER BY seq')
    return [dict(zip(AUDIT_COLUMNS, r)) for r in rows]
