"""Lifetime value: distribution of CLV and P(alive), top and at-risk valuable customers, the model,
calibration plots. The page only reads the saved model; fitting is a form post (analyst)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from regulars.errors import InputError, NotFoundError
from regulars.http.auth import get_workspace
from regulars.services import clv
from regulars.services.accounts import Session
from regulars.services.customers import display_names
from regulars.services.workspace import Workspace
from regulars.views.clv import clv_context, listed_customers
from regulars.web.session import check_csrf, page_session, require_role
from regulars.web.templating import render

router = APIRouter()
NAV = ("Lifetime value", "/clv", 40)


@router.get("/clv")
def clv_page(
    request: Request,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    return _page(request, ws, session)


def _page(request: Request, ws: Workspace, session: Session, status_code: int = 200, **extra):
    shown = {"status_code": status_code, "session": session, "title": "Lifetime value", **extra}
    try:
        document = clv.load_model(ws)
    except NotFoundError as exc:
        return render(
            request,
            "pages/clv.html",
            document=None,
            message=f"{exc}, or use the form below.",
            **shown,
        )
    predictions = clv.predict_from_document(ws, document)
    names = display_names(ws, listed_customers(predictions))
    context = clv_context(document, predictions, clv.load_validation(ws), names)
    all_charts = {**context.pop("charts"), **context["validation_charts"]}
    return render(request, "pages/clv.html", charts=all_charts, **context, **shown)


@router.post("/clv/fit")
def fit(
    request: Request,
    csrf_token: Annotated[str, Form()] = "",
    model: Annotated[Literal["auto", "bgnbd", "pareto", "mbgnbd"], Form()] = "auto",
    time_unit: Annotated[Literal["day", "week"], Form()] = "week",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    check_csrf(session, csrf_token)
    require_role(session, "analyst")
    try:
        clv.fit_clv(ws, model, None, time_unit)
    except InputError as exc:  # e.g. too few customers: said beside the form, with the choices kept
        typed = {"model": model, "time_unit": time_unit, "error": exc.message}
        return _page(request, ws, session, 422, typed=typed)
    return RedirectResponse("/clv?fitted=1", status_code=303)
