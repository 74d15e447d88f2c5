"""The trust centre: proposals (viewers read, analysts propose, the approver of each action type
decides; running one downloads its file) and the owner's audit log."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from regulars.http.answers import json_answer
from regulars.http.auth import analyst, get_workspace, owner, viewer
from regulars.http.parameters import NO_NUL, export_headers
from regulars.services import actions, audit, proposals
from regulars.services.accounts import User
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1", tags=["trust centre"])

ProposalId = Path(min_length=1, max_length=64, pattern=NO_NUL, description="The proposal's id")


class EffectModel(BaseModel):
    text: str | None
    low: float | None
    high: float | None
    missing: str | None = Field(description="why no interval is given, when none is")


class ProposalModel(BaseModel):
    """One proposal: what, for whom (count and sample), why, its expected effect, what it relies
    on, who proposed it, its state and who decided."""

    proposal_id: str
    action_type: str
    title: str
    parameters: dict
    customers: int
    sample: list[str]
    reason: str
    effect: EffectModel
    relies_on: str
    consent_purpose: str | None
    proposed_by: str
    proposer_kind: str
    status: str
    created_at: datetime
    expires_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    note: str | None
    executed_at: datetime | None
    result: dict | None
    approver_role: str


class ProposalList(BaseModel):
    proposals: list[ProposalModel]
    pending: int


class ExportProposal(BaseModel):
    audience: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    hashed: bool = False
    columns: list[str] | None = Field(None, max_length=30)
    reason: str | None = Field(None, max_length=1000, pattern=NO_NUL)
    days: int = Field(proposals.DEFAULT_DAYS, ge=1, le=365)


class Decision(BaseModel):
    note: str | None = Field(None, max_length=1000, pattern=NO_NUL)


class AuditEntryModel(BaseModel):
    seq: int
    recorded_at: datetime
    actor: str
    action: str
    subject: str
    details: dict
    prev_hash: str
    entry_hash: str


class AuditCheckModel(BaseModel):
    entries: int
    intact: bool
    first_broken: int | None
    reason: str | None


@router.get(
    "/proposals", summary="Proposals, oldest first, and how many wait", response_model=ProposalList
)
def proposal_list(
    status: str | None = Query(None, max_length=20, pattern=NO_NUL),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    found = proposals.list_proposals(ws, status)
    return json_answer(
        {"proposals": [p.to_dict() for p in found], "pending": proposals.pending_count(ws)}
    )


@router.get("/proposals/{proposal_id}", summary="One proposal", response_model=ProposalModel)
def proposal(
    proposal_id: str = ProposalId,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(proposals.get_proposal(ws, proposal_id).to_dict())


@router.post(
    "/proposals/audience-export",
    summary="Propose an audience export (analyst); it waits for approval",
    response_model=ProposalModel,
    status_code=201,
)
def propose_export(
    body: ExportProposal, ws: Workspace = Depends(get_workspace), user: User = Depends(analyst)
) -> Response:
    p = actions.propose_audience_export(
        ws,
        body.audience,
        user.username,
        hashed=body.hashed,
        columns=tuple(body.columns) if body.columns else None,
        reason=body.reason,
        days=body.days,
    )
    return json_answer(p.to_dict(), status_code=201)


@router.post(
    "/proposals/{proposal_id}/approve",
    summary="Approve a pending proposal (the action type's approver: prices always the owner)",
    response_model=ProposalModel,
)
def approve(
    body: Decision | None = None,
    proposal_id: str = ProposalId,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(analyst),
) -> Response:
    note = body.note if body else None
    return json_answer(proposals.approve(ws, proposal_id, user.username, user.role, note).to_dict())


@router.post(
    "/proposals/{proposal_id}/reject",
    summary="Reject a pending proposal (the action type's approver)",
    response_model=ProposalModel,
)
def reject(
    body: Decision | None = None,
    proposal_id: str = ProposalId,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(analyst),
) -> Response:
    note = body.note if body else None
    return json_answer(proposals.reject(ws, proposal_id, user.username, user.role, note).to_dict())


@router.post(
    "/proposals/{proposal_id}/run",
    summary="Run an approved, unexpired audience export: download its CSV (consent checked now)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def run(
    proposal_id: str = ProposalId,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(analyst),
) -> Response:
    data, record = actions.execute_download(ws, proposal_id, user.username)
    hashed = record.format == "csv-sha256"
    return Response(
        data, media_type="text/csv; charset=utf-8", headers=export_headers(record, hashed)
    )


@router.get(
    "/audit", summary="The audit log's last entries (owner)", response_model=list[AuditEntryModel]
)
def audit_log(
    limit: int = Query(100, ge=1, le=10000),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(owner),
) -> Response:
    return json_answer(audit.audit_entries(ws, limit=limit))


@router.get(
    "/audit/verify",
    summary="Recompute the audit log's hash chain (owner)",
    response_model=AuditCheckModel,
)
def audit_verify(ws: Workspace = Depends(get_workspace), user: User = Depends(owner)) -> Response:
    return json_answer(audit.verify_audit(ws))
