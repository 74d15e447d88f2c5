"""One customer's RFM segment and persona, for the customer profile (page and API)."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from regulars.analytics.segments.rfm_grid import SEGMENT_RULES
from regulars.errors import RegularsError
from regulars.services.cache import cached
from regulars.services.segments.personas import cached_persona_report
from regulars.services.segments.rfm import customer_rfm
from regulars.services.workspace import Workspace

_RULES = {rule.name: rule for rule in SEGMENT_RULES}
NO_ORDERS = "No sales orders yet: an RFM segment and a persona appear after the first order."


@dataclass(frozen=True, slots=True)
class PersonaMembership:
    """The customer's persona: its name, size and share, its first three traits, and whether the
    grouping is stable."""

    name: str
    customers: int
    customer_share: float
    traits: tuple[str, ...]
    stable: bool


@dataclass(frozen=True, slots=True)
class CustomerSegment:
    """A customer's R/F/M scores, RFM segment (its meaning and suggested action) and persona; when
    ``available`` is False (no sales orders), ``message`` says so and every other field is None."""

    available: bool
    message: str | None = None
    segment: str | None = None
    r_score: int | None = None
    f_score: int | None = None
    m_score: int | None = None
    fm_score: int | None = None
    recency_days: float | None = None
    meaning: str | None = None
    action: str | None = None
    persona: PersonaMembership | None = None


def _persona(ws: Workspace, customer_id: str) -> PersonaMembership | None:
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
    return PersonaMembership(
        name,
        card.customers,
        card.customer_share,
        tuple(t.text for t in card.traits[:3]),
        report.stable,
    )


@cached
def _rfm_by_customer(ws: Workspace) -> dict[str, dict]:
    """Every customer's scores, computed once per data version (profiles are read one at a time)."""
    rows = ws.store.to_arrow(customer_rfm(ws)).to_pylist()
    return {r["customer_id"]: r for r in rows}


def customer_segment(ws: Workspace, customer_id: str, with_persona: bool = True) -> CustomerSegment:
    """The customer's R/F/M scores, segment (with its meaning and suggested action) and persona.

    ``available`` is False for a customer without sales orders (no scores yet).
    """
    r = _rfm_by_customer(ws).get(customer_id)
    if r is None:
        return CustomerSegment(False, NO_ORDERS)
    rule = _RULES.get(r["segment"])
    return CustomerSegment(
        True,
        None,
        r["segment"],
        r["r_score"],
        r["f_score"],
        r["m_score"],
        r["fm_score"],
        r["recency_days"],
        rule.meaning if rule else None,
        rule.action if rule else None,
        _persona(ws, customer_id) if with_persona else None,
    )
