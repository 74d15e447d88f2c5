"""One customer's RFM segment and persona, for the customer profile (page and API)."""

from __future__ import annotations

from bisect import bisect_left

from regulars.analytics.segments.rfm_grid import SEGMENT_RULES
from regulars.errors import RegularsError
from regulars.services.cache import cached
from regulars.services.segments.personas import cached_persona_report
from regulars.services.segments.rfm import customer_rfm
from regulars.services.workspace import Workspace

_RULES = {rule.name: rule for rule in SEGMENT_RULES}


def _persona(ws: Workspace, customer_id: str) -> dict | None:
    try:
        report = cached_persona_report(ws)
    except RegularsError:
        return None
    ids = report.customer_ids
    i = bisect_left(ids, customer_id)
    if i >= len(ids) or ids[i] != customer_id:
        return None
    name = report.labels[i]
    card = next(c for c in report.cards if c.name == name)
    return {
        "name": name,
        "customers": card.customers,
        "customer_share": card.customer_share,
        "traits": [t.text for t in card.traits[:3]],
        "stable": report.stable,
    }


@cached
def _rfm_by_customer(ws: Workspace) -> dict[str, dict]:
    """Every customer's scores, computed once per data version (profiles are read one at a time)."""
    rows = ws.store.to_arrow(customer_rfm(ws)).to_pylist()
    return {r["customer_id"]: r for r in rows}


def customer_segment(ws: Workspace, customer_id: str, with_persona: bool = True) -> dict:
    """The customer's R/F/M scores, segment (with its meaning and suggested action) and persona.

    ``available`` is False for a customer without sales orders (no scores yet).
    """
    r = _rfm_by_customer(ws).get(customer_id)
    if r is None:
        return {
            "available": False,
            "message": (
                "No sales orders yet: an RFM segment and a persona appear after the first order."
            ),
        }
    rule = _RULES.get(r["segment"])
    return {
        "available": True,
        "segment": r["segment"],
        "r_score": r["r_score"],
        "f_score": r["f_score"],
        "m_score": r["m_score"],
        "fm_score": r["fm_score"],
        "recency_days": r["recency_days"],
        "meaning": rule.meaning if rule else None,
        "action": rule.action if rule else None,
        "persona": _persona(ws, customer_id) if with_persona else None,
    }
