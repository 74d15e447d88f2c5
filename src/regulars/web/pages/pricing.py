"""Pricing & offers page: elasticities (or why not), price suggestions, the offer plan and its
fairness audit."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from regulars.http.auth import get_workspace
from regulars.services.accounts import Session
from regulars.services.workspace import Workspace
from regulars.views.pricing import pricing_context
from regulars.web.session import page_session
from regulars.web.templating import render

router = APIRouter()
NAV = ("Pricing & offers", "/pricing", 85)


@router.get("/pricing")
def pricing_page(
    request: Request,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    return render(request, "pages/pricing.html", session=session, title="Pricing & offers",
                  **pricing_context(ws))  # fmt: skip
