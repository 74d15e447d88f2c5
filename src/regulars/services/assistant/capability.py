"""What the customer assistant adds to the shared views: a highlight (containment and the
questions it could not answer), for an access request the customer's own transcripts, and the
customers' chat messages as texts of the voice-of-the-customer analysis."""

from __future__ import annotations

from regulars.services.capabilities import Capability
from regulars.services.workspace import Workspace


def _highlights(ws: Workspace) -> list[str]:
    from regulars.services.assistant.stats import conversation_stats

    s = conversation_stats(ws)
    return [f"Customer assistant: {s.explanation}"] if s.conversations else []


def _prepare(ws: Workspace) -> None:
    from regulars.services.assistant.demo import plant_demo_conversations

    plant_demo_conversations(ws)


def _access(ws: Workspace, customer_id: str) -> dict[str, object]:
    from regulars.store import assistant as chat

    rows = chat.customer_messages(ws.store, customer_id)
    keep = ("conversation_id", "seq", "role", "text", "created_at")
    return {"chat_transcripts": [{k: r[k] for k in keep} for r in rows]}


def _feedback_texts(ws: Workspace) -> list[dict]:
    from regulars.services.assistant.voice import chat_feedback_texts

    return chat_feedback_texts(ws)


def _feedback_marks(ws: Workspace) -> int:
    from regulars.store import assistant as chat

    return chat.customer_message_count(ws.store)


CAPABILITY = Capability("assistant", "Customer assistant", 95, highlights=_highlights,
                        prepare=_prepare, access=_access,
                        feedback_texts=_feedback_texts,
                        feedback_marks=_feedback_marks)  # fmt: skip
