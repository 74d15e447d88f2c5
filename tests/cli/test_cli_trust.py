"""The trust centre through the CLI: proposals list|show|export|approve|reject|run, audit
list|verify (a tampered log exits 65 naming the entry)."""

from __future__ import annotations

import csv

from regulars.services.proposals import get_proposal, list_proposals
from regulars.services.segments import create_audience


def test_propose_approve_run_and_reject(cli, as_json, demo_copy, tmp_path):
    ws = demo_copy
    create_audience(ws, "champions", 'segment = "Champions"')
    before = len(list_proposals(ws))
    to = tmp_path / "champions.csv"
    proposed = cli("proposals", "export", "champions", "--to", to, "--reason", "thank-you", ws=ws)
    assert proposed["status"] == "pending" and proposed["reason"] == "thank-you"
    assert not to.exists()
    pid = proposed["proposal_id"]
    assert cli("proposals", "show", pid, ws=ws) == as_json(get_proposal(ws, pid).to_dict())
    pending = cli("proposals", "list", "--status", "pending", ws=ws)
    assert pid in [p["proposal_id"] for p in pending] and len(pending) == before + 1
    ran = cli("proposals", "approve", pid, "--note", "ok", "--run", ws=ws)
    assert (ran["status"], ran["note"]) == ("executed", "ok")
    with to.open(newline="") as f:
        assert len(list(csv.DictReader(f))) == ran["result"]["rows_exported"] == ran["customers"]
    again = cli("proposals", "run", pid, "--to", to, ws=ws, code=65)
    assert "executed" in again["message"]
    other = cli("proposals", "export", "champions", ws=ws)["proposal_id"]
    rejected = cli("proposals", "reject", other, "--note", "not now", ws=ws)
    assert rejected["status"] == "rejected"
    assert cli("proposals", "show", "nope", ws=ws, code=66)["error"] == "NotFoundError"


def test_run_writes_once_approved_and_audit_verifies_until_tampered(cli, demo_copy, tmp_path):
    ws = demo_copy
    create_audience(ws, "champions", 'segment = "Champions"')
    pid = cli("proposals", "export", "champions", ws=ws)["proposal_id"]
    cli("proposals", "approve", pid, ws=ws)
    done = cli("proposals", "run", pid, "--to", tmp_path / "c.csv", ws=ws)
    assert done["proposal_id"] == pid and (tmp_path / "c.csv").exists()
    entries = cli("audit", "list", "--limit", "3", ws=ws)
    assert [e["action"] for e in entries] == ["proposed", "approved", "exported"]
    assert cli("audit", "verify", ws=ws)["intact"] is True
    with ws.store.transaction():
        ws.store.execute("UPDATE \"_audit_log\" SET actor = 'someone else' WHERE seq = 2")
    broken = cli("audit", "verify", ws=ws, code=65)
    assert "entry 2 was changed" in broken["message"]
