"""Voice of the customer: summary, themes, one theme, trends, emerging issues, drivers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from fastapi import APIRouter, Depends, Query, Response

from regulars.http.answers import json_answer
from regulars.http.auth import get_workspace, viewer
from regulars.services import feedback
from regulars.services.accounts import User
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1/feedback", tags=["voice of the customer"])

Period = Literal["month", "week"]


@dataclass(frozen=True)
class ThemeList:
    themes: tuple[feedback.ThemeRow, ...]


@router.get("/summary", summary="Texts, sentiment and its path, top themes",
            response_model=feedback.FeedbackSummary)  # fmt: skip
def summary(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(feedback.feedback_summary(ws))


@router.get("/themes", summary="Every theme with mentions, sentiment and quotes",
            response_model=ThemeList)  # fmt: skip
def themes(
    channel: str | None = Query(None, max_length=100),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(ThemeList(feedback.feedback_themes(ws, channel)))


@router.get("/themes/{name}", summary="One theme: quotes, channels, trend",
            response_model=feedback.ThemeDetail)  # fmt: skip
def theme(
    name: str,
    period: Period = "month",
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(feedback.feedback_theme(ws, name, period))


@router.get("/trends", summary="Share and sentiment of each theme per period",
            response_model=feedback.FeedbackTrends)  # fmt: skip
def trends(
    period: Period = "month",
    channel: str | None = Query(None, max_length=100),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(feedback.feedback_trends(ws, period, channel))


@router.get("/alerts", summary="Emerging issues with quotes and affected orders",
            response_model=feedback.FeedbackAlerts)  # fmt: skip
def alerts(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(feedback.feedback_alerts(ws))


@router.get("/drivers", summary="Themes that go with unhappy customers, with intervals",
            response_model=feedback.FeedbackDrivers)  # fmt: skip
def drivers(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(feedback.feedback_drivers(ws))
