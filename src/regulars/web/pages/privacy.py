"""Privacy: the owner's page for the rights the shop grants (retention's dry run and its apply,
where access requests and erasure are made, the audit log, the customers' notice). The same
service calls as /api/v1/retention."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from regulars.http.auth import get_workspace
from regulars.services.accounts import Session
from regulars.services.privacy_notice import privacy_notice
from regulars.services.retention import apply_retention, retention_plan
from regulars.services.workspace import Workspace
from regulars.web.session import check_csrf, page_session, require_role
from regulars.web.templating import render

router = APIRouter()
NAV = ("Privacy", "/privacy-centre", 95)


@router.get("/privacy-centre")
def privacy_page(
    request: Request,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    require_role(session, "owner")
    deleted = request.query_params.get("deleted")
    return render(
        request,
        "pages/privacy.html",
        session=session,
        title="Privacy",
        plan=retention_plan(ws),
        notice=privacy_notice(),
        deleted=int(deleted) if deleted and deleted.isdigit() else None,
    )


@router.post("/privacy-centre/retention")
def apply(
    csrf_token: Annotated[str, Form()] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    """The owner deletes what the dry run on the page listed (the same day's cutoffs)."""
    check_csrf(session, csrf_token)
    require_role(session, "owner")
    done = apply_retention(ws)
    return RedirectResponse(f"/privacy-centre?deleted={done.rows}#retention", status_code=303)
