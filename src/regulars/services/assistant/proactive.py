"""Proactive messages from the assistant, each a proposal for the owner's approval (nothing is
sent before): replenishment reminders (a product a customer buys again and again, now due by
their own rhythm) and win-back notes (valuable repeat customers silent for twice their usual
gap). Only customers whose latest marketing consent is a grant are named; the consent is checked
again when the approved emails are sent (``services.actions``). Rules, in words, not a model."""

from __future__ import annotations

import ibis

from regulars.errors import InputError, NotFoundError
from regulars.services import outbound
from regulars.services.consent import with_consent
from regulars.services.instants import epoch
from regulars.services.sales import sales_orders
from regulars.services.workspace import Workspace

KINDS = ("replenishment", "winback", "back_in_stock", "review_request", "replies")
DAY = 86_400.0
WINBACK_MIN_DAYS = 60


def _purchases(ws: Workspace):
    """(customer, product) pairs bought on two or more days: their count, first and last day."""
    o = sales_orders(ws)
    o = o.filter(o.customer_id.notnull()).select("order_id", "customer_id",
                                                  day=epoch(o.ordered_at) / DAY)  # fmt: skip
    items = ws.store.table("order_items")
    lines = items.filter(items.product_id.notnull()).inner_join(o, "order_id")
    return lines.group_by(["customer_id", "product_id", "product_name"]).aggregate(
        times=lines.day.nunique(), first=lines.day.min(), last=lines.day.max()
    )


def _today(ws: Workspace) -> float:
    o = sales_orders(ws)
    found = ws.store.to_arrow((epoch(o.ordered_at) / DAY).max().name("d").as_table())
    value = found.column(0)[0].as_py()
    if value is None:
        raise NotFoundError("no orders yet: nothing to remind anyone of")
    return float(value)


def replenishment_rows(ws: Workspace, today: float) -> list[dict]:
    """Customers due for a product they rebuy: at least three purchases, and now as long since
    the last one as their average gap (but not three times it: then they have moved on)."""
    p = _purchases(ws)
    p = p.filter(p.times >= 3).mutate(gap=(p.last - p.first) / (p.times - 1))
    due = p.filter((today - p.last >= p.gap) & (today - p.last < 3 * p.gap) & (p.gap >= 7))
    due = with_consent(ws, due, "marketing")
    due = due.order_by(["customer_id", ibis.desc("times"), "product_id"])
    rows = ws.store.to_arrow(due).to_pylist()
    first = {}
    for r in rows:  # one reminder per customer: their most regular product
        first.setdefault(r["customer_id"], r)
    return list(first.values())


def winback_rows(ws: Workspace, today: float) -> list[dict]:
    """Repeat customers in the top quarter by spend, silent for twice their usual gap and at
    least 60 days."""
    o = sales_orders(ws).filter(lambda t: t.customer_id.notnull())
    o = o.mutate(day=epoch(o.ordered_at) / DAY)
    c = o.group_by("customer_id").aggregate(n=o.count(), spent=o.total_cents.sum(),
                                            first=o.day.min(), last=o.day.max())  # fmt: skip
    c = c.filter(c.n >= 2).mutate(gap=(c.last - c.first) / (c.n - 1))
    top = ws.store.to_arrow(c.spent.quantile(0.75).name("q").as_table()).column(0)[0].as_py()
    if top is None:
        return []
    silent = today - c.last
    at_risk = c.filter((c.spent >= top) & (silent >= 2 * c.gap) & (silent >= WINBACK_MIN_DAYS))
    at_risk = with_consent(ws, at_risk, "marketing").order_by("customer_id")
    return ws.store.to_arrow(at_risk).to_pylist()


def _messages(kind: str, rows: list[dict]) -> list[dict]:
    if kind == "replenishment":
        return [{"customer_id": r["customer_id"],
                 "subject": f"Time for more {r['product_name'] or 'of your favourite'}?",
                 "body": f"You usually reorder {r['product_name']} about every "
                         f"{r['gap']:.0f} days; it has been {r['since']:.0f}. Reply to this "
                         "email or visit the shop to reorder."} for r in rows]  # fmt: skip
    return [{"customer_id": r["customer_id"], "subject": "We miss you",
             "body": "It has been a while since your last order; we would love to see you "
                     "again. Reply to this email and we will help you find something."}
            for r in rows]  # fmt: skip


def _rules() -> dict:
    """kind -> (the rows due, their messages): the rules here and in ``outreach``."""
    from regulars.services.assistant import outreach as o

    return {"replenishment": (replenishment_rows, lambda rows: _messages("replenishment", rows)),
            "winback": (winback_rows, lambda rows: _messages("winback", rows)),
            "back_in_stock": (o.back_in_stock_rows, o.back_in_stock_messages),
            "review_request": (o.review_request_rows, o.review_request_messages)}  # fmt: skip


def propose_proactive(ws: Workspace, kind: str, proposed_by: str = "assistant"):
    """The ``kind`` messages as one proposal (pending the owner's approval); ``replies``: the
    suggested replies to negative reviews and tickets (``replies``)."""
    if kind not in KINDS:
        raise InputError(f"kind: one of {', '.join(KINDS)}, not {kind!r}")
    if kind == "replies":
        from regulars.services.assistant.replies import propose_replies

        return propose_replies(ws, proposed_by)
    today = _today(ws)
    due, say = _rules()[kind]
    rows = due(ws, today)
    for r in rows:
        r["since"] = today - r.get("last", today)
    if not rows:
        raise NotFoundError(f"no customer with marketing consent is due a {kind} message")
    reason = " ".join(due.__doc__.split())
    return outbound.propose_emails(ws, "assistant_message", say(rows), proposed_by, reason,
                                   proposer_kind="model")  # fmt: skip
