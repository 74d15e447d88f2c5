"""Model watch: the validated lifetime-value model's predicted purchases per month against the
actual ones, and the drift of its inputs (``services.modelwatch``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import BaseModel

from regulars.http.answers import json_answer
from regulars.http.auth import get_workspace, viewer
from regulars.results import plain
from regulars.services.accounts import User
from regulars.services.modelwatch import clv_watch
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1", tags=["models"])


class MonthlyComparisonModel(BaseModel):
    months: list[str]
    predicted: list[float]
    actual: list[float]
    mape: float | None


class FeatureDriftModel(BaseModel):
    feature: str
    psi: float
    reading: str


class ModelWatchModel(BaseModel):
    comparison: MonthlyComparisonModel
    drift: list[FeatureDriftModel]
    alert: bool
    explanation: str


@router.get(
    "/models/clv/watch",
    summary="The CLV model predicted against what happened, and its inputs' drift",
    response_model=ModelWatchModel,
)
def model_watch(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(plain(clv_watch(ws)))
