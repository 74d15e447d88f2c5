"""Conversation analytics: containment (conversations the assistant finished without a
person), the handover rate, and the questions it could not answer, most asked first, as a list
to improve the FAQ from."""

from __future__ import annotations

from dataclasses import dataclass

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


def conversation_stats(ws: Workspace, limit: int = 20) -> ConversationStats:
    c = chat.counts(ws.store)
    n, handed = c["conversations"], c["handed_over"]
    missing = tuple(Unanswered(q, k) for q, k in chat.unanswered(ws.store, limit))
    if not n:
        return ConversationStats(0, 0, None, None, 0, missing,
                                 "No conversations yet: no rates to show.")  # fmt: skip
    contained = (n - handed) / n
    return ConversationStats(
        n, handed, contained, handed / n, c["answered"], missing,
        f"{n} conversations: {contained:.0%} finished by the assistant, {handed} handed over "
        "to a person.",
    )  # fmt: skip
