"""The staff's inbox: the tickets of handovers, each with its transcript, answered from the
dashboard; the answer reaches the customer in their chat (and the ticket keeps their email, when
they gave one, to answer there if they left)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from regulars.errors import InputError, NotFoundError
from regulars.services.workspace import Workspace
from regulars.store import assistant as chat


@dataclass(frozen=True)
class ChatMessage:
    seq: int
    role: str
    text: str
    created_at: datetime


@dataclass(frozen=True)
class Ticket:
    ticket_id: str
    conversation_id: str
    status: str
    reason: str
    question: str
    created_at: datetime
    email: str | None
    answer: str | None
    answered_by: str | None
    transcript: tuple[ChatMessage, ...]


def transcript(ws: Workspace, conversation_id: str, after: int = 0) -> tuple[ChatMessage, ...]:
    """The conversation's messages after ``after`` (the chat asks for what it has not shown)."""
    if chat.conversation(ws.store, conversation_id) is None:
        raise NotFoundError(f"no conversation {conversation_id!r}")
    return tuple(
        ChatMessage(m["seq"], m["role"], m["text"], m["created_at"])
        for m in chat.messages(ws.store, conversation_id, after)
    )


def _ticket(ws: Workspace, row: dict) -> Ticket:
    keep = {k: row[k] for k in ("ticket_id", "conversation_id", "status", "reason", "question",
                                "created_at", "email", "answer", "answered_by")}  # fmt: skip
    return Ticket(**keep, transcript=transcript(ws, row["conversation_id"]))


def tickets(ws: Workspace, status: str | None = "open") -> tuple[Ticket, ...]:
    if status not in (None, "open", "answered"):
        raise InputError(f"status: open or answered, not {status!r}")
    return tuple(_ticket(ws, row) for row in chat.tickets(ws.store, status))


def answer_ticket(ws: Workspace, ticket_id: str, answer: str, by: str) -> Ticket:
    answer = (answer or "").strip()
    if not answer:
        raise InputError("answer: write the answer (it is empty)")
    row = chat.ticket(ws.store, ticket_id)
    if row is None:
        raise NotFoundError(f"no ticket {ticket_id!r}")
    now = datetime.now(UTC)
    message = {"message_id": uuid.uuid4().hex, "conversation_id": row["conversation_id"],
               "seq": chat.last_seq(ws.store, row["conversation_id"]) + 1, "role": "staff",
               "text": answer, "customer_id": row["customer_id"], "created_at": now}  # fmt: skip
    if not chat.answer_ticket(ws.store, row, answer, by, now, message):
        raise InputError(f"ticket {ticket_id} was answered already")
    return _ticket(ws, chat.ticket(ws.store, ticket_id))
