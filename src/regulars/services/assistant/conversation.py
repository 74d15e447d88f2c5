"""One turn of a conversation with the customer assistant: understand the message (intent and
slots), answer from the shop's FAQ, catalog and the verified customer's orders, or hand over to
a person (a ticket); the turn is stored with personal data masked.

The customer's words are only ever a query: they choose which passage is quoted, never what the
assistant may do, so text such as "ignore previous instructions" changes nothing."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from regulars.analytics.assistant.grounding import HANDOVER_INTENTS, Answer, close_match, compose
from regulars.analytics.assistant.intents import OUT_OF_SCOPE, IntentGuess
from regulars.analytics.assistant.slots import Slots, extract
from regulars.analytics.assistant.transcripts import mask
from regulars.errors import InputError, NotFoundError, ThrottledError
from regulars.services.assistant.knowledge import knowledge
from regulars.services.assistant.model import intent_model
from regulars.services.assistant.orders import order_turn
from regulars.services.assistant.phrasing import phrase
from regulars.services.assistant.suggestions import recommend
from regulars.services.workspace import Workspace
from regulars.store import assistant as chat

MAX_CHARS = 500  # one message
PER_MINUTE = 12  # customer messages per conversation
NEW_PER_MINUTE = 6  # new conversations per client
GREETING = ("Hello! I can answer questions about shipping, returns, opening hours and products, "
            "check your order once you give its number and email or postcode, or find you a "
            "person from the shop.")  # fmt: skip
FAQ_INTENTS = {"shipping", "returns", "hours_location", "subscription"}


@dataclass(frozen=True)
class Reply:
    conversation_id: str
    text: str
    intent: str
    confidence: float
    sources: tuple[str, ...]
    handover: bool
    verified: bool
    ticket_id: str | None
    seq: int
    explanation: str


def client_digest(client: str) -> str:
    return hashlib.sha256(f"regulars-chat:{client}".encode()).hexdigest()


def _checked(text: str) -> str:
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise InputError("message: say something (the message is empty)")
    if len(text) > MAX_CHARS:
        raise InputError(f"message: at most {MAX_CHARS} characters, not {len(text)}")
    return text


def _state(ws: Workspace, conversation_id: str | None, client: str, now: datetime) -> dict:
    if conversation_id:
        found = chat.conversation(ws.store, conversation_id)
        if found is None:
            raise NotFoundError(f"no conversation {conversation_id!r}: start a new one")
        return found
    if (
        chat.conversations_started_by(ws.store, client, now - timedelta(minutes=1))
        >= NEW_PER_MINUTE
    ):
        raise ThrottledError(f"at most {NEW_PER_MINUTE} new conversations a minute", 60)
    return {"conversation_id": uuid.uuid4().hex, "started_at": now, "client": client,
            "attempts": 0, "handed_over": False}  # fmt: skip


def _throttle(ws: Workspace, state: dict, now: datetime) -> None:
    recent = chat.recent_customer_messages(
        ws.store, state["conversation_id"], now - timedelta(minutes=1)
    )
    if recent >= PER_MINUTE:
        raise ThrottledError(f"at most {PER_MINUTE} messages a minute: wait a little", 60)


def _wants_order(state: dict, intent: str, fresh: Slots) -> bool:
    """Order status asked for, or details for it given while the assistant waits for them (a
    bare email reads as no intent at all)."""
    if intent == "order_status":
        return True
    gave = any((fresh.order_id, fresh.email, fresh.postcode))
    waiting = state.get("pending") == "verification" or fresh.order_id is not None
    return gave and waiting and intent != "human"


def _answer(ws: Workspace, state: dict, guess: IntentGuess, fresh: Slots, text: str, vector):
    """The answer, the slots remembered after it, and the state's changes."""
    intent = guess.intent
    slots = Slots(state.get("order_id"), state.get("email"), state.get("postcode"),
                  state.get("product_id")).merge(fresh)  # fmt: skip
    if _wants_order(state, intent, fresh):
        turn = order_turn(ws, state, slots, state["updated_at"])
        changes = {"customer_id": turn.customer_id, "attempts": turn.attempts,
                   "pending": turn.pending}  # fmt: skip
        return turn.answer, turn.slots, changes
    if intent == "greeting":
        return Answer(GREETING, (), False, guess.explanation), slots, {}
    if intent == "recommendation":
        return recommend(ws, state.get("customer_id"), slots), slots, {}
    if intent == OUT_OF_SCOPE:
        return _closest_faq(ws, guess, text, vector), slots, {}
    if intent in HANDOVER_INTENTS:
        return compose(intent, []), slots, {}
    kind = "faq" if intent in FAQ_INTENTS else ("product" if intent == "product" else None)
    passages = knowledge(ws).search(text, vector, kind)
    return compose(intent, passages), slots, {}


