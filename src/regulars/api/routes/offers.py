"""Offers: today's plan per group (without the list of people) and its fairness audit."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, Query, Response

from regulars.analytics.offers import FairnessAudit
from regulars.http.answers import json_answer
from regulars.http.auth import get_workspace, viewer
from regulars.services import offers
from regulars.services.accounts import User
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1/offers", tags=["offers"])


@dataclass(frozen=True)
class OfferPlanSummary:
    customers: int
    held_out: int
    offered: int
    discount_cents: int
    groups: tuple[offers.GroupPlan, ...]
    audit: FairnessAudit
    explanation: str


def summary(plan: offers.OfferPlan) -> OfferPlanSummary:
    keep = {k: v for k, v in plan.__dict__.items() if k != "assignments"}
    return OfferPlanSummary(**keep)


@router.get("/plan", summary="Which offer each group gets, the holdout, the fairness audit",
            response_model=OfferPlanSummary)  # fmt: skip
def plan(
    holdout: float = Query(0.10, ge=0, le=0.5),
    budget: int | None = Query(None, ge=0),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(summary(offers.offer_plan(ws, holdout=holdout, budget_cents=budget)))


@router.get("/audit", summary="The fairness audit of today's offer plan",
            response_model=FairnessAudit)  # fmt: skip
def audit(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(offers.offer_plan(ws).audit)
