"""What recommendations add to the shared views: highlight sentences (the model chosen per
placement by backtest), the customer's own list in the profile, and the fit the demo runs."""

from __future__ import annotations

from regulars.services.capabilities import Capability
from regulars.services.workspace import Workspace


def _highlights(ws: Workspace) -> list[str]:
    from regulars.services.recommendations.overview import recommendation_highlights

    return recommendation_highlights(ws)


def _profile(ws: Workspace, customer_id: str) -> dict[str, object]:
    from regulars.services.recommendations import saved
    from regulars.services.recommendations.serving import recommendations_for

    if not saved.has_lists(ws):
        return {}
    return {"recommendations": recommendations_for(ws, customer_id, 5, "home")}


def _reached(ws: Workspace) -> set[str]:
    """The customers shown a list made from their own data (the output that needs
    personalisation consent; everyone else sees the bestsellers)."""
    from regulars.services.recommendations import saved
    from regulars.services.recommendations.serving import customer_ids, recommendations_for

    if not saved.has_lists(ws):
        return set()
    return {c for c in customer_ids(ws) if recommendations_for(ws, c, 5, "home").personal}


def _prepare(ws: Workspace) -> None:
    from regulars.errors import NotFoundError
    from regulars.services.recommendations.fitting import fit_recommendations

    try:
        fit_recommendations(ws)
    except NotFoundError:  # no line items (an orders-only shop): nothing to recommend from
        pass


CAPABILITY = Capability(
    "recommendations",
    "Recommendations chosen by backtest",
    70,
    highlights=_highlights,
    profile=_profile,
    prepare=_prepare,
    reaches=("personalization",),
    reached=_reached,
)
