"""The demo's conversations: a few visitors ask the planted questions and two the FAQ cannot
answer, so the inbox, the report and the highlights show the assistant at work."""

from __future__ import annotations

from regulars.demo.assistant import PLANTED, UNANSWERED
from regulars.services.assistant.conversation import reply
from regulars.services.workspace import Workspace


def plant_demo_conversations(ws: Workspace) -> None:
    """Each question a new conversation from its own visitor (none without the packaged model)."""
    from regulars.analytics.feedback import embedding
    from regulars.store import assistant as chat

    if not embedding.available() or chat.counts(ws.store)["conversations"]:
        return
    questions = [q for q, _ in PLANTED] + list(UNANSWERED)
    for i, question in enumerate(questions):
        reply(ws, None, question, client=f"demo-visitor-{i}")
