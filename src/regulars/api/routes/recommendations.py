"""Recommendations: fit (analyst), a customer's list, a product's related products, the overview
and the rules; the lists are answered from the precomputed results."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, Field

from regulars.http.answers import cached_json, json_answer
from regulars.http.auth import analyst, get_workspace, viewer
from regulars.http.parameters import NO_NUL, CustomerId
from regulars.services import recommendations as recs
from regulars.services.accounts import User
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1", tags=["recommendations"])
ROUTE_ORDER = 10  # /customers/{id}/recommendations before the profile's /customers/{id:path}
ProductId = Path(min_length=1, max_length=200, pattern=NO_NUL, description="The product's id")


class FitRequest(BaseModel):
    k: int = Field(10, ge=1, le=20)
    cutoffs: int = Field(3, ge=1, le=12)
    test_days: int = Field(28, ge=7, le=180)


class RulesRequest(BaseModel):
    pin: list[str] = Field(default_factory=list, max_length=100)
    block: list[str] = Field(default_factory=list, max_length=100)
    clear: bool = False
    max_per_category: int | None = Field(None, ge=1, le=20)


@router.post("/recommendations/fit", summary="Backtest, choose per placement, precompute (analyst)",
             response_model=recs.FitReport)  # fmt: skip
def fit(
    body: FitRequest, ws: Workspace = Depends(get_workspace), user: User = Depends(analyst)
) -> Response:
    return json_answer(recs.fit_recommendations(ws, body.k, body.cutoffs, body.test_days))


@router.get("/recommendations", summary="The chosen models, the backtest against popularity and "
            "example customers", response_model=recs.RecommendationsOverview)  # fmt: skip
async def overview(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)):
    return await cached_json(recs.recommendations_overview, ws)


@router.get("/customers/{customer_id}/recommendations", summary="A customer's recommendations "
            "with reasons", response_model=recs.CustomerRecommendations)  # fmt: skip
async def for_customer(
    customer_id: str = CustomerId,
    k: int = Query(10, ge=1, le=20),
    placement: Literal["home", "email"] = "home",
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
):
    return await cached_json(recs.recommendations_for, ws, customer_id, k, placement)


@router.get("/products/{product_id}/related", summary="A product's related products with "
            "reasons", response_model=recs.RelatedProducts)  # fmt: skip
async def related(
    product_id: str = ProductId,
    k: int = Query(10, ge=1, le=20),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
):
    return await cached_json(recs.related_products, ws, product_id, k)


@router.get("/recommendations/rules", summary="Pinned and blocked products, cap per category",
            response_model=recs.Rules)  # fmt: skip
def rules(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(recs.recommendation_rules(ws))


@router.put("/recommendations/rules", summary="Change the rules; the next fit applies them "
            "(analyst)", response_model=recs.Rules)  # fmt: skip
def set_rules(
    body: RulesRequest, ws: Workspace = Depends(get_workspace), user: User = Depends(analyst)
) -> Response:
    found = recs.set_rules(ws, body.pin, body.block, body.clear, body.max_per_category)
    return json_answer(found)
