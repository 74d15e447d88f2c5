"""Offers: today's plan per group (without the list of people) and its fairness audit."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from regulars.analytics.offers import FairnessAudit, PolicyValue
from regulars.http.answers import json_answer
from regulars.http.auth import get_workspace, viewer
from regulars.services import offers
from regulars.services.accounts import User
from regulars.services.offers.holdout import OfferIncrementality, offer_incrementality
from regulars.services.offers.logged import LoggedOfferTest, logged_offer_test
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


class LoggedOffer(BaseModel):
    """One line of an offer log (as ``regulars offers evaluate LOG.csv`` reads it)."""

    customer_id: str
    offer: str
    propensity: float = Field(gt=0, le=1)
    margin_cents: int = 0


@dataclass(frozen=True)
class OfferEvaluation:
    policy: PolicyValue
    incrementality: OfferIncrementality


@router.post("/evaluate", summary="Off-policy evaluation of a logged offer test, and what each "
             "offer added against its holdout", response_model=OfferEvaluation)  # fmt: skip
def evaluate(
    rows: list[LoggedOffer], ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)
) -> Response:
    log = [r.model_dump() for r in rows]
    return json_answer(OfferEvaluation(offers.evaluate_log(ws, log), offer_incrementality(ws, log)))


@router.get("/logged", summary="The imported offer test (offer_log): each offer and campaign "
            "against its holdout, and the learned policy's off-policy value",
            response_model=LoggedOfferTest)  # fmt: skip
def logged(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(logged_offer_test(ws))
