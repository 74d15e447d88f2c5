"""More proactive messages, each a proposal for the owner's approval (nothing is sent before),
for customers whose latest marketing consent is a grant only (checked again when they are sent):

- **back in stock**: the chat told a verified customer a product was out of stock (its catalog
  answer names the product and says so), the product is in stock now, and they have not bought
  it since;
- **review request**: an order paid 7 to 30 days ago (delivered by then: no delivery date is
  imported), not cancelled, from a customer who has left no review since it.

Rules, in words, not a model."""

from __future__ import annotations

import ibis
import pyarrow as pa

from regulars.services.consent import with_consent
from regulars.services.instants import epoch
from regulars.services.sales import sales_orders
from regulars.services.workspace import Workspace
from regulars.store import assistant as chat

DAY = 86_400.0
REVIEW_AFTER_DAYS, REVIEW_UNTIL_DAYS = 7, 30


def back_in_stock_rows(ws: Workspace, today: float) -> list[dict]:
    """Customers told a product was out of stock, now that it is in stock again."""
    asked = chat.asked_out_of_stock(ws.store)
    if not asked:
        return []
    t = ibis.memtable(
        pa.table(
            {
                "customer_id": [a["customer_id"] for a in asked],
                "product_id": [a["product_id"] for a in asked],
                "asked": [a["asked_at"].timestamp() / DAY for a in asked],
            }
        )
    )
    p = ws.store.table("products")
    p = p.filter(p.stock > 0).select("product_id", product_name=p.name, stock=p.stock)
    due = t.inner_join(p, "product_id")
    items, o = ws.store.table("order_items"), ws.store.table("orders")
    bought = items.inner_join(o, "order_id").select(
        "customer_id", "product_id", day=epoch(o.ordered_at) / DAY
    )
    since = due.left_join(bought, [due.customer_id == bought.customer_id,
                                   due.product_id == bought.product_id,
                                   bought.day >= due.asked])  # fmt: skip
    due = since.filter(since.day.isnull()).select("customer_id", "product_id", "product_name")
    due = with_consent(ws, due.distinct(), "marketing").order_by(["customer_id", "product_id"])
    return ws.store.to_arrow(due).to_pylist()


def review_request_rows(ws: Workspace, today: float) -> list[dict]:
    """Each customer's latest order paid 7 to 30 days ago with no review from them since."""
    o = sales_orders(ws).filter(lambda t: t.customer_id.notnull() & t.cancelled_at.isnull())
    o = o.select("order_id", "customer_id", day=epoch(o.ordered_at) / DAY)
    o = o.filter((today - o.day >= REVIEW_AFTER_DAYS) & (today - o.day <= REVIEW_UNTIL_DAYS))
    f = ws.store.table("feedback")
    f = f.filter((f.kind == "review") & f.customer_id.notnull())
    f = f.select("customer_id", reviewed=epoch(f.created_at) / DAY)
    joined = o.left_join(f, [o.customer_id == f.customer_id, f.reviewed >= o.day])
    fresh = joined.filter(joined.reviewed.isnull()).select("order_id", "customer_id", "day")
    last = fresh.group_by("customer_id").aggregate(day=fresh.day.max(),
                                                   order_id=fresh.order_id.max())  # fmt: skip
    due = with_consent(ws, last, "marketing").order_by("customer_id")
    return ws.store.to_arrow(due).to_pylist()


def back_in_stock_messages(rows: list[dict]) -> list[dict]:
    return [{"customer_id": r["customer_id"],
             "subject": f"{r['product_name']} is back in stock",
             "body": f"You asked us about {r['product_name']} when it was out of stock: it is "
                     "back now. Reply to this email or visit the shop to order it."}
            for r in rows]  # fmt: skip


def review_request_messages(rows: list[dict]) -> list[dict]:
    return [{"customer_id": r["customer_id"], "subject": "How was your order?",
             "body": f"We hope your order {r['order_id']} arrived safely. Would you tell other "
                     "customers what you think of it? A short review helps a small shop a lot."}
            for r in rows]  # fmt: skip
