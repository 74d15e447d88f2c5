"""Proposals and the one boundary that runs them: nothing leaves without an approved, unexpired
proposal; consent is checked again when it runs; each step is in the audit log."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta

import pytest

from regulars.errors import ForbiddenError, InputError, NotFoundError
from regulars.services import actions, audit, proposals
from regulars.services.segments import audience_exports
from regulars.store import proposals as saved

MARKETABLE = ("K1", "K3", "K5")  # as in conftest.py


def _ids(path) -> list[str]:
    with open(path, newline="", encoding="utf-8") as f:
        return [r["customer_id"] for r in csv.DictReader(f)]


def test_a_proposal_says_what_for_whom_why_and_runs_only_once_approved(trust_shop, tmp_path):
    ws, to = trust_shop, tmp_path / "out.csv"
    p = actions.propose_audience_export(ws, "everyone", "ana", to=to, columns=("customer_id",))
    assert (p.status, p.customers, p.sample) == ("pending", 3, MARKETABLE)
    assert p.effect.low is None and "measures nothing" in p.effect.missing
    assert "consent" in p.relies_on and p.proposed_by == "ana" and p.proposer_kind == "person"
    assert p.expires_at > p.created_at
    with pytest.raises(InputError, match="only an approved"):
        actions.execute(ws, p.proposal_id, "ana")
    assert not to.exists()
    with pytest.raises(ForbiddenError):
        proposals.approve(ws, p.proposal_id, "vic", "viewer")
    proposals.approve(ws, p.proposal_id, "olga", "owner")
    record = actions.execute(ws, p.proposal_id, "olga")
    assert _ids(to) == list(MARKETABLE) and record.proposal_id == p.proposal_id
    assert proposals.get_proposal(ws, p.proposal_id).status == "executed"
    with pytest.raises(InputError, match="executed"):
        actions.execute(ws, p.proposal_id, "olga")
    assert [e.rows_exported for e in audience_exports(ws, "everyone")] == [3]


def test_consent_withdrawn_after_approval_keeps_the_person_out(trust_shop, add_consents, tmp_path):
    ws = trust_shop
    p = actions.propose_audience_export(ws, "everyone", "ana", columns=("customer_id",))
    proposals.approve(ws, p.proposal_id, "olga", "owner")
    add_consents(ws, tmp_path / "later.csv", [("m-K3-2", "K3", False, "2025-06-01T00:00:00Z")])
    record = actions.execute(ws, p.proposal_id, "olga", to=tmp_path / "out.csv")
    assert _ids(tmp_path / "out.csv") == ["K1", "K5"]
    assert (record.rows_exported, record.excluded_no_consent) == (2, 3)


def test_rejected_and_expired_proposals_never_run(trust_shop, tmp_path):
    ws = trust_shop
    rejected = actions.propose_audience_export(ws, "everyone", "ana", to=tmp_path / "r.csv")
    proposals.reject(ws, rejected.proposal_id, "olga", "owner", "not this week")
    assert proposals.get_proposal(ws, rejected.proposal_id).note == "not this week"
    with pytest.raises(InputError, match="rejected"):
        proposals.approve(ws, rejected.proposal_id, "olga", "owner")
    late = actions.propose_audience_export(ws, "everyone", "ana", to=tmp_path / "e.csv")
    proposals.approve(ws, late.proposal_id, "olga", "owner")
    past = datetime.now(UTC) - timedelta(seconds=1)
    assert saved.update_proposal(ws.store, late.proposal_id, ("approved",), expires_at=past)
    with pytest.raises(InputError, match="expired"):
        actions.execute(ws, late.proposal_id, "olga")
    assert not (tmp_path / "r.csv").exists() and not (tmp_path / "e.csv").exists()
    assert [p.status for p in proposals.list_proposals(ws)] == ["rejected", "expired"]
    assert proposals.pending_count(ws) == 0


def test_prices_always_need_the_owner(trust_shop):
    ws = trust_shop
    p = proposals.propose(
        ws,
        "price_change",
        "Coffee beans 12.00 -> 13.00",
        {"sku": "BEANS"},
        (0, ()),
        "elasticity model: demand barely moves",
        proposals.Effect("+4% margin", 0.01, 0.07),
        "orders of the last year",
        "pricing-model",
        consent_purpose=None,
        proposer_kind="model",
    )
    with pytest.raises(ForbiddenError, match="owner"):
        proposals.approve(ws, p.proposal_id, "ana", "analyst")
    edited = proposals.edit(ws, p.proposal_id, "olga", "owner", days=2, note="check stock")
    assert edited.note == "check stock" and edited.expires_at < p.expires_at
    assert proposals.approve(ws, p.proposal_id, "olga", "owner").status == "approved"
    with pytest.raises(InputError, match="names no price changes"):
        actions.execute(ws, p.proposal_id, "olga")  # services.actions runs well-formed ones


def test_bad_proposals_are_refused_with_a_reason(trust_shop):
    with pytest.raises(InputError, match="unknown action type"):
        proposals.propose(
            trust_shop, "nuke", "x", {}, (0, ()), "", proposals.Effect("x", 1, 2), "", "ana"
        )
    with pytest.raises(InputError, match="needs its reason"):
        proposals.propose(
            trust_shop, "price_change", "x", {}, (0, ()), "", proposals.Effect("x"), "", "ana"
        )
    with pytest.raises(NotFoundError):
        proposals.get_proposal(trust_shop, "nope")
    with pytest.raises(InputError, match="unknown status"):
        proposals.list_proposals(trust_shop, "maybe")


def test_the_one_step_export_is_proposed_approved_and_run_in_the_audit_log(trust_shop, tmp_path):
    ws = trust_shop
    record = actions.export_audience_now(ws, "everyone", tmp_path / "x.csv", user="olga")
    actions_logged = [(e.actor, e.action) for e in audit.audit_entries(ws)]
    assert actions_logged == [("olga", "proposed"), ("olga", "approved"), ("olga", "exported")]
    assert proposals.get_proposal(ws, record.proposal_id).result["rows_exported"] == 3
