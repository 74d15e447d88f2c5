"""Models: a card per saved model (what it predicts, data window, accuracy, limits, last trained,
minimum data). The same service call as /api/v1/models."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from regulars.http.auth import get_workspace
from regulars.services.accounts import Session
from regulars.services.modelcards import model_cards
from regulars.services.workspace import Workspace
from regulars.web.session import page_session
from regulars.web.templating import render

router = APIRouter()
NAV = ("Models", "/models", 80)


@router.get("/models")
def models_page(
    request: Request,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    from regulars.views.modelwatch import watch_context

    return render(
        request,
        "pages/models.html",
        session=session,
        title="Models",
        cards=model_cards(ws),
        **watch_context(ws),
    )
