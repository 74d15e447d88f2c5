"""Prices: elasticities, suggestions inside guardrails, a price test for one product."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query, Response

from regulars.analytics.pricing import Elasticities, PriceTest
from regulars.http.answers import json_answer
from regulars.http.auth import get_workspace, viewer
from regulars.services import pricing
from regulars.services.accounts import User
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1/pricing", tags=["pricing"])


@router.get("/elasticity", summary="Each product's and category's price response, or why none",
            response_model=Elasticities)  # fmt: skip
def elasticity(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(pricing.elasticities(ws))


@router.get("/suggestions", summary="Margin-maximising prices inside the guardrails",
            response_model=pricing.PriceSuggestions)  # fmt: skip
def suggestions(
    max_step: float = Query(0.10, ge=0, le=1),
    min_markup: float = Query(0.10, ge=0, le=10),
    band: float = Query(0.10, ge=0, le=1),
    min_days: int = Query(30, ge=0, le=3650),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    opts = {"max_step": max_step, "min_markup": min_markup, "band": band, "min_days": min_days}
    return json_answer(pricing.suggestions(ws, (), None, **opts))


@router.get("/tests/{product_id}", summary="A price test for one product: arms and days",
            response_model=PriceTest)  # fmt: skip
def price_test(
    product_id: str = Path(..., max_length=200),
    step: float = Query(0.05, gt=0, le=0.5),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(pricing.price_test(ws, product_id, step))
