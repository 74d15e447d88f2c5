"""The customer assistant's API: ``/api/v1/chat`` for the widget on the shop's site (the shop's
widget key, no account; answered to any origin, as the widget runs on the shop's pages), and
``/api/v1/assistant/...`` for staff (the inbox, the stats, the widget's snippet)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from pydantic import BaseModel, Field

from regulars.api.routes.proposals import ProposalModel
from regulars.errors import RegularsError
from regulars.http.answers import json_answer
from regulars.http.auth import analyst, get_workspace, viewer
from regulars.http.parameters import NO_NUL
from regulars.http.problems import regulars_error_response
from regulars.services import assistant
from regulars.services.accounts import User
from regulars.services.assistant.proactive import KINDS, propose_proactive
from regulars.services.assistant.widget import check_widget_key, snippet, widget_key
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1", tags=["customer assistant"])
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Content-Type, X-Widget-Key",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Max-Age": "600",
}
ConversationId = Path(min_length=8, max_length=64, pattern=r"^[0-9a-f]+$")


class ChatIn(BaseModel):
    conversation_id: str | None = Field(None, min_length=8, max_length=64, pattern=r"^[0-9a-f]+$")
    message: str = Field(max_length=4000, pattern=NO_NUL, description="At most 500 are read.")


class RatingIn(BaseModel):
    csat: int = Field(ge=1, le=5, description="How helpful the chat was, 1 (poor) to 5 (great).")


class AnswerIn(BaseModel):
    answer: str = Field(min_length=1, max_length=4000, pattern=NO_NUL)


@dataclass(frozen=True)
class Transcript:
    conversation_id: str
    messages: tuple[assistant.ChatMessage, ...]


@dataclass(frozen=True)
class TicketList:
    tickets: tuple[assistant.Ticket, ...]


@dataclass(frozen=True)
class Widget:
    key: str
    snippet: str


def widget_caller(
    ws: Workspace = Depends(get_workspace),
    key: str | None = Header(None, alias="X-Widget-Key"),
) -> Workspace:
    check_widget_key(ws, key)
    return ws


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _open(answer: Response) -> Response:
    answer.headers.update(CORS)
    return answer


@router.post("/chat", summary="One message to the customer assistant, and its answer",
             response_model=assistant.Reply)  # fmt: skip
def chat(body: ChatIn, request: Request, ws: Workspace = Depends(widget_caller)) -> Response:
    try:
        said = assistant.reply(ws, body.conversation_id, body.message, _client(request))
    except RegularsError as exc:
        return _open(regulars_error_response(exc))
    return _open(json_answer(said))


@router.get("/chat/{conversation_id}", summary="A conversation's messages after a position",
            response_model=Transcript)  # fmt: skip
def chat_messages(
    conversation_id: str = ConversationId,
    after: int = Query(0, ge=0, le=1_000_000),
    ws: Workspace = Depends(widget_caller),
) -> Response:
    try:
        found = assistant.transcript(ws, conversation_id, after)
    except RegularsError as exc:
        return _open(regulars_error_response(exc))
    return _open(json_answer(Transcript(conversation_id, found)))


@router.post("/chat/{conversation_id}/rating", summary="The customer's rating of their chat (CSAT)",
             response_model=assistant.Rating)  # fmt: skip
def chat_rating(
    body: RatingIn, conversation_id: str = ConversationId, ws: Workspace = Depends(widget_caller)
) -> Response:
    try:
        done = assistant.rate_conversation(ws, conversation_id, body.csat)
    except RegularsError as exc:
        return _open(regulars_error_response(exc))
    return _open(json_answer(done))


@router.options("/chat", include_in_schema=False)
@router.options("/chat/{conversation_id}", include_in_schema=False)
@router.options("/chat/{conversation_id}/rating", include_in_schema=False)
def chat_preflight() -> Response:
    return Response(status_code=204, headers=CORS)


@router.get("/assistant/tickets", summary="Handovers waiting for a person (or answered ones)",
            response_model=TicketList)  # fmt: skip
def ticket_list(
    status: str = Query("open", max_length=20, pattern=NO_NUL),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(TicketList(assistant.tickets(ws, status)))


@router.post("/assistant/tickets/{ticket_id}/answer", summary="Answer a handover in its chat",
             response_model=assistant.Ticket)  # fmt: skip
def ticket_answer(
    body: AnswerIn,
    ticket_id: str = Path(min_length=1, max_length=64, pattern=NO_NUL),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(analyst),
) -> Response:
    return json_answer(assistant.answer_ticket(ws, ticket_id, body.answer, user.username))


@router.get("/assistant/stats", summary="Containment, handovers, unanswered questions",
            response_model=assistant.ConversationStats)  # fmt: skip
def stats(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(assistant.conversation_stats(ws))


@router.post("/assistant/proposals/{kind}", status_code=201,
             summary="Queue proactive messages or suggested replies for the owner's approval",
             response_model=ProposalModel)  # fmt: skip
def propose(
    kind: str = Path(max_length=40, pattern=r"^[a-z_]+$", description=", ".join(KINDS)),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(analyst),
) -> Response:
    return json_answer(propose_proactive(ws, kind, user.username).to_dict(), status_code=201)


@router.get("/assistant/widget", summary="The widget's key and the line to put on the shop's site",
            response_model=Widget)  # fmt: skip
def widget(request: Request, ws: Workspace = Depends(get_workspace),
           user: User = Depends(analyst)) -> Response:  # fmt: skip
    return json_answer(Widget(widget_key(ws), snippet(ws, str(request.base_url))))
