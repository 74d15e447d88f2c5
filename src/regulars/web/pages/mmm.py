"""Marketing mix page: response curves, contributions over time and the budget split
(``views.mmm``, the same as the report's section)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from regulars.http.auth import get_workspace
from regulars.services.accounts import Session
from regulars.services.workspace import Workspace
from regulars.views.mmm import mmm_context
from regulars.web.session import page_session
from regulars.web.templating import render

router = APIRouter()
NAV = ("Marketing mix", "/mmm", 45)


@router.get("/mmm")
def mmm_page(request: Request, ws: Workspace = Depends(get_workspace),
             session: Session = Depends(page_session)):  # fmt: skip
    context = mmm_context(ws)
    return render(
        request, "pages/mmm.html", session=session, title="Marketing mix", **context
    )  # fmt: skip  (before a fit: the page says how to make one)
