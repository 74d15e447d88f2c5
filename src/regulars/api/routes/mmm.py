"""Marketing mix model: fit (analyst), the saved fit's report, the budget split (a proposal on
request), and test designs with their power."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from regulars.analytics.mmm.geo import HoldoutPower
from regulars.http.answers import json_answer
from regulars.http.auth import analyst, get_workspace, owner, viewer
from regulars.services import mmm
from regulars.services.accounts import User
from regulars.services.mmm import geo
from regulars.services.mmm import geo_test as channel_geo
from regulars.services.mmm import holdout as holdout_test
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1/mmm", tags=["marketing mix"])


class FitRequest(BaseModel):
    priors: list[str] = Field(default_factory=list, description="channel=caused:sd, minor units")
    holdouts: bool = True
    draws: int = Field(200, ge=20, le=1000)


@router.post("/fit", summary="Fit and save the marketing mix model (analyst)",
             response_model=mmm.MmmReport)  # fmt: skip
def fit(body: FitRequest, ws: Workspace = Depends(get_workspace),
        user: User = Depends(analyst)) -> Response:  # fmt: skip
    return json_answer(mmm.fit_mmm(ws, tuple(body.priors), body.holdouts, body.draws))


@router.get("", summary="What each channel caused, from the saved fit",
            response_model=mmm.MmmReport)  # fmt: skip
def report(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(mmm.mmm_report(ws))


@router.get("/allocation", summary="The weekly budget split against today's",
            response_model=mmm.BudgetAllocation)  # fmt: skip
def allocation(
    budget: int | None = Query(None, gt=0, description="Weekly budget in minor units"),
    max_change: float = Query(2.0, ge=1.0),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(mmm.allocate_budget(ws, budget, max_change=max_change))


@router.post("/allocation/proposal", summary="Queue the budget split for approval (owner)",
             response_model=mmm.BudgetAllocation)  # fmt: skip
def propose(
    budget: int | None = Query(None, gt=0),
    max_change: float = Query(2.0, ge=1.0),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(owner),
) -> Response:
    plan = mmm.allocate_budget(ws, budget, max_change=max_change)
    return json_answer(mmm.propose_allocation(ws, plan, user.username))


@router.get("/tests/holdout", summary="Power of a holdout test for a campaign",
            response_model=HoldoutPower)  # fmt: skip
def holdout(
    audience: int = Query(5000, ge=2),
    baseline: float = Query(0.05, gt=0, lt=1),
    holdout_share: float = Query(0.1, gt=0, lt=1),
    lift: float = Query(0.2, gt=0),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(geo.holdout_design(audience, baseline, holdout_share, lift))


@router.get("/tests/holdout/{campaign_id}", summary="A campaign's holdout test with its power",
            response_model=holdout_test.CampaignHoldout)  # fmt: skip
def campaign_holdout(
    campaign_id: str,
    holdout_share: float = Query(0.1, gt=0, lt=1),
    lift: float = Query(0.2, gt=0),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(holdout_test.design_campaign_holdout(ws, campaign_id, holdout_share, lift))


@router.post("/tests/holdout/{campaign_id}", summary="Record a campaign's holdout test (analyst)",
             response_model=holdout_test.CampaignHoldout)  # fmt: skip
def record_holdout(
    campaign_id: str,
    holdout_share: float = Query(0.1, gt=0, lt=1),
    lift: float = Query(0.2, gt=0),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(analyst),
) -> Response:
    return json_answer(holdout_test.record_campaign_holdout(ws, campaign_id, holdout_share, lift))


@router.get("/tests/geo", summary="A geo test design with its power",
            response_model=geo.GeoDesign)  # fmt: skip
def geo_test(
    weeks: int = Query(8, ge=1, le=52),
    effect: float | None = Query(None, description="Effect a week in minor units"),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(geo.geo_design(ws, weeks, effect))


@router.get("/tests/geo/readout", summary="Read out a geo test (DiD and synthetic control)",
            response_model=geo.GeoResult)  # fmt: skip
def geo_result(
    regions: str = Query(..., description="Treated regions, comma-separated"),
    start: dt.date = Query(...),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    treated = tuple(r.strip() for r in regions.split(",") if r.strip())
    return json_answer(geo.geo_readout(ws, treated, start))


@router.get("/tests/geo/{channel}", summary="A channel's geo test with its power",
            response_model=channel_geo.ChannelGeoTest)  # fmt: skip
def channel_geo_test(
    channel: str,
    weeks: int = Query(8, ge=1, le=52),
    effect: float | None = Query(None, gt=0, description="Effect a week in minor units"),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(channel_geo.design_geo_test(ws, channel, weeks, effect))


@router.post("/tests/geo/{channel}", summary="Record a channel's geo test (analyst)",
             response_model=channel_geo.ChannelGeoTest)  # fmt: skip
def record_geo_test(
    channel: str,
    weeks: int = Query(8, ge=1, le=52),
    effect: float | None = Query(None, gt=0, description="Effect a week in minor units"),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(analyst),
) -> Response:
    return json_answer(channel_geo.record_geo_test(ws, channel, weeks, effect))
