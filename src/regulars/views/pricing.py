"""What the Pricing & offers page and the report section share: each product's elasticity (or
why not), today's price suggestions, the offer plan per group and its fairness audit, and what
each logged offer added against its holdout with the off-policy value of the learned policy."""

from __future__ import annotations

from regulars.errors import RegularsError
from regulars.services.workspace import Workspace


def pricing_context(ws: Workspace) -> dict:
    from regulars.services.offers import offer_plan
    from regulars.services.pricing import elasticities, suggestions

    found: dict = {"elasticities": None, "suggestions": None, "plan": None, "error": None}
    try:
        found["elasticities"] = elasticities(ws)
        found["suggestions"] = suggestions(ws)
        found["plan"] = offer_plan(ws)
    except RegularsError as exc:
        found["error"] = str(exc)
    return {**found, **logged_offers_context(ws)}


def logged_offers_context(ws: Workspace) -> dict:
    """The imported offer test against its holdout (None and the reason when there is none)."""
    from regulars.services.offers.logged import logged_offer_test

    try:
        return {"offer_test": logged_offer_test(ws), "offer_log_note": None}
    except RegularsError as exc:
        return {"offer_test": None, "offer_log_note": str(exc)}
