"""Lead scores: every lead's score and the model's checks, leads to call, one lead explained."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, Path, Query, Response

from regulars.http.answers import json_answer
from regulars.http.auth import get_workspace, viewer
from regulars.services import leads
from regulars.services.accounts import User
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1/leads", tags=["leads"])


@dataclass(frozen=True)
class LeadsToCall:
    leads: tuple[leads.LeadScore, ...]


@router.get("/scores", summary="Every lead's score, the method and its checks",
            response_model=leads.LeadScores)  # fmt: skip
def scores(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(leads.lead_scores(ws))


@router.get("/to-call", summary="The best-scored open leads with their reasons",
            response_model=LeadsToCall)  # fmt: skip
def to_call(
    limit: int = Query(10, ge=1, le=1000),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(LeadsToCall(leads.leads_to_call(ws, limit)))


@router.get("/{lead_id}", summary="One lead's score, factors and score history",
            response_model=leads.LeadExplanation)  # fmt: skip
def explain(
    lead_id: str = Path(..., max_length=200),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(leads.explain_lead(ws, lead_id))
