"""Customer satisfaction after a chat: the widget asks "How helpful was this chat?" (1 to 5) once
the assistant has answered; the customer's latest rating of the conversation counts. CSAT is the
usual share of satisfied ratings (4 or 5) among all ratings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from regulars.errors import InputError, NotFoundError
from regulars.services.workspace import Workspace
from regulars.store import assistant as chat

SCALE = (1, 2, 3, 4, 5)
SATISFIED = 4  # this rating or above


@dataclass(frozen=True)
class Rating:
    conversation_id: str
    csat: int
    rated_at: datetime


def rate_conversation(ws: Workspace, conversation_id: str, csat: int,
                      now: datetime | None = None) -> Rating:  # fmt: skip
    if isinstance(csat, bool) or not isinstance(csat, int) or csat not in SCALE:
        raise InputError(f"rating: a whole number from 1 to 5, not {csat!r}")
    now = now or datetime.now(UTC)
    if not chat.rate(ws.store, conversation_id, csat, now):
        raise NotFoundError(f"no conversation {conversation_id!r}")
    return Rating(conversation_id, csat, now)


@dataclass(frozen=True)
class Satisfaction:
    ratings: int
    csat: float | None  # share of 4 and 5
    average: float | None
    counts: tuple[int, ...]  # chats rated 1, 2, 3, 4, 5


def satisfaction(ws: Workspace) -> Satisfaction:
    found = chat.ratings(ws.store)
    counts = tuple(found.get(k, 0) for k in SCALE)
    n = sum(counts)
    if not n:
        return Satisfaction(0, None, None, counts)
    happy = sum(c for k, c in zip(SCALE, counts, strict=True) if k >= SATISFIED)
    mean = sum(k * c for k, c in zip(SCALE, counts, strict=True)) / n
    return Satisfaction(n, happy / n, mean, counts)
