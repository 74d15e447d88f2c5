"""Campaigns: ROI per campaign and channel, attribution models side by side, holdout lift."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from regulars.http.auth import get_workspace
from regulars.http.parameters import ATTRIBUTION_MODEL
from regulars.services.accounts import Session
from regulars.services.campaigns import campaign_report
from regulars.services.workspace import Workspace
from regulars.views.campaigns import attribution_chart, roi_chart
from regulars.views.mmm import caused_by_channel
from regulars.web.session import page_session
from regulars.web.templating import render

router = APIRouter()
NAV = ("Campaigns", "/campaigns", 50)


@router.get("/campaigns")
def campaigns_page(
    request: Request,
    model: str = Query("last-touch", pattern=ATTRIBUTION_MODEL),
    window_days: int = Query(7, ge=1, le=90),
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    report = campaign_report(ws, model, window_days)
    charts = (
        {
            "attribution": attribution_chart(report.attribution),
            "roi": roi_chart(report.campaigns),
        }
        if report.campaigns
        else {}
    )
    return render(
        request,
        "pages/campaigns.html",
        session=session,
        title="Campaigns",
        report=report,
        charts=charts,
        models=report.attribution.models,
        mix=caused_by_channel(ws),  # the marketing mix model's caused ROI, where fitted
    )
