"""Leads page: how leads are scored, the model's checks, leads to call today with reasons."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from regulars.http.auth import get_workspace
from regulars.services.accounts import Session
from regulars.services.workspace import Workspace
from regulars.views.sales_intelligence import leads_context
from regulars.web.session import page_session
from regulars.web.templating import render

router = APIRouter()
NAV = ("Leads", "/leads", 80)


@router.get("/leads")
def leads_page(
    request: Request,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    return render(request, "pages/leads.html", session=session, title="Leads",
                  **leads_context(ws))  # fmt: skip
