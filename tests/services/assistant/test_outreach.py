"""Back-in-stock notes, review requests after delivery and suggested replies to negative reviews
and tickets: each one proposal waiting for the owner's approval; the marketing ones name only
customers whose latest marketing consent is a grant, the replies (not marketing) need none and
come, once approved, as a file to paste."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta

import pytest

from regulars.errors import NotFoundError
from regulars.services import actions, proposals
from regulars.services.assistant import reply
from regulars.services.assistant.proactive import propose_proactive
from regulars.services.imports import import_file

IN_STOCK = (
    "product_id,name,category,price_cents,currency,stock\n"
    "P1,Blue Mug,mugs,1290,EUR,14\nP2,Espresso Beans,coffee,1490,EUR,5\n"
)


def _load(ws, folder, table: str, text: str) -> None:
    path = folder / f"{table}-{abs(hash(text))}.csv"
    path.write_text(text, encoding="utf-8")
    import_file(ws, table, path)


def _grant(ws, folder, *customers: str) -> None:
    rows = "".join(f"{c},marketing,true,2026-11-01T00:00:00Z\n" for c in customers)
    _load(ws, folder, "consents", "customer_id,purpose,granted,recorded_at\n" + rows)


def _named(p) -> list[str]:
    return [m["customer_id"] for m in p.parameters["messages"]]


def test_back_in_stock_goes_to_who_asked_while_it_was_out(shop, tmp_path):
    cid = reply(shop, None, "where is my order 10234?", client="ann").conversation_id
    assert reply(shop, cid, "ann@example.com", client="ann").verified
    said = reply(shop, cid, "are the espresso beans in stock?", client="ann")
    assert "out of stock" in said.text
    reply(shop, None, "are the espresso beans in stock?", client="stranger")  # not verified
    with pytest.raises(NotFoundError):  # still out of stock
        propose_proactive(shop, "back_in_stock")
    _load(shop, tmp_path, "products", IN_STOCK)
    with pytest.raises(NotFoundError, match="marketing consent"):
        propose_proactive(shop, "back_in_stock")
    _grant(shop, tmp_path, "c1", "c2")
    p = propose_proactive(shop, "back_in_stock")
    assert p.status == "pending" and p.approver_role == "owner" and _named(p) == ["c1"]
    assert "Espresso Beans is back in stock" == p.parameters["messages"][0]["subject"]
    later = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
    _load(shop, tmp_path, "orders", "order_id,customer_id,ordered_at,currency,total_cents,status\n"
          f"40001,c1,{later},EUR,1490,paid\n")  # fmt: skip
    _load(shop, tmp_path, "order_items", "order_id,product_id,quantity,unit_price_cents\n"
          "40001,P2,1,1490\n")  # fmt: skip
    with pytest.raises(NotFoundError):  # bought it since: no note
        propose_proactive(shop, "back_in_stock")


def test_review_requests_follow_delivery_and_skip_who_reviewed(shop, tmp_path):
    _load(shop, tmp_path, "orders",
          "order_id,customer_id,ordered_at,currency,total_cents,status\n"
          "30001,c2,2026-11-15T10:00:00Z,EUR,1200,paid\n"
          "30002,c1,2026-11-18T10:00:00Z,EUR,1200,paid\n"
          "30003,c2,2026-10-01T10:00:00Z,EUR,1200,paid\n")  # fmt: skip
    _load(shop, tmp_path, "feedback",
          "feedback_id,kind,customer_id,created_at,rating,text\n"
          "f1,review,c1,2026-11-25T10:00:00Z,5,Lovely mug\n")  # fmt: skip
    _grant(shop, tmp_path, "c1", "c2")
    p = propose_proactive(shop, "review_request")  # today: the last order, 2026-11-30
    assert _named(p) == ["c2"] and "30001" in p.parameters["messages"][0]["body"]


FEEDBACK = (
    "feedback_id,kind,source,customer_id,created_at,rating,text,reply_text,resolved_at\n"
    "r1,review,google,c1,2026-11-20T10:00:00Z,1,The parcel arrived late and the delivery "
    "took two weeks,,\n"
    "r2,review,google,c2,2026-11-21T10:00:00Z,5,Wonderful coffee and lovely mugs,,\n"
    "r3,review,google,c2,2026-11-22T10:00:00Z,1,Awful,Sorry to hear that,\n"
    "t1,ticket,email,c2,2026-11-23T10:00:00Z,,My mug came broken,,\n"
    "t2,ticket,email,c1,2026-11-10T10:00:00Z,,Where is my refund,,2026-11-11T10:00:00Z\n"
)


def test_suggested_replies_to_negative_reviews_and_open_tickets(shop, tmp_path):
    with pytest.raises(NotFoundError):
        propose_proactive(shop, "replies")
    _load(shop, tmp_path, "feedback", FEEDBACK)
    p = propose_proactive(shop, "replies")  # no consent at all: a reply is not marketing
    replies = {r["feedback_id"]: r for r in p.parameters["replies"]}
    assert list(replies) == ["t1", "r1"]  # newest first; answered, resolved and happy left out
    late = replies["r1"]["reply"]
    assert "shipping and delivery" in late and "2 to 4 days" in late
    assert "https://shop.example/faq#shipping" in late and "two weeks" not in late
    assert p.approver_role == "owner" and p.customers == 2
    proposals.approve(shop, p.proposal_id, "owner", "owner")
    target = tmp_path / "replies.csv"
    done = actions.execute(shop, p.proposal_id, "owner", target)
    assert done["replies"] == 2
    with target.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["feedback_id"], r["source"]) for r in rows] == [("t1", "email"), ("r1", "google")]
    assert rows[1]["reply"] == late
