"""Proposals: every action that would leave Regulars (an audience export, a send, an offer, a price
change, a proactive message) is first a proposal saying what, for whom (a count and a sample), why,
the expected effect with its interval (or why there is none), the data and consent it relies on,
who proposed it (a person or a model) and when it expires.

States: pending -> approved | rejected | expired; approved -> executed (by ``services.actions``,
the one module that runs them) or expired. Analysts propose, the role ``APPROVER`` names approves
or rejects (prices always the owner), viewers read."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta

from regulars.errors import ForbiddenError, InputError, NotFoundError
from regulars.services import audit
from regulars.services.workspace import Workspace
from regulars.store import proposals as saved

STATES = ("pending", "approved", "rejected", "expired", "executed")
ROLES = ("viewer", "analyst", "owner")
#: Who may approve each action type. An audience export an analyst asks for from the dashboard or
#: the API is approved by that request itself (it writes only people who consent, and is logged);
#: anything that reaches customers or prices needs the owner.
APPROVER: dict[str, str] = {
    "audience_export": "analyst",
    "audience_send": "owner",
    "offer_campaign": "owner",
    "price_change": "owner",
    "assistant_message": "owner",
    "review_reply": "owner",
    "recommendation_email": "owner",
    "budget_split": "owner",  # a budget split reaches no customer: approved, never executed
}
DEFAULT_DAYS = 14
SAMPLE_SIZE = 5


@dataclass(frozen=True, slots=True)
class Effect:
    """The expected effect in words, with its interval, or the reason there is none."""

    text: str | None
    low: float | None = None
    high: float | None = None
    missing: str | None = None


@dataclass(frozen=True)
class Proposal:
    proposal_id: str
    action_type: str
    title: str
    parameters: dict
    customers: int
    sample: tuple[str, ...]
    reason: str
    effect: Effect
    relies_on: str
    consent_purpose: str | None
    proposed_by: str
    proposer_kind: str
    status: str
    created_at: datetime
    expires_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    note: str | None = None
    executed_at: datetime | None = None
    result: dict | None = None

    @property
    def approver_role(self) -> str:
        return APPROVER[self.action_type]

    def to_dict(self) -> dict:
        return {**asdict(self), "approver_role": self.approver_role}


def _proposal(row: dict) -> Proposal:
    effect = Effect(row["effect"], row["effect_low"], row["effect_high"], row["effect_missing"])
    keep = {k: row[k] for k in row if not k.startswith("effect")}
    keep.update(
        parameters=json.loads(row["parameters"]),
        sample=tuple(json.loads(row["sample"])),
        result=json.loads(row["result"]) if row["result"] else None,
    )
    return Proposal(effect=effect, **keep)


def _check_type(action_type: str) -> str:
    if action_type not in APPROVER:
        raise InputError(f"unknown action type {action_type!r}; use one of: {', '.join(APPROVER)}")
    return action_type


def propose(
    ws: Workspace,
    action_type: str,
    title: str,
    parameters: dict,
    reach: tuple[int, tuple[str, ...]],
    reason: str,
    effect: Effect,
    relies_on: str,
    proposed_by: str,
    *,
    consent_purpose: str | None = "marketing",
    proposer_kind: str = "person",
    days: int = DEFAULT_DAYS,
) -> Proposal:
    """Queue a proposal (pending); ``reach`` is how many customers it would reach now, and a few
    of their ids."""
    if proposer_kind not in ("person", "model"):
        raise InputError(f"proposer_kind must be person or model, not {proposer_kind!r}")
    if effect.low is None and effect.high is None and not effect.missing:
        raise InputError("an expected effect without an interval needs its reason (missing)")
    now = datetime.now(UTC)
    row = {
        "proposal_id": uuid.uuid4().hex[:12],
        "action_type": _check_type(action_type),
        "title": title,
        "parameters": json.dumps(parameters, sort_keys=True),
        "customers": reach[0],
        "reason": reason,
        "sample": json.dumps(list(reach[1])[:SAMPLE_SIZE]),
        "effect": effect.text,
        "effect_low": effect.low,
        "effect_high": effect.high,
        "effect_missing": effect.missing,
        "relies_on": relies_on,
        "consent_purpose": consent_purpose,
        "proposed_by": proposed_by,
        "proposer_kind": proposer_kind,
        "status": "pending",
        "created_at": now,
        "expires_at": now + timedelta(days=days),
    }
    saved.insert_proposal(ws.store, row)
    audit.record(
        ws,
        proposed_by,
        "proposed",
        f"proposal:{row['proposal_id']}",
        {"action_type": action_type, "customers": reach[0]},
    )
    return _proposal(
        {
            **row,
            "decided_by": None,
            "decided_at": None,
            "note": None,
            "executed_at": None,
            "result": None,
        }
    )


def expire_due(ws: Workspace) -> int:
    """Mark pending or approved proposals past their expiry as expired; how many."""
    return saved.expire_proposals(ws.store, datetime.now(UTC))


def list_proposals(ws: Workspace, status: str | None = None) -> tuple[Proposal, ...]:
    if status is not None and status not in STATES:
        raise InputError(f"unknown status {status!r}; use one of: {', '.join(STATES)}")
    expire_due(ws)
    return tuple(_proposal(r) for r in saved.proposal_rows(ws.store, status=status))


def pending_count(ws: Workspace) -> int:
    return sum(
        1
        for r in saved.proposal_rows(ws.store, status="pending")
        if r["expires_at"] > datetime.now(UTC)
    )


def get_proposal(ws: Workspace, proposal_id: str) -> Proposal:
    expire_due(ws)
    rows = saved.proposal_rows(ws.store, proposal_id=proposal_id)
    if not rows:
        raise NotFoundError(f"no proposal {proposal_id!r}; see `regulars proposals list`")
    return _proposal(rows[0])


def _may_decide(proposal: Proposal, user: str, role: str) -> None:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}")
    if ROLES.index(role) < ROLES.index(proposal.approver_role):
        raise ForbiddenError(
            f"a {proposal.action_type} needs the {proposal.approver_role} to decide; "
            f"{user} is {role}"
        )


def _decide(ws, proposal_id, user, role, status, note, expected=("pending",)) -> Proposal:
    proposal = get_proposal(ws, proposal_id)
    _may_decide(proposal, user, role)
    now = datetime.now(UTC)
    if not saved.update_proposal(
        ws.store, proposal_id, expected, status=status, decided_by=user, decided_at=now, note=note
    ):
        raise InputError(
            f"proposal {proposal_id} is {proposal.status}; only a pending one can be {status}"
        )
    audit.record(ws, user, status, f"proposal:{proposal_id}", {"role": role, "note": note})
    return replace(proposal, status=status, decided_by=user, decided_at=now, note=note)


def approve(ws: Workspace, proposal_id: str, user: str, role: str, note: str | None = None):
    return _decide(ws, proposal_id, user, role, "approved", note)


def reject(ws: Workspace, proposal_id: str, user: str, role: str, note: str | None = None):
    return _decide(ws, proposal_id, user, role, "rejected", note)


def edit(
    ws: Workspace,
    proposal_id: str,
    user: str,
    role: str,
    *,
    days: int | None = None,
    note: str | None = None,
) -> Proposal:
    """The owner's edit of a pending proposal: a new expiry or a note (the action stays)."""
    proposal = get_proposal(ws, proposal_id)
    _may_decide(proposal, user, role)
    values = {"note": note if note is not None else proposal.note}
    if days is not None:
        values["expires_at"] = datetime.now(UTC) + timedelta(days=days)
    if not saved.update_proposal(ws.store, proposal_id, ("pending",), **values):
        raise InputError(f"proposal {proposal_id} is {proposal.status}; only a pending one edits")
    audit.record(ws, user, "edited", f"proposal:{proposal_id}", {"days": days, "note": note})
    return get_proposal(ws, proposal_id)


def mark_executed(ws: Workspace, proposal: Proposal, result: dict) -> Proposal:
    """Called by ``services.actions`` only, after the action ran."""
    now = datetime.now(UTC)
    if not saved.update_proposal(
        ws.store,
        proposal.proposal_id,
        ("approved",),
        status="executed",
        executed_at=now,
        result=json.dumps(result, default=str),
    ):
        raise InputError(f"proposal {proposal.proposal_id} is no longer approved")
    return replace(proposal, status="executed", executed_at=now, result=result)
