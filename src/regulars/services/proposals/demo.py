"""Planting the demo's proposals (``regulars.demo.trust.DEMO_PROPOSALS``), each reaching its
segment's customers who consent to its purpose."""

from __future__ import annotations

from regulars.demo.trust import DEMO_PROPOSALS
from regulars.services.consent import with_consent
from regulars.services.proposals import SAMPLE_SIZE, Effect, propose
from regulars.services.workspace import Workspace


def _reach(ws: Workspace, segment: str | None, purpose: str | None) -> tuple[int, tuple[str, ...]]:
    if segment is None:
        return 0, ()
    from regulars.services.segments.rfm import customer_rfm

    people = customer_rfm(ws)
    people = people.filter(people.segment == segment).select("customer_id")
    if purpose:
        people = with_consent(ws, people, purpose)
    count = ws.store.to_arrow(people.aggregate(n=people.count()))["n"][0].as_py()
    sample = ws.store.to_arrow(people.order_by("customer_id").limit(SAMPLE_SIZE))
    return int(count), tuple(sample["customer_id"].to_pylist())


def plant_demo_proposals(ws: Workspace) -> None:
    for d in DEMO_PROPOSALS:
        propose(
            ws,
            d["action_type"],
            d["title"],
            {"segment": d["segment"]},
            _reach(ws, d["segment"], d["consent_purpose"]),
            d["reason"],
            Effect(**d["effect"]),
            d["relies_on"],
            d["proposed_by"],
            consent_purpose=d["consent_purpose"],
            proposer_kind=d["proposer_kind"],
        )
