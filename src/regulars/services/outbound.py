"""What the actions that leave Regulars say, before ``services.actions`` runs them: proposing an
audience sent to a webhook, emails to customers (recommendations, the assistant's proactive
messages) and price changes, and the rows each is made of. Nothing here writes a file or talks to
the network; that is ``services.actions`` alone, with an approved, unexpired proposal.

- Emails go only to customers whose latest marketing consent is a grant when they are sent, and
  who have an email address (``email_rows``).
- A price change becomes a Shopify products CSV (``Handle``, ``Title``, ``Variant SKU``,
  ``Variant Price``, ``Variant Compare At Price``), the file Shopify's products import reads to
  overwrite prices. The handle is the product name in lower case with hyphens, as Shopify makes it
  when a product is created; a product renamed in Shopify since needs its handle passed."""

from __future__ import annotations

import re

import pyarrow as pa

from regulars.errors import InputError
from regulars.services import proposals
from regulars.services.consent import with_consent
from regulars.services.segments import audiences
from regulars.services.workspace import Workspace
from regulars.units import minor_units

AUDIENCE_SEND = "audience_send"
EMAILS = ("recommendation_email", "assistant_message")
PRICE_CHANGE = "price_change"
SHOPIFY_PRODUCT_COLUMNS = (
    "Handle",
    "Title",
    "Variant SKU",
    "Variant Price",
    "Variant Compare At Price",
)
_NO_EFFECT = "sending measures nothing by itself; measure it with `regulars campaign`"


def propose_audience_send(
    ws: Workspace, name: str, proposed_by: str, webhook: str | None = None, **options
) -> proposals.Proposal:
    """Queue the audience's marketable customers sent as JSON to a webhook (the settings' webhook
    when none is named); who is in it is decided again when it runs."""
    audience = audiences.get_audience(ws, name, count=False)
    url = webhook or ws.settings.webhook
    if not url or not url.startswith(("http://", "https://")):
        raise InputError("an audience send needs a webhook: pass an http(s) URL or set `webhook`")
    parameters = {"audience": name, "webhook": url, "columns": list(audiences.DEFAULT_COLUMNS)}
    return proposals.propose(
        ws,
        AUDIENCE_SEND,
        f"Send audience {name!r} to {url.split('?', 1)[0]}",
        parameters,
        audiences.audience_sample(ws, name),
        options.get("reason") or f"Audience rule: {audience.rule}",
        proposals.Effect(None, missing=_NO_EFFECT),
        "customers, orders and segments; marketing consent, checked again when it runs",
        proposed_by,
        proposer_kind=options.get("proposer_kind", "person"),
        days=options.get("days", proposals.DEFAULT_DAYS),
    )


def propose_emails(
    ws: Workspace,
    action_type: str,
    messages: list[dict],
    proposed_by: str,
    reason: str,
    *,
    proposer_kind: str = "model",
    days: int = proposals.DEFAULT_DAYS,
) -> proposals.Proposal:
    """Queue emails (``messages``: customer_id, subject, body each) of a recommendation or the
    assistant; sent by SMTP when ``smtp`` is set, else written to a file for the email tool."""
    if action_type not in EMAILS:
        raise InputError(f"emails are one of: {', '.join(EMAILS)}")
    for i, m in enumerate(messages, start=1):
        missing = [k for k in ("customer_id", "subject", "body") if not m.get(k)]
        if missing:
            raise InputError(f"message {i}: no {missing[0]}")
    ids = [str(m["customer_id"]) for m in messages]
    return proposals.propose(
        ws,
        action_type,
        f"Email {len(messages)} customer{'s' if len(messages) != 1 else ''}",
        {
            "messages": [
                {k: str(m[k]) for k in ("customer_id", "subject", "body")} for m in messages
            ]
        },
        (len(set(ids)), tuple(ids)),
        reason,
        proposals.Effect(None, missing=_NO_EFFECT),
        "customers' email addresses; marketing consent, checked again when they are sent",
        proposed_by,
        proposer_kind=proposer_kind,
        days=days,
    )


