"""Proactive messages are proposals for the owner's approval, naming only customers whose latest
marketing consent is a grant (read here from the raw consent rows); a reminded customer is due by
their own rhythm, recomputed from their order rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from regulars.errors import InputError
from regulars.services.assistant.proactive import propose_proactive

SALE = ("paid", "partially_refunded", "refunded", None)  # what counts as a sale


def _marketing_grants(ws) -> set[str]:
    rows = ws.store.to_arrow(ws.store.table("consents")).to_pylist()
    latest: dict[str, tuple] = {}
    for r in rows:
        if r["purpose"] != "marketing":
            continue
        key = (r["recorded_at"], not r["granted"])  # a refusal at the same moment wins
        if r["customer_id"] not in latest or key >= latest[r["customer_id"]][0]:
            latest[r["customer_id"]] = (key, r["granted"])
    return {c for c, (_, granted) in latest.items() if granted}


def _days(ws, customer_id: str, product_id: str | None = None) -> list[float]:
    orders = ws.store.to_arrow(ws.store.table("orders")).to_pylist()
    items = ws.store.to_arrow(ws.store.table("order_items")).to_pylist()
    with_product = {i["order_id"] for i in items if i["product_id"] == product_id}
    sale = [o for o in orders if o["status"] in SALE]
    return sorted({o["ordered_at"].timestamp() / 86400 for o in sale
                   if o["customer_id"] == customer_id
                   and (product_id is None or o["order_id"] in with_product)})  # fmt: skip


@pytest.mark.parametrize("kind", ["replenishment", "winback"])
def test_proactive_messages_wait_for_approval_and_need_marketing_consent(small_demo, kind):
    p = propose_proactive(small_demo, kind)
    assert p.status == "pending" and p.action_type == "assistant_message"
    assert p.approver_role == "owner" and p.proposer_kind == "model"
    named = {m["customer_id"] for m in p.parameters["messages"]}
    assert named and len(named) == p.customers
    assert named <= _marketing_grants(small_demo)
    assert p.expires_at > datetime.now(UTC)


def test_a_reminded_customer_is_due_by_their_own_rhythm(small_demo):
    p = propose_proactive(small_demo, "replenishment")
    first = p.parameters["messages"][0]
    assert first["subject"].startswith("Time for more")
    products = small_demo.store.to_arrow(small_demo.store.table("products")).to_pylist()
    name = first["subject"].removeprefix("Time for more ").removesuffix("?")
    pid = next(r["product_id"] for r in products if r["name"] == name)
    days = _days(small_demo, first["customer_id"], pid)
    gap = (days[-1] - days[0]) / (len(days) - 1)
    today = max(o["ordered_at"].timestamp() / 86400
                for o in small_demo.store.to_arrow(small_demo.store.table("orders")).to_pylist()
                if o["status"] in SALE)  # fmt: skip
    assert len(days) >= 3 and gap <= today - days[-1] < 3 * gap
    with pytest.raises(InputError):
        propose_proactive(small_demo, "birthday")
