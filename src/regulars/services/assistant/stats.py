"""Conversation analytics: containment (conversations the assistant finished without a
person), the handover rate, CSAT after chat (the share of chats rated 4 or 5 of 5), and the
questions it could not answer, most asked first, as a list to improve the FAQ from."""

from __future__ import annotations

from dataclasses import dataclass

from regulars.services.assistant.csat import Satisfaction, satisfaction
from regulars.services.workspace import Workspace
from regulars.store import assistant as chat


@dataclass(frozen=True)
class Unanswered:
    question: str
    times: int


@dataclass(frozen=True)
class ConversationStats:
    conversations: int
    handed_over: int
    containment_rate: float | None
    handover_rate: float | None
    answers_from_sources: int
    unanswered: tuple[Unanswered, ...]
    explanation: str
    ratings: int = 0
    csat: float | None = None  # share of rated chats rated 4 or 5 (of 5)
    average_rating: float | None = None
    rating_counts: tuple[int, ...] = (0, 0, 0, 0, 0)  # chats rated 1 .. 5


def conversation_stats(ws: Workspace, limit: int = 20) -> ConversationStats:
    c = chat.counts(ws.store)
    n, handed = c["conversations"], c["handed_over"]
    missing = tuple(Unanswered(q, k) for q, k in chat.unanswered(ws.store, limit))
    if not n:
        return ConversationStats(0, 0, None, None, 0, missing,
                                 "No conversations yet: no rates to show.")  # fmt: skip
    contained = (n - handed) / n
    s = satisfaction(ws)
    return ConversationStats(
        n, handed, contained, handed / n, c["answered"], missing,
        f"{n} conversations: {contained:.0%} finished by the assistant, {handed} handed over "
        f"to a person. {_said(s)}",
        s.ratings, s.csat, s.average, s.counts,
    )  # fmt: skip


def _said(s: Satisfaction) -> str:
    if not s.ratings:
        return "No customer has rated a chat yet: no CSAT to show."
    return (f"CSAT {s.csat:.0%}: {s.ratings} chats rated, average {s.average:.1f} of 5 "
            "(CSAT is the share rated 4 or 5).")  # fmt: skip