def propose_price_change(
    ws: Workspace,
    changes: dict[str, int],
    proposed_by: str,
    reason: str,
    effect: proposals.Effect | None = None,
    *,
    proposer_kind: str = "person",
    days: int = proposals.DEFAULT_DAYS,
    evidence: dict | None = None,
    previous_prices: dict[str, int] | None = None,
) -> proposals.Proposal:
    """Queue new prices (product id -> price in minor units), published as a Shopify products CSV
    when it runs; always the owner's decision. ``evidence`` (the price model, its guardrails and
    fairness audit) travels with it; ``previous_prices`` are the compare-at prices a reduction
    shows (the EU Omnibus rule: the lowest price of the last 30 days)."""
    if not changes:
        raise InputError("a price change names at least one product")
    known = _products(ws, tuple(changes))
    for product_id, price in changes.items():
        if product_id not in known:
            raise InputError(f"unknown product {product_id!r}")
        if isinstance(price, bool) or not isinstance(price, int) or price < 0:
            raise InputError(f"{product_id}: a price is a whole number of minor units >= 0")
    return proposals.propose(
        ws,
        PRICE_CHANGE,
        f"Change the price of {len(changes)} product{'s' if len(changes) != 1 else ''}",
        {
            "changes": dict(sorted(changes.items())),
            **({"evidence": evidence} if evidence else {}),
            **({"previous_prices": previous_prices} if previous_prices else {}),
        },
        (0, ()),
        reason,
        effect or proposals.Effect(None, missing="no price model estimated the effect"),
        "products and their current prices",
        proposed_by,
        consent_purpose=None,
        proposer_kind=proposer_kind,
        days=days,
    )


def _products(ws: Workspace, ids: tuple[str, ...]) -> dict[str, dict]:
    p = ws.store.table("products")
    p = p.filter(p.product_id.isin(list(ids))).select(
        "product_id", "sku", "name", "price_cents", "currency"
    )
    return {r["product_id"]: r for r in ws.store.to_arrow(p).to_pylist()}


def handle(name: str) -> str:
    """Shopify's handle for a product name: 'Kenya AA Beans 250g' -> 'kenya-aa-beans-250g'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _amount(minor: int | None, currency: str) -> str | None:
    if minor is None:
        return None
    places = minor_units(currency)
    return f"{minor / 10**places:.{places}f}"


def shopify_products(
    ws: Workspace, changes: dict[str, int], previous: dict[str, int] | None = None
) -> pa.Table:
    """The Shopify products CSV's rows: the new price, the old one as compare-at when it falls
    (or the ``previous`` price given, the lowest of the last 30 days)."""
    known = _products(ws, tuple(changes))
    rows = {c: [] for c in SHOPIFY_PRODUCT_COLUMNS}
    for product_id, price in sorted(changes.items()):
        p = known.get(product_id)
        if p is None:
            raise InputError(f"product {product_id!r} is no longer in the data")
        currency = p["currency"] or ws.settings.currency
        old = (previous or {}).get(product_id, p["price_cents"])
        rows["Handle"].append(handle(p["name"]))
        rows["Title"].append(p["name"])
        rows["Variant SKU"].append(p["sku"])
        rows["Variant Price"].append(_amount(price, currency))
        rows["Variant Compare At Price"].append(
            _amount(old, currency) if old is not None and old > price else None
        )
    return pa.table({c: pa.array(v, pa.string()) for c, v in rows.items()})


def email_rows(ws: Workspace, messages: list[dict]) -> tuple[list[dict], int]:
    """The messages whose customer consents to marketing now and has an email address, each with
    the address; and how many were left out."""
    ids = sorted({m["customer_id"] for m in messages})
    c = ws.store.table("customers")
    c = c.filter(c.customer_id.isin(ids) & c.email.notnull() & (c.email != ""))
    ok = with_consent(ws, c.select("customer_id", "email"), "marketing")
    address = {r["customer_id"]: r["email"] for r in ws.store.to_arrow(ok).to_pylist()}
    kept = [
        {**m, "email": address[m["customer_id"]]} for m in messages if m["customer_id"] in address
    ]
    return kept, len(messages) - len(kept)


def audience_payload(proposal: proposals.Proposal, rows: pa.Table) -> dict:
    """The JSON an audience send posts."""
    return {
        "proposal": proposal.proposal_id,
        "audience": proposal.parameters["audience"],
        "customers": rows.to_pylist(),
    }
