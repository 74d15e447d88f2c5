"""What offers add to the shared views: the customers an offer plan would reach (all of them must
consent to marketing; the consent test checks it)."""

from __future__ import annotations

from regulars.services.capabilities import Capability
from regulars.services.workspace import Workspace


def _reached(ws: Workspace) -> set[str]:
    from regulars.services.offers import offer_plan

    return set(offer_plan(ws).assignments)


CAPABILITY = Capability("offers", "Offers", 86, reaches=("marketing",), reached=_reached)
