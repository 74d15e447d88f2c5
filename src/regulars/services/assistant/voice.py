"""The customers' own words in the chat as a source of the voice-of-the-customer analysis: each
customer message (masked as stored) that says something, kind ``chat`` and channel ``chat``,
with the conversation's customer, order and CSAT. Greetings and thanks, and messages of fewer
than three words (an order number, an email, "yes"), say nothing about the shop and are left
out."""

from __future__ import annotations

import re

from regulars.services.workspace import Workspace
from regulars.store import assistant as chat

SAYS_NOTHING = frozenset({"greeting"})
MIN_WORDS = 3
_WORD = re.compile(r"[^\W\d_]{2,}")  # letters only: a masked [email] counts once


def says_something(text: str, intent: str | None) -> bool:
    return intent not in SAYS_NOTHING and len(_WORD.findall(text or "")) >= MIN_WORDS


def chat_feedback_texts(ws: Workspace) -> list[dict]:
    """The corpus rows of ``services.feedback.texts`` for the chat."""
    return [
        {"feedback_id": f"chat:{r['message_id']}", "kind": "chat", "channel": "chat",
         "customer_id": r["customer_id"], "order_id": r["order_id"],
         "created_at": r["created_at"], "csat": r["csat"], "text": r["text"]}
        for r in chat.customer_texts(ws.store) if says_something(r["text"], r["intent"])
    ]  # fmt: skip
