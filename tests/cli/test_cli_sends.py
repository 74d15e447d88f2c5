"""`regulars proposals run` for the sends behind the boundary: a price change approved by the
owner runs into a Shopify products CSV; a send without what it needs is refused in words."""

from __future__ import annotations

import csv

from regulars.services import outbound


def test_a_price_change_runs_into_a_shopify_products_csv(cli, demo_copy, tmp_path):
    ws = demo_copy
    product = ws.store.to_arrow(ws.store.table("products").order_by("product_id").limit(1))
    pid, price = product["product_id"][0].as_py(), product["price_cents"][0].as_py()
    proposed = outbound.propose_price_change(ws, {pid: price + 50}, "olga", "beans cost more")
    to = tmp_path / "prices.csv"
    ran = cli("proposals", "approve", proposed.proposal_id, "--run", "--to", to, ws=ws)
    assert ran["status"] == "executed" and ran["result"]["products"] == 1
    with to.open(newline="", encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert row["Handle"] == outbound.handle(product["name"][0].as_py())
    assert round(float(row["Variant Price"]) * 100) == price + 50
    again = cli("proposals", "run", proposed.proposal_id, "--to", to, ws=ws, code=65)
    assert "executed" in again["message"]


def test_running_a_demo_proposal_without_its_details_is_refused_in_words(cli, demo_copy):
    ws = demo_copy
    demo = [p for p in cli("proposals", "list", ws=ws) if p["action_type"] == "price_change"]
    pid = demo[0]["proposal_id"]
    cli("proposals", "approve", pid, ws=ws)
    refused = cli("proposals", "run", pid, ws=ws, code=65)
    assert "names no price changes" in refused["message"]
