"""Feedback: themes with their monthly trend and sentiment, emerging issues with quotes and the
orders behind them, drivers of unhappy customers; filtered by channel. The same service calls as
/api/v1/feedback."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from regulars.http.auth import get_workspace
from regulars.services import feedback
from regulars.services.accounts import Session
from regulars.services.workspace import Workspace
from regulars.views.kpis import sparkline
from regulars.web.session import page_session
from regulars.web.templating import render

router = APIRouter()
NAV = ("Feedback", "/feedback", 45)
SPARK_PERIODS = 12


def _sparks(trends: feedback.FeedbackTrends) -> dict[str, str]:
    return {t.name: sparkline([p.share for p in t.points[-SPARK_PERIODS:]]) for t in trends.themes}


@router.get("/feedback")
def feedback_page(
    request: Request,
    channel: str | None = Query(None, max_length=100),
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    channel = channel or None
    summary = feedback.feedback_summary(ws)
    return render(
        request,
        "pages/feedback.html",
        session=session,
        title="Feedback",
        summary=summary,
        channel=channel,
        themes=feedback.feedback_themes(ws, channel),
        sparks=_sparks(feedback.feedback_trends(ws, "month", channel)),
        alerts=feedback.feedback_alerts(ws),
        drivers=feedback.feedback_drivers(ws),
    )
