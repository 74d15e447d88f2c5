"""The boundary's sends, against real local servers: emails by SMTP (aiosmtpd) or a file for the
shop's email tool, an audience posted to a webhook (http.server), a price change as a Shopify
products CSV. Each runs only approved and unexpired, checks consent again when it runs, and never
sends one message twice (each send is recorded ``sent`` in the audit log)."""

from __future__ import annotations

import csv
import dataclasses

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from regulars.errors import ForbiddenError, InputError
from regulars.services import actions, audit, outbound, proposals
from regulars.services.imports import import_file

pytest_plugins = ["tests.services.trust.local_servers"]

MESSAGES = [
    {"customer_id": c, "subject": f"For you, {c}", "body": "Beans you may like."}
    for c in ("K1", "K2", "K3", "K5")
]


def _with(ws, **values):
    ws.settings = dataclasses.replace(ws.settings, **values)
    return ws


def _approved(ws, proposal):
    return proposals.approve(ws, proposal.proposal_id, "olga", "owner")


def _rows(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_emails_go_by_smtp_to_who_consents_then_and_never_twice(
    trust_shop, smtp_server, add_consents, tmp_path
):
    url, box = smtp_server
    ws = _with(trust_shop, smtp=url, email_from="shop@example.com")
    p = outbound.propose_emails(ws, "recommendation_email", MESSAGES, "recs-model", "bought beans")
    with pytest.raises(InputError, match="only an approved"):
        actions.execute(ws, p.proposal_id, "olga")
    with pytest.raises(ForbiddenError):
        proposals.approve(ws, p.proposal_id, "ana", "analyst")
    _approved(ws, p)
    add_consents(ws, tmp_path / "later.csv", [("w-K3", "K3", False, "2026-01-01T00:00:00+00:00")])
    box.refuse = {"k5@example.com"}  # the server fails part-way through
    with pytest.raises(InputError, match="refused"):
        actions.execute(ws, p.proposal_id, "olga")
    assert [m["To"] for _, m in box.messages] == ["k1@example.com"]
    assert proposals.get_proposal(ws, p.proposal_id).status == "approved"
    box.refuse = set()
    result = actions.execute(ws, p.proposal_id, "olga")  # run again: K1 is not sent twice
    assert [m["To"] for _, m in box.messages] == ["k1@example.com", "k5@example.com"]
    assert box.messages[1][1]["From"] == "shop@example.com"
    assert box.messages[1][1]["Subject"] == "For you, K5"
    assert (result["sent"], result["skipped"], result["left_out_no_consent_or_email"]) == (1, 1, 2)
    sent = [e for e in audit.audit_entries(ws) if e.action == "sent"]
    assert [e.subject for e in sent] == [audit.customer_ref("K1"), audit.customer_ref("K5")]
    assert proposals.get_proposal(ws, p.proposal_id).status == "executed"
    with pytest.raises(InputError, match="executed"):
        actions.execute(ws, p.proposal_id, "olga")
    assert len(box.messages) == 2 and audit.verify_audit(ws).intact


def test_emails_without_smtp_are_a_file_for_the_email_tool(trust_shop, tmp_path):
    ws, to = trust_shop, tmp_path / "emails.csv"
    p = outbound.propose_emails(ws, "assistant_message", MESSAGES, "assistant", "win back")
    _approved(ws, p)
    with pytest.raises(InputError, match="names no file"):
        actions.execute(ws, p.proposal_id, "olga")
    assert not to.exists()
    result = actions.execute(ws, p.proposal_id, "olga", to)
    assert [r["email"] for r in _rows(to)] == ["k1@example.com", "k3@example.com", "k5@example.com"]
    assert _rows(to)[0]["subject"] == "For you, K1" and result["rows_exported"] == 3
    assert not (tmp_path / "emails.csv.partial").exists()


def test_an_audience_is_posted_to_a_webhook_once(
    trust_shop, webhook_server, add_consents, tmp_path
):
    url, posts = webhook_server
    ws = trust_shop
    p = outbound.propose_audience_send(ws, "everyone", "ana", webhook=url)
    assert p.customers == 3 and p.approver_role == "owner"
    _approved(ws, p)
    add_consents(ws, tmp_path / "later.csv", [("w-K3", "K3", False, "2026-01-01T00:00:00+00:00")])
    posts.fail = 503
    with pytest.raises(InputError, match="503"):
        actions.execute(ws, p.proposal_id, "olga")
    assert proposals.get_proposal(ws, p.proposal_id).status == "approved"
    posts.fail = None
    result = actions.execute(ws, p.proposal_id, "olga")
    ((headers, body),) = posts
    assert [c["customer_id"] for c in body["customers"]] == ["K1", "K5"]
    assert body["audience"] == "everyone" and result["rows_exported"] == 2
    assert headers["Idempotency-Key"] == f"proposal:{p.proposal_id}"
    assert proposals.get_proposal(ws, p.proposal_id).status == "executed"


def test_a_send_recorded_in_the_audit_is_not_repeated(trust_shop, webhook_server):
    url, posts = webhook_server
    ws = trust_shop
    p = _approved(ws, outbound.propose_audience_send(ws, "everyone", "ana", webhook=url))
    # as if the process died after the post was recorded, before the proposal was marked
    audit.record(ws, "olga", "sent", f"proposal:{p.proposal_id}", {"proposal": p.proposal_id})
    actions.execute(ws, p.proposal_id, "olga")
    assert posts == [] and proposals.get_proposal(ws, p.proposal_id).status == "executed"


def test_an_unreachable_webhook_is_said_in_words(trust_shop):
    ws = trust_shop
    url = "http://127.0.0.1:9/hook"  # the discard port: nothing listens
    p = _approved(ws, outbound.propose_audience_send(ws, "everyone", "ana", webhook=url))
    with pytest.raises(InputError, match="cannot reach"):
        actions.execute(ws, p.proposal_id, "olga")
    with pytest.raises(InputError, match="needs a webhook"):
        outbound.propose_audience_send(ws, "everyone", "ana")


@pytest.fixture
def shop_products(workspace, tmp_path):
    table = {
        "product_id": ["P1", "P2"],
        "sku": ["BEANS-250", "MUG"],
        "name": ["Kenya AA Beans 250g", "Café Mug"],
        "price_cents": [1200, 900],
        "currency": ["EUR", "EUR"],
    }
    pacsv.write_csv(pa.table(table), tmp_path / "products.csv")
    import_file(workspace, "products", tmp_path / "products.csv")
    return workspace


def test_a_price_change_is_a_shopify_products_csv_the_owner_approves(shop_products, tmp_path):
    ws, to = shop_products, tmp_path / "prices.csv"
    p = outbound.propose_price_change(ws, {"P1": 1350, "P2": 750}, "pricing", "elasticity")
    assert p.consent_purpose is None
    with pytest.raises(ForbiddenError, match="owner"):
        proposals.approve(ws, p.proposal_id, "ana", "analyst")
    _approved(ws, p)
    result = actions.execute(ws, p.proposal_id, "olga", to)
    rows = _rows(to)
    assert list(rows[0]) == list(outbound.SHOPIFY_PRODUCT_COLUMNS) and result["products"] == 2
    assert [(r["Handle"], r["Variant SKU"], r["Variant Price"]) for r in rows] == [
        ("kenya-aa-beans-250g", "BEANS-250", "13.50"),
        ("caf-mug", "MUG", "7.50"),
    ]
    assert [r["Variant Compare At Price"] for r in rows] == ["", "9.00"]  # shown when it falls
    with pytest.raises(InputError, match="unknown product"):
        outbound.propose_price_change(ws, {"P9": 100}, "pricing", "x")
    with pytest.raises(InputError, match="whole number"):
        outbound.propose_price_change(ws, {"P1": 12.5}, "pricing", "x")
