"""The audit log is append-only and tamper-evident: editing, deleting or reordering an entry is
found by ``verify_audit``, which names the first broken entry."""

from __future__ import annotations

import pytest

from regulars.services import audit


@pytest.fixture
def logged(workspace):
    for i, action in enumerate(("viewed", "exported", "approved", "rejected")):
        audit.record(workspace, f"user{i}", action, f"proposal:p{i}", {"n": i})
    audit.record_decision(workspace, "churn", "2026-11-01", audit.customer_ref("C1"), {"p": 0.7})
    return workspace


def test_a_sound_chain_verifies(logged):
    check = audit.verify_audit(logged)
    assert (check.entries, check.intact, check.first_broken) == (5, True, None)
    entries = audit.audit_entries(logged)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.entry_hash for a, b in zip(entries, entries[1:]))
    assert entries[-1].actor == "model:churn@2026-11-01"
    assert "C1" not in entries[-1].subject and entries[-1].subject.startswith("customer:")


@pytest.mark.parametrize(
    ("sql", "broken", "reason"),
    [
        ("UPDATE \"_audit_log\" SET actor = 'mallory' WHERE seq = 2", 2, "changed"),
        ('UPDATE "_audit_log" SET details = \'{"n": 9}\' WHERE seq = 3', 3, "changed"),
        ('DELETE FROM "_audit_log" WHERE seq = 3', 3, "missing"),
        ('UPDATE "_audit_log" SET prev_hash = entry_hash WHERE seq = 4', 4, "link"),
    ],
)
def test_tampering_is_found(logged, sql, broken, reason):
    with logged.store.transaction():
        logged.store.execute(sql)
    check = audit.verify_audit(logged)
    assert (check.intact, check.first_broken) == (False, broken)
    assert reason in check.reason


def test_an_empty_log_verifies(workspace):
    assert audit.verify_audit(workspace).to_dict() == {
        "entries": 0,
        "intact": True,
        "first_broken": None,
        "reason": None,
    }
