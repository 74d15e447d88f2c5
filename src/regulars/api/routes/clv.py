"""Customer lifetime value: fit (analyst), saved model, predictions, validation."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel

from regulars.api import documents
from regulars.http.answers import json_answer
from regulars.http.auth import analyst, get_workspace, viewer
from regulars.http.parameters import CustomerId
from regulars.services import clv
from regulars.services.accounts import User
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1/clv", tags=["customer lifetime value"])

ModelKey = Literal["bgnbd", "pareto", "mbgnbd"]
TimeUnit = Literal["day", "week"]


class FitRequest(BaseModel):
    model: Literal["auto", "bgnbd", "pareto", "mbgnbd"] = "auto"  # auto: by a holdout check
    calibration_end: date | None = None
    time_unit: TimeUnit = "week"


class ValidateRequest(BaseModel):
    holdout_start: date
    holdout_end: date | None = None
    time_unit: TimeUnit = "week"


def _options(
    horizon: int = Query(12, ge=1, le=120, description="Months ahead"),
    discount_rate: float = Query(0.10, ge=0, le=1, description="Annual discount rate"),
    margin: float = Query(1.0, gt=0, le=1, description="Gross margin share of spend"),
    within_days: int = Query(30, ge=1, le=3650, description="Window for the probability of buying"),
) -> clv.PredictionOptions:
    return clv.PredictionOptions(horizon, discount_rate, margin, within_days)


@router.post("/fit", summary="Fit a model to the orders and save it (synchronous; shop-sized data)")
def fit(
    body: FitRequest, ws: Workspace = Depends(get_workspace), user: User = Depends(analyst)
) -> dict:
    document = clv.fit_clv(ws, body.model, body.calibration_end, body.time_unit)
    document.pop("path", None)
    return document


@router.get(
    "/model",
    summary="The saved models, newest first (parameters, standard errors, convergence)",
    response_model=documents.SavedModels,
)
def model(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer({"models": clv.saved_models(ws)})


@router.get(
    "/predictions",
    summary="Per-customer predictions with reasons, highest CLV first",
    response_model=clv.PredictionPage,
)
def predictions(
    model: ModelKey | None = None,
    as_of: date | None = None,
    limit: int = Query(100, ge=1, le=10000),
    offset: int = Query(0, ge=0),
    options: clv.PredictionOptions = Depends(_options),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(clv.predict_clv(ws, model, options, as_of=as_of).page(limit, offset))


@router.get(
    "/predictions/{customer_id}",
    summary="One customer's prediction and its reason",
    response_model=clv.PredictionPage,
)
def customer_predictions(
    customer_id: str = CustomerId,
    model: ModelKey | None = None,
    options: clv.PredictionOptions = Depends(_options),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(clv.predict_clv(ws, model, options, customer_id=customer_id).page())


@router.post(
    "/validate", summary="Compare the models on a holdout period and save the result (analyst)"
)
def validate(
    body: ValidateRequest, ws: Workspace = Depends(get_workspace), user: User = Depends(analyst)
) -> dict:
    document = clv.validate_clv(ws, body.holdout_start, body.holdout_end, body.time_unit)
    document.pop("path", None)
    return document


@router.get(
    "/validation",
    summary="The last saved holdout validation",
    response_model=documents.SavedValidation,
)
def validation(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer({"validation": clv.load_validation(ws)})
