"""Campaigns: ROI per campaign and channel, attribution models side by side, holdout lift; one
campaign's page with its holdout test designed (power first) and recorded in one click."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse

from regulars.errors import InputError, NotFoundError
from regulars.http.auth import get_workspace
from regulars.http.parameters import ATTRIBUTION_MODEL
from regulars.services.accounts import Session
from regulars.services.campaigns import campaign_report
from regulars.services.workspace import Workspace
from regulars.views.campaigns import attribution_chart, roi_chart
from regulars.views.mmm import caused_by_channel
from regulars.web.session import check_csrf, page_session, require_role
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


def _campaign_context(ws: Workspace, campaign_id: str, holdout_share: float, lift: float) -> dict:
    """One campaign: its attributed row, its ROI sentence (caused where a holdout measured it),
    its channel's caused ROI from the marketing mix fit, and the holdout test designed for it."""
    from regulars.services.mmm.holdout import design_campaign_holdout

    report = campaign_report(ws)
    row = next((r for r in report.campaigns if r.campaign_id == campaign_id), None)
    if row is None:
        raise NotFoundError(f"no campaign with id {campaign_id!r}; the Campaigns page lists them")
    roi = next((r for r in report.roi if r.campaign_id == campaign_id), None)
    context = {"row": row, "roi": roi, "mix": caused_by_channel(ws).get(row.channel),
               "holdout": None, "holdout_error": None,
               "form": {"holdout_share": holdout_share, "lift": lift}}  # fmt: skip
    try:
        context["holdout"] = design_campaign_holdout(ws, campaign_id, holdout_share, lift)
    except InputError as exc:
        context["holdout_error"] = exc.message
    return context


@router.get("/campaigns/{campaign_id}")
def campaign_page(
    request: Request,
    campaign_id: str,
    holdout_share: float = Query(0.1, gt=0, lt=1),
    lift: float = Query(0.2, gt=0, le=10),
    recorded: bool = False,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    """A campaign's page: what it earned, what it caused where known, and its holdout test with
    the power first; an analyst records the test in one click."""
    context = _campaign_context(ws, campaign_id, holdout_share, lift)
    return render(request, "pages/campaign.html", session=session,
                  title=context["row"].name or campaign_id, recorded=recorded,
                  **context)  # fmt: skip


@router.post("/campaigns/{campaign_id}/holdout")
def record_holdout(
    request: Request,
    campaign_id: str,
    csrf_token: Annotated[str, Form()] = "",
    holdout_share: Annotated[float, Form(gt=0, lt=1)] = 0.1,
    lift: Annotated[float, Form(gt=0, le=10)] = 0.2,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    """Design the holdout (power first) and record it as a draft experiment."""
    from regulars.services.mmm.holdout import record_campaign_holdout

    check_csrf(session, csrf_token)
    require_role(session, "analyst")
    try:
        record_campaign_holdout(ws, campaign_id, holdout_share, lift)
    except InputError as exc:
        context = _campaign_context(ws, campaign_id, holdout_share, lift)
        context["holdout_error"] = exc.message
        return render(request, "pages/campaign.html", status_code=422, session=session,
                      title=context["row"].name or campaign_id, recorded=False,
                      **context)  # fmt: skip
    query = f"holdout_share={holdout_share:g}&lift={lift:g}&recorded=1"
    return RedirectResponse(f"/campaigns/{quote(campaign_id)}?{query}#holdout", status_code=303)
