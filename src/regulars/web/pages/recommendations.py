"""Recommendations: the chosen model per placement, the backtest table against popularity,
example customers with their recommendations and reasons; fitting is a form post (analyst)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from regulars.errors import RegularsError
from regulars.http.auth import get_workspace
from regulars.services import recommendations as recs
from regulars.services.accounts import Session
from regulars.services.workspace import Workspace
from regulars.web.session import check_csrf, page_session, require_role
from regulars.web.templating import render

router = APIRouter()
NAV = ("Recommendations", "/recommendations", 75)


@router.get("/recommendations")
def recommendations_page(
    request: Request,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    return _page(request, ws, session)


def _page(request: Request, ws: Workspace, session: Session, status_code: int = 200, **extra):
    view = recs.recommendations_overview(ws)
    return render(request, "pages/recommendations.html", view=view, session=session,
                  title="Recommendations", status_code=status_code, **extra)  # fmt: skip


@router.post("/recommendations/fit")
def fit(
    request: Request,
    csrf_token: Annotated[str, Form()] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    check_csrf(session, csrf_token)
    require_role(session, "analyst")
    try:
        recs.fit_recommendations(ws)
    except RegularsError as exc:  # no sales yet: said beside the form
        return _page(request, ws, session, 422, error=str(exc))
    return RedirectResponse("/recommendations?fitted=1", status_code=303)
