"""Price changes proposed for the owner's approval, each with its evidence: the elasticity and
its interval, the guardrails that bind, the expected change in units and margin, the Omnibus
previous price of a reduction, and the fairness audit of what customers paid for these products
(by region, postcode area, segment, new against returning)."""

from __future__ import annotations

import ibis
import numpy as np

from regulars.analytics.offers import FairnessAudit, audit_fairness
from regulars.errors import InputError
from regulars.services import outbound, proposals
from regulars.services.offers.customers import audit_attributes, load_customers
from regulars.services.pricing import PriceSuggestions, elasticities, suggestions
from regulars.services.pricing.history import _lines
from regulars.services.workspace import Workspace


def price_audit(ws: Workspace, product_ids: tuple[str, ...]) -> FairnessAudit:
    """Who paid what for these products: the share of list price each customer paid on average,
    and whether they got a discount, by each audited attribute."""
    c = load_customers(ws)
    j = _lines(ws)
    j = j.filter(j.product_id.isin(list(product_ids)))
    p = ws.store.table("products").select("product_id", "price_cents")
    j = j.join(p, "product_id")
    o = ws.store.table("orders").select("order_id", "customer_id")
    j = j.join(o, "order_id")
    g = j.group_by("customer_id").aggregate(
        spent=j.unit_price_cents.sum().cast("int64"),  # whole numbers: PostgreSQL sums in numeric
        listed=j.price_cents.sum().cast("int64"),
        discounted=ibis.ifelse(j.discount_cents.fill_null(0) > 0, 1, 0).max().cast("int64"),
    )
    t = ws.store.to_arrow(g).to_pydict()
    paid = {c: p / max(x, 1) for c, p, x in zip(t["customer_id"], t["spent"], t["listed"],
                                                 strict=True)}  # fmt: skip
    disc = dict(zip(t["customer_id"], t["discounted"], strict=True))
    bought = np.array([cid in paid for cid in c.customer_id])
    attrs = {k: v[bought] for k, v in audit_attributes(c).items()}
    ids = c.customer_id[bought]
    got = np.array([disc[i] for i in ids], float)
    return audit_fairness(attrs, got, got * 0, np.array([paid[i] for i in ids], float))


def _evidence(ws, moved, sug: PriceSuggestions, audit: FairnessAudit) -> dict:
    est = elasticities(ws)
    rows = {}
    for s in moved:
        e = est.product(s.product_id)
        rows[s.product_id] = {
            "from": s.current_cents,
            "to": s.price_cents,
            "elasticity": [e.elasticity, e.low, e.high],
            "units_a_week": [s.units.expected, s.units.low, s.units.high],
            "margin_a_week": [s.margin.expected, s.margin.low, s.margin.high],
            "guardrails": list(s.binding),
            "explanation": s.explanation,
        }
    omnibus = {c.product_id: c.explanation for c in sug.omnibus}
    ids = set(rows)
    rivals = {c.product_id: {"price": c.price_cents, "observed_on": c.observed_on,
                             "sources": list(c.sources), "stale": c.stale,
                             "explanation": c.explanation}
              for c in sug.competitors if c.product_id in ids}  # fmt: skip
    return {"products": rows, "omnibus": omnibus, "competitors": rivals,
            "fairness_audit": {"fair": audit.fair, "verdict": audit.explanation},
            "personalised_prices": sug.personalised, "disclosure": sug.disclosure}  # fmt: skip


def propose_prices(
    ws: Workspace,
    proposed_by: str,
    product_ids: tuple[str, ...] = (),
    competitor: dict[str, int] | None = None,
    **options,
) -> proposals.Proposal:
    """Queue the suggested prices that differ from today's, with their evidence."""
    sug = suggestions(ws, product_ids, competitor, **options)
    moved = [s for s in sug.suggestions if s.price_cents not in (None, s.current_cents)]
    if not moved:
        raise InputError("no product has a better price inside the guardrails; nothing to propose")
    audit = price_audit(ws, tuple(s.product_id for s in moved))
    margin = sum(s.margin.expected for s in moved)
    low, high = sum(s.margin.low for s in moved), sum(s.margin.high for s in moved)
    effect = proposals.Effect(
        f"margin {margin:+.2f} a week (each product's interval ends added: {low:+.2f} to "
        f"{high:+.2f})", low, high)  # fmt: skip
    return outbound.propose_price_change(
        ws, {s.product_id: s.price_cents for s in moved}, proposed_by,
        f"{len(moved)} margin-maximising prices inside the guardrails. {audit.explanation}",
        effect, evidence=_evidence(ws, moved, sug, audit),
        previous_prices={c.product_id: c.previous_price_cents for c in sug.omnibus} or None,
    )  # fmt: skip
