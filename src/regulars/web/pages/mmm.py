"""Marketing mix page: response curves, contributions over time and the budget split
(``views.mmm``, the same as the report's section); the owner queues the split for approval in
one click."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from regulars.http.auth import get_workspace
from regulars.services.accounts import Session
from regulars.services.workspace import Workspace
from regulars.views.mmm import mmm_context
from regulars.web.session import check_csrf, page_session, require_role
from regulars.web.templating import render

router = APIRouter()
NAV = ("Marketing mix", "/mmm", 45)


@router.get("/mmm")
def mmm_page(
    request: Request,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    context = mmm_context(ws)  # before a fit: the page says how to make one
    proposed = request.query_params.get("proposed")
    return render(request, "pages/mmm.html", session=session, title="Marketing mix",
                  proposed=proposed, **context)  # fmt: skip


@router.post("/mmm/allocation/proposal")
def propose_split(
    request: Request,
    csrf_token: Annotated[str, Form()] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    """Queue the proposed split (today's total budget) for the owner's approval."""
    from regulars.services.mmm import allocate_budget, propose_allocation

    check_csrf(session, csrf_token)
    require_role(session, "owner")
    plan = propose_allocation(ws, allocate_budget(ws), session.user.username)
    return RedirectResponse(f"/mmm?proposed={plan.proposal_id}#mmm-allocation", status_code=303)
