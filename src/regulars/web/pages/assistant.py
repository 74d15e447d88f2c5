"""The customer assistant's inbox: handovers waiting for a person, each with its masked
transcript and an answer form (the answer reaches the customer in their chat), the conversation
analytics (containment, handovers, the questions it could not answer), and the line that puts
the widget on the shop's site. The same service calls as /api/v1/assistant."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from regulars.http.auth import get_workspace
from regulars.services import assistant
from regulars.services.accounts import Session
from regulars.services.assistant.widget import snippet
from regulars.services.workspace import Workspace
from regulars.web.session import check_csrf, page_session, require_role
from regulars.web.templating import render

router = APIRouter()
NAV = ("Assistant", "/assistant", 88)


def NAV_COUNT(ws: Workspace) -> int:  # noqa: N802 (read by web.templating like NAV)
    return len(assistant.tickets(ws, "open"))


@router.get("/assistant")
def assistant_page(
    request: Request,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    line = snippet(ws, str(request.base_url)) if session.user.can("analyst") else None
    return render(
        request,
        "pages/assistant.html",
        session=session,
        title="Customer assistant",
        open_tickets=assistant.tickets(ws, "open"),
        answered=assistant.tickets(ws, "answered")[-20:],
        stats=assistant.conversation_stats(ws),
        snippet=line,
    )


@router.post("/assistant/tickets/{ticket_id}/answer")
def answer(
    ticket_id: str,
    csrf_token: Annotated[str, Form()] = "",
    text: Annotated[str, Form(max_length=4000)] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
) -> Response:
    check_csrf(session, csrf_token)
    require_role(session, "analyst")
    assistant.answer_ticket(ws, ticket_id, text, session.user.username)
    return RedirectResponse("/assistant#answered", status_code=303)