def _closest_faq(ws: Workspace, guess: IntentGuess, text: str, vector) -> Answer:
    """Out of scope for the intent model, unless an FAQ entry matches the words closely: then
    that entry is quoted, and the answer says why; else a person answers."""
    kn = knowledge(ws)
    hits = kn.hits(text, vector, "faq")
    if not hits or not close_match(hits[0].keyword_score, hits[0].cosine):
        return compose(OUT_OF_SCOPE, [])
    found = compose("faq", [kn.passages[hits[0].index]])
    why = (f"{guess.explanation} The FAQ entry matches closely (cosine {hits[0].cosine:.2f}, "
           f"keyword score {hits[0].keyword_score:.1f}), so it is quoted.")  # fmt: skip
    return Answer(found.text, found.sources, False, why)


def reply(ws: Workspace, conversation_id: str | None, text: str, client: str = "local",
          now: datetime | None = None) -> Reply:  # fmt: skip
    """The assistant's answer to ``text`` in the conversation (a new one when None)."""
    from regulars.analytics.feedback import embedding

    now = now or datetime.now(UTC)
    text = _checked(text)
    state = {**_state(ws, conversation_id, client_digest(client), now), "updated_at": now}
    _throttle(ws, state, now)
    vector = embedding.embed([text])[0]
    guess = intent_model(ws).guess(vector)
    fresh = extract(text, knowledge(ws).products)
    answer, slots, changes = _answer(ws, state, guess, fresh, text, vector)
    answer = phrase(ws, text, answer)  # the optional language model; off by default
    new = {**state, **slots.__dict__, **changes}
    ticket = None
    if answer.handover and not state["handed_over"]:
        ticket = _ticket(new, answer.explanation, text, now)
        new["handed_over"] = True
    seq = chat.last_seq(ws.store, new["conversation_id"]) + 2
    chat.save_turn(ws.store, new, _messages(new, guess, text, answer, seq, now), ticket)
    return Reply(new["conversation_id"], answer.text, guess.intent, guess.confidence,
                 answer.sources, answer.handover, bool(new.get("customer_id")),
                 ticket["ticket_id"] if ticket else None, seq,
                 answer.explanation)  # fmt: skip


def _messages(state: dict, guess, text: str, answer: Answer, seq: int, now) -> list[dict]:
    """The customer's words masked; the answer as said (templates and the shop's own texts)."""
    base = {"conversation_id": state["conversation_id"], "customer_id": state.get("customer_id")}
    asked = {**base, "message_id": uuid.uuid4().hex, "seq": seq - 1, "role": "customer",
             "text": mask(text), "intent": guess.intent, "confidence": guess.confidence,
             "created_at": now}  # fmt: skip
    said = {**base, "message_id": uuid.uuid4().hex, "seq": seq, "role": "assistant",
            "text": answer.text, "answered": bool(answer.sources),
            "sources": json.dumps(list(answer.sources)), "created_at": now}  # fmt: skip
    return [asked, said]


def _ticket(state: dict, reason: str, text: str, now: datetime) -> dict:
    return {"ticket_id": uuid.uuid4().hex[:12], "conversation_id": state["conversation_id"],
            "reason": reason, "question": mask(text), "status": "open", "created_at": now,
            "customer_id": state.get("customer_id"), "email": state.get("email")}  # fmt: skip
