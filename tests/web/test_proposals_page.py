"""The Proposals inbox (Chromium-free, through the app in-process): the pending count in the
navigation, each proposal's what / for whom / why / effect / reliance, approve and reject with a
CSRF token by the action type's approver, the download of an approved export; the owner's audit
page, which says when the chain was tampered with; customer views are audited."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from regulars.services import actions, audit, proposals
from regulars.services.segments import create_audience
from regulars.services.workspace import Workspace

pytest_plugins = ["tests.services.trust.local_servers"]

_spec = importlib.util.spec_from_file_location(
    "_api_conftest", Path(__file__).parents[1] / "api" / "conftest.py"
)
_api = sys.modules.setdefault("_api_conftest", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(_api)
demo_template, shop = _api.demo_template, _api.shop


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _plant(shop) -> tuple[str, str]:
    ws = Workspace.open(shop.path)
    try:
        create_audience(ws, "regulars", "orders >= 2")
        export = actions.propose_audience_export(ws, "regulars", "analyst-1", reason="thank-you")
        price = proposals.propose(
            ws,
            "price_change",
            "Espresso beans 12.00 -> 12.50",
            {"sku": "ESP"},
            (0, ()),
            "elasticity: demand barely moves",
            proposals.Effect("+2% margin", 0.005, 0.03),
            "orders of the last year",
            "pricing-model",
            consent_purpose=None,
            proposer_kind="model",
        )
    finally:
        ws.close()
    return export.proposal_id, price.proposal_id


def test_inbox_counts_decides_and_downloads(shop):
    export_id, price_id = _plant(shop)
    shop.log_in("analyst")
    page = shop.client.get("/proposals")
    assert page.status_code == 200, page.text
    assert re.search(
        r'href="/proposals"[^>]*>Proposals <span class="count"[^>]*>2</span>', page.text
    )
    for marker in (
        "thank-you",
        "Espresso beans",
        "pricing-model (model)",
        "No interval:",
        "between 0.005 and 0.03",
        f'id="proposal-{export_id}"',
    ):
        assert marker in page.text, marker
    assert f"/proposals/{price_id}/approve" not in page.text  # prices: the owner's
    token = _token(page.text)
    bad = shop.client.post(f"/proposals/{export_id}/approve", data={"csrf_token": "x"})
    assert bad.status_code == 403
    forbidden = shop.client.post(f"/proposals/{price_id}/approve", data={"csrf_token": token})
    assert forbidden.status_code == 403
    done = shop.client.post(
        f"/proposals/{export_id}/approve",
        data={"csrf_token": token, "note": "fine"},
        follow_redirects=True,
    )
    assert "Download the export" in done.text and _nav_count(done.text) == 1
    csv_file = shop.client.post(f"/proposals/{export_id}/run", data={"csrf_token": token})
    assert csv_file.headers["content-type"].startswith("text/csv")
    rows = int(csv_file.headers["x-regulars-rows-exported"])
    assert len(csv_file.text.strip().splitlines()) == rows + 1
    again = shop.client.post(f"/proposals/{export_id}/run", data={"csrf_token": token})
    assert again.status_code == 422


def test_owner_rejects_and_reads_the_audit_page_which_finds_tampering(shop):
    _, price_id = _plant(shop)
    shop.log_in("owner")
    token = _token(shop.client.get("/proposals").text)
    shop.client.post(f"/proposals/{price_id}/reject", data={"csrf_token": token, "note": "later"})
    assert _nav_count(shop.client.get("/proposals").text) == 1  # the export still waits
    assert shop.client.get("/customers/" + _first_customer(shop)).status_code == 200
    page = shop.client.get("/audit")
    assert "is intact" in page.text and "rejected" in page.text and "viewed" in page.text
    ws = Workspace.open(shop.path)
    with ws.store.transaction():
        ws.store.execute("UPDATE \"_audit_log\" SET action = 'approved' WHERE seq = 3")
    ws.close()
    assert "tampered with: entry 3 was changed" in shop.client.get("/audit").text
    shop.log_in("analyst")
    assert shop.client.get("/audit").status_code == 403


def _nav_count(html: str) -> int | None:
    found = re.search(
        r'href="/proposals"[^>]*>Proposals <span class="count"[^>]*>(\d+)</span>', html
    )
    return int(found.group(1)) if found else None


def _first_customer(shop) -> str:
    ws = Workspace.open(shop.path)
    try:
        return ws.store.execute('SELECT min(customer_id) FROM "customers"')[0][0]
    finally:
        ws.close()


def test_customer_ref_names_no_customer():
    assert audit.customer_ref("C1") == audit.customer_ref("C1") != audit.customer_ref("C2")
    assert "C1" not in audit.customer_ref("C1")[len("customer:") :]


def _approved_sends(shop, webhook: str) -> tuple[str, str, str]:
    """A price change, an audience sent to a webhook and a budget split, all approved."""
    from regulars.services import outbound

    ws = Workspace.open(shop.path)
    try:
        create_audience(ws, "regulars", "orders >= 2", replace=True)
        product = ws.store.execute('SELECT min(product_id) FROM "products"')[0][0]
        price = outbound.propose_price_change(ws, {product: 1350}, "pricing", "elasticity")
        send = outbound.propose_audience_send(ws, "regulars", "analyst-1", webhook)
        split = proposals.propose(
            ws, "budget_split", "Move 10% from ads to email", {}, (0, ()), "marketing mix",
            proposals.Effect(None, missing="a budget split"), "spend", "mmm",
            consent_purpose=None, proposer_kind="model",
        )  # fmt: skip
        for p in (price, send, split):
            proposals.approve(ws, p.proposal_id, "olga", "owner", "go")
    finally:
        ws.close()
    return price.proposal_id, send.proposal_id, split.proposal_id


def test_approved_sends_run_from_the_inbox(shop, webhook_server):
    """The Run button: a price change comes as the Shopify products file, an audience send goes
    to the webhook now (once), a budget split has no button (nothing executes it)."""
    url, posts = webhook_server
    price_id, send_id, split_id = _approved_sends(shop, url)
    shop.log_in("analyst")
    page = shop.client.get("/proposals").text
    token = _token(page)
    for pid in (price_id, send_id):
        assert f"/proposals/{pid}/run" in page
    assert f"/proposals/{split_id}/run" not in page
    prices = shop.client.post(f"/proposals/{price_id}/run", data={"csrf_token": token})
    assert prices.status_code == 200 and prices.headers["content-type"].startswith("text/csv")
    assert f"price_change-{price_id}.csv" in prices.headers["content-disposition"]
    assert prices.text.splitlines()[0].startswith('"Handle",') and "13.50" in prices.text
    sent = shop.client.post(
        f"/proposals/{send_id}/run", data={"csrf_token": token}, follow_redirects=False
    )
    assert sent.status_code == 303 and len(posts) == 1
    ws = Workspace.open(shop.path)
    try:
        statuses = {p.proposal_id: p.status for p in proposals.list_proposals(ws)}
    finally:
        ws.close()
    assert statuses[price_id] == statuses[send_id] == "executed"
    again = shop.client.post(f"/proposals/{send_id}/run", data={"csrf_token": token})
    assert again.status_code == 422 and len(posts) == 1
