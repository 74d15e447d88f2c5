"""Proposals: the inbox of actions waiting for a person's approval (what, for whom, why, the
expected effect, what it relies on), with approve / reject for the action type's approver and a
download of an approved export; the owner's audit log. The same service calls as /api/v1/proposals
and /api/v1/audit."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from regulars.http.auth import get_workspace
from regulars.http.parameters import export_headers
from regulars.services import actions, audit, proposals
from regulars.services.accounts import Session
from regulars.services.workspace import Workspace
from regulars.web.session import check_csrf, page_session, require_role
from regulars.web.templating import render

router = APIRouter()
NAV = ("Proposals", "/proposals", 85)


def NAV_COUNT(ws: Workspace) -> int:  # noqa: N802 (read by web.templating like NAV)
    return proposals.pending_count(ws)


@router.get("/proposals")
def proposals_page(
    request: Request,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    found = proposals.list_proposals(ws)
    return render(
        request,
        "pages/proposals.html",
        session=session,
        title="Proposals",
        pending=[p for p in found if p.status == "pending"],
        approved=[p for p in found if p.status == "approved"],
        decided=[p for p in reversed(found) if p.status not in ("pending", "approved")][:50],
        can=lambda p: session.user.can(p.approver_role),
        runnable=actions.runnable_types(),
    )


def _decide(ws, session, proposal_id: str, csrf_token: str, note: str, decide) -> Response:
    check_csrf(session, csrf_token)
    decide(ws, proposal_id, session.user.username, session.user.role, note.strip() or None)
    return RedirectResponse(f"/proposals#proposal-{proposal_id}", status_code=303)


@router.post("/proposals/{proposal_id}/approve")
def approve(
    proposal_id: str,
    csrf_token: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
) -> Response:
    return _decide(ws, session, proposal_id, csrf_token, note, proposals.approve)


@router.post("/proposals/{proposal_id}/reject")
def reject(
    proposal_id: str,
    csrf_token: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
) -> Response:
    return _decide(ws, session, proposal_id, csrf_token, note, proposals.reject)


@router.post("/proposals/{proposal_id}/run")
def run(
    proposal_id: str,
    csrf_token: Annotated[str, Form()] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
) -> Response:
    check_csrf(session, csrf_token)
    require_role(session, "analyst")
    kind = proposals.get_proposal(ws, proposal_id).action_type
    if kind == actions.AUDIENCE_EXPORT:
        data, record = actions.execute_download(ws, proposal_id, session.user.username)
        return Response(
            data,
            media_type="text/csv; charset=utf-8",
            headers=export_headers(record, record.format == "csv-sha256"),
        )
    data, _ = actions.execute_from_dashboard(ws, proposal_id, session.user.username)
    if data is None:  # sent (a webhook, the mail server): the inbox shows it as executed
        return RedirectResponse(f"/proposals#proposal-{proposal_id}", status_code=303)
    name = f"{kind}-{proposal_id}.csv"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type="text/csv; charset=utf-8", headers=disposition)


@router.get("/audit")
def audit_page(
    request: Request,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    require_role(session, "owner")
    return render(
        request,
        "pages/audit.html",
        session=session,
        title="Audit log",
        entries=tuple(reversed(audit.audit_entries(ws, limit=500))),
        check=audit.verify_audit(ws),
    )
