"""What offers add to the shared views, and whom they reach: an offer plan gives an offer only to
customers who consent to marketing (checked again when its campaign runs, tests/services/pricing),
which the shared consent test checks on the small demo shop."""

from __future__ import annotations

from regulars.services.capabilities import Capability
from regulars.services.workspace import Workspace


def _reached(ws: Workspace) -> set[str]:
    from regulars.services.offers import offer_plan

    return set(offer_plan(ws, holdout=0.0).assignments)


CAPABILITY = Capability("offers", "Offers", 86, reaches=("marketing",), reached=_reached)
