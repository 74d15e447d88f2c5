"""Model cards: every saved model, what it predicts, its data window, validation and accuracy,
known limits, when it was last trained and the minimum data it needs."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path
from fastapi.responses import Response
from pydantic import BaseModel

from regulars.http.answers import json_answer
from regulars.http.auth import get_workspace, viewer
from regulars.http.parameters import NO_NUL
from regulars.results import plain
from regulars.services import modelcards
from regulars.services.accounts import User
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1", tags=["models"])


class AccuracyModel(BaseModel):
    method: str
    holdout_start: str | None
    holdout_end: str | None
    mean_absolute_error: float | None
    total_predicted: float | None
    total_actual: float | None
    chosen: bool
    text: str


class ModelCardModel(BaseModel):
    name: str
    kind: str
    model: str
    predicts: str
    data_from: str | None
    data_to: str | None
    customers: int | None
    method: str
    validation: AccuracyModel
    known_limits: list[str]
    last_trained: str | None
    minimum_data: str
    explanation: str


class ModelCardList(BaseModel):
    models: list[ModelCardModel]


@router.get("/models", summary="A card per saved model", response_model=ModelCardList)
def model_list(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer({"models": plain(modelcards.model_cards(ws))})


@router.get("/models/{name}", summary="One model's card", response_model=ModelCardModel)
def model(
    name: str = Path(min_length=1, max_length=64, pattern=NO_NUL),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(plain(modelcards.model_card(ws, name)))
