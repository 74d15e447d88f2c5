"""Retention: what each table's retention would delete (the dry run), and deleting it (owner)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from regulars.http.answers import json_answer
from regulars.http.auth import get_workspace, owner
from regulars.services.accounts import User
from regulars.services.retention import RetentionPlan, apply_retention, retention_plan
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1/retention", tags=["privacy"])


@router.get(
    "", summary="What retention would delete now, per table (dry run)", response_model=RetentionPlan
)
def plan(ws: Workspace = Depends(get_workspace), user: User = Depends(owner)) -> Response:
    return json_answer(retention_plan(ws))


@router.post(
    "/apply",
    summary="Delete the rows past each table's retention, keeping monthly counts (owner only)",
    response_model=RetentionPlan,
)
def apply(ws: Workspace = Depends(get_workspace), user: User = Depends(owner)) -> Response:
    return json_answer(apply_retention(ws))
