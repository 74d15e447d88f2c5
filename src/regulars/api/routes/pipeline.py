"""The sales pipeline: funnel, win rates, stalled deals, stage probabilities, pipeline forecast."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from regulars.http.answers import json_answer
from regulars.http.auth import get_workspace, viewer
from regulars.services import pipeline
from regulars.services.accounts import User
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1/pipeline", tags=["pipeline"])


@router.get("", summary="Funnel, win rates, stalled deals, stage probabilities and forecast",
            response_model=pipeline.PipelineReport)  # fmt: skip
def report(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(pipeline.pipeline_report(ws))
