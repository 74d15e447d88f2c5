"""Campaigns: ROI per campaign and channel, attribution models side by side, holdout lift,
monitoring."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from fastapi import APIRouter, Depends, Query, Response

from regulars.http.answers import json_answer
from regulars.http.auth import get_workspace, viewer
from regulars.services import campaigns
from regulars.services.accounts import User
from regulars.services.workspace import Workspace
from regulars.vocabulary import AttributionModel, Touch

router = APIRouter(prefix="/api/v1/campaigns", tags=["campaigns"])


@router.get(
    "",
    summary="Every campaign's rates, conversions, revenue, CAC, ROAS and ROI, "
    "with attribution and holdouts",
    response_model=campaigns.CampaignReport,
)
def report(
    model: AttributionModel = AttributionModel.LAST_TOUCH,
    window_days: int = Query(7, ge=1, le=90),
    touch: Touch = Touch.CLICK,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(campaigns.campaign_report(ws, model, window_days, touch))


@router.get(
    "/attribution",
    summary="Orders and revenue credited to each campaign under every model",
    response_model=campaigns.AttributionComparison,
)
def attribution(
    window_days: int = Query(7, ge=1, le=90),
    touch: Touch = Touch.CLICK,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(campaigns.attribution_comparison(ws, window_days, touch))


@router.get(
    "/monitor",
    summary="Running campaigns' daily KPIs, alerts against plan, experiments' SRM checks",
    response_model=campaigns.CampaignMonitor,
)
def monitor(
    at: date | None = None,
    lookback_days: int = Query(14, ge=1, le=365),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    when = datetime.combine(at, time(23, 59), UTC) if at else None
    return json_answer(campaigns.campaign_monitor(ws, when, lookback_days))
