"""The audit log: who viewed or exported which customers' data, who approved or rejected what, and
every automated decision with its model's version. Append-only and tamper-evident: each entry
carries the SHA-256 of its fields and of the previous entry's hash, so editing, deleting or
reordering any entry breaks the chain from there on (``verify_audit`` names the first broken entry).

Customers are named by a digest (``customer_ref``), never by their data, so the log never needs
rewriting (an erasure leaves its chain intact)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from regulars.services.workspace import Workspace
from regulars.store import proposals as saved


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    recorded_at: datetime
    actor: str
    action: str
    subject: str
    details: dict
    prev_hash: str
    entry_hash: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class AuditCheck:
    """What ``verify_audit`` found: entries checked, and the first broken one (None when sound)."""

    entries: int
    intact: bool
    first_broken: int | None
    reason: str | None

    def to_dict(self) -> dict:
        return asdict(self)


def _instant(at: datetime) -> str:
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(row: dict, prev_hash: str) -> str:
    """SHA-256 over the entry's fields, in a fixed order, and the previous hash."""
    fields = [str(row["seq"]), _instant(row["recorded_at"]), row["actor"], row["action"]]
    fields += [row["subject"], row["details"] or "", prev_hash]
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


def customer_ref(customer_id: str) -> str:
    """How the log names a customer: ``customer:`` and a digest of the id (ask for a customer's
    entries with the same digest)."""
    return "customer:" + hashlib.sha256(f"regulars-audit:{customer_id}".encode()).hexdigest()[:20]


def record(
    ws: Workspace, actor: str, action: str, subject: str, details: dict | None = None
) -> AuditEntry:
    """Append one entry (its own transaction)."""
    entry = {
        "recorded_at": datetime.now(UTC),
        "actor": actor,
        "action": action,
        "subject": subject,
        "details": json.dumps(details or {}, sort_keys=True, default=str),
    }
    return _entry(saved.append_audit(ws.store, entry, entry_hash))


def viewed_customer(ws: Workspace, user: str, customer_id: str, what: str = "profile") -> None:
    """Who looked at which customer's data (the customer named by ``customer_ref``)."""
    record(ws, user, "viewed", customer_ref(customer_id), {"what": what})


def record_decision(ws: Workspace, model: str, version: str, subject: str, details: dict) -> None:
    """An automated decision: the model and its version are the actor."""
    record(ws, f"model:{model}@{version}", "decided", subject, details)


def _entry(row: dict) -> AuditEntry:
    return AuditEntry(
        row["seq"],
        row["recorded_at"],
        row["actor"],
        row["action"],
        row["subject"],
        json.loads(row["details"] or "{}"),
        row["prev_hash"],
        row["entry_hash"],
    )


def audit_entries(ws: Workspace, subject: str | None = None, limit: int | None = None):
    """The log, oldest first (of one subject, or all); the last ``limit`` entries when given."""
    rows = [r for r in saved.audit_rows(ws.store) if subject is None or r["subject"] == subject]
    rows = rows[-limit:] if limit else rows
    return tuple(_entry(r) for r in rows)


def verify_audit(ws: Workspace) -> AuditCheck:
    """Recompute the chain: every entry's hash, its link to the previous one, no gap."""
    prev, rows = saved.GENESIS, saved.audit_rows(ws.store)
    for expected_seq, row in enumerate(rows, start=1):
        problem = None
        if row["seq"] != expected_seq:
            problem = f"entry {expected_seq} is missing (found {row['seq']})"
        elif row["prev_hash"] != prev:
            problem = f"entry {row['seq']} does not link to the entry before it"
        elif entry_hash(row, prev) != row["entry_hash"]:
            problem = f"entry {row['seq']} was changed after it was written"
        if problem:
            return AuditCheck(len(rows), False, expected_seq, problem)
        prev = row["entry_hash"]
    return AuditCheck(len(rows), True, None, None)
