"""Pipeline page: funnel, win rates, stalled deals, stage probabilities, forecast."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from regulars.http.auth import get_workspace
from regulars.services.accounts import Session
from regulars.services.workspace import Workspace
from regulars.views.sales_intelligence import pipeline_context
from regulars.web.session import page_session
from regulars.web.templating import render

router = APIRouter()
NAV = ("Pipeline", "/pipeline", 75)


@router.get("/pipeline")
def pipeline_page(
    request: Request,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    return render(request, "pages/pipeline.html", session=session, title="Pipeline",
                  **pipeline_context(ws))  # fmt: skip
