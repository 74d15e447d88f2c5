"""Order status in the chat, only after verification: the order number plus that order's email
or postcode. Failed checks count per client across its conversations (a new conversation buys no
new attempts); a verified customer sees their own orders and no one else's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from regulars.analytics.assistant.grounding import Answer, handover
from regulars.analytics.assistant.slots import Slots
from regulars.analytics.assistant.verification import verify
from regulars.services.workspace import Workspace
from regulars.store import assistant as chat
from regulars.units import money

ATTEMPT_WINDOW = timedelta(hours=1)
ASK_NUMBER = "Happy to check your order: what is its order number, and the email or postcode on it?"
ASK_CONTACT = "Thanks. To keep your order private, what is the email or postcode on that order?"


@dataclass(frozen=True)
class OrderTurn:
    answer: Answer
    slots: Slots
    customer_id: str | None
    attempts: int
    pending: str | None


def _order_row(store, order_id: str):
    """One order (its number matched case-insensitively) with its customer's email and the
    postcode it shipped to (else the customer's)."""
    o, c = store.table("orders"), store.table("customers")
    joined = o.left_join(c, o.customer_id == c.customer_id)
    return joined.filter(o.order_id.upper() == order_id).select(
        order_id=o.order_id, customer_id=o.customer_id, ordered_at=o.ordered_at,
        status=o.status, total_cents=o.total_cents, currency=o.currency,
        cancelled_at=o.cancelled_at, email=c.email,
        postcode=o.shipping_postal_code.fill_null(c.postal_code),
    ).limit(1)  # fmt: skip


def _order(ws: Workspace, order_id: str) -> dict | None:
    rows = ws.store.lookup(_order_row, order_id.upper()).to_pylist()  # compiled once
    return rows[0] if rows else None


def status_text(order: dict) -> str:
    when = order["ordered_at"].date().isoformat()
    status = (order["status"] or "recorded").replace("_", " ")
    said = f"Order {order['order_id']} was placed on {when} and is {status}"
    if order["cancelled_at"] is not None:
        said += f" (cancelled on {order['cancelled_at'].date().isoformat()})"
    return f"{said}; total {money(order['total_cents'], order['currency'])}. (source: your order)"


def order_turn(ws: Workspace, state: dict, slots: Slots, now: datetime) -> OrderTurn:
    attempts, mine = int(state["attempts"]), state.get("customer_id")
    if not slots.order_id:
        return OrderTurn(_ask(ASK_NUMBER), slots, mine, attempts, "verification")
    order = _order(ws, slots.order_id)
    if mine and order is not None and order["customer_id"] == mine:  # verified before
        return OrderTurn(_told(order), slots, mine, attempts, None)
    if not (slots.email or slots.postcode):
        return OrderTurn(_ask(ASK_CONTACT), slots, mine, attempts, "verification")
    used = chat.failed_attempts_from(ws.store, state["client"], now - ATTEMPT_WINDOW)
    used = max(used, attempts)
    check = verify(order, slots.email, slots.postcode, used)
    if check.verified:
        return OrderTurn(_told(order), slots, order["customer_id"], attempts, None)
    forget = Slots(order_id=slots.order_id, product_id=slots.product_id)  # ask afresh
    if check.attempts_left <= 0:
        return OrderTurn(handover(check.explanation), forget, mine, attempts + 1, None)
    return OrderTurn(_ask(check.explanation + " Please check them and try again."), forget,
                     mine, attempts + 1, "verification")  # fmt: skip


def _ask(text: str) -> Answer:
    return Answer(text, (), False, "Waiting for the order number and its email or postcode.")


def _told(order: dict) -> Answer:
    return Answer(status_text(order), ("your order",), False,
                  "Verified: the order number and its email or postcode match.")  # fmt: skip
