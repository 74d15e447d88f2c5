"""Lifetime value: distribution of CLV and P(alive), top and at-risk valuable customers, the model,
calibration plots. The page only reads the saved model; fitting is a form post (analyst)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from regulars.errors import NotFoundError
from regulars.http.auth import get_workspace
from regulars.services import clv
from regulars.services.accounts import Session
from regulars.services.workspace import Workspace
from regulars.views.clv import clv_context
from regulars.web.session import check_csrf, page_session, require_role
from regulars.web.templating import render

router = APIRouter()
NAV = ("Lifetime value", "/clv", 40)


@router.get("/clv")
def clv_page(request: Request, ws: Workspace = Depends(get_workspace), session: Session = Depends(page_session)):
    try:
        document = clv.load_model(ws)
    except NotFoundError as exc:
        return render(request, "pages/clv.html", session=session, title="Lifetime value", document=None,
                      message=f"{exc}, or use the form below.")
    context = clv_context(document, clv.predict_from_document(ws, document), clv.load_validation(ws))
    all_charts = {**context.pop("charts"), **context["validation_charts"]}
    return render(request, "pages/clv.html", session=session, title="Lifetime value", charts=all_charts,
                  **context)


@router.post("/clv/fit")
def fit(csrf_token: Annotated[str, Form()] = "", model: Annotated[Literal["bgnbd", "pareto", "mbgnbd"], Form()] = "bgnbd",
        time_unit: Annotated[Literal["day", "week"], Form()] = "week",
        ws: Workspace = Depends(get_workspace), session: Session = Depends(page_session)):
    check_csrf(session, csrf_token)
    require_role(session, "analyst")
    clv.fit_clv(ws, model, None, time_unit)
    return RedirectResponse("/clv?fitted=1", status_code=303)
