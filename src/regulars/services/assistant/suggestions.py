"""Recommendations in the chat, through the recommendations capability with its reasons: a
verified customer who consents to personalisation gets their own list; anyone else the
bestsellers (``recommendations_for`` applies the shared consent rule)."""

from __future__ import annotations

from regulars.analytics.assistant.grounding import Answer, handover
from regulars.analytics.assistant.slots import Slots
from regulars.services.workspace import Workspace


def recommend(ws: Workspace, customer_id: str | None, slots: Slots, k: int = 3) -> Answer:
    from regulars.errors import NotFoundError
    from regulars.services.recommendations import saved, serving

    if not saved.has_lists(ws):
        return handover("No recommendations are fitted yet: a person suggests instead.")
    try:
        if customer_id:
            found = serving.recommendations_for(ws, customer_id, k, "home")
            items, why = found.items, found.explanation
        elif slots.product_id:
            found = serving.related_products(ws, slots.product_id, k)
            items, why = found.items, found.explanation
        else:
            items, why = _bestsellers(ws, k), "Bestsellers: you are not signed in or verified."
    except NotFoundError:
        items, why = _bestsellers(ws, k), "Bestsellers."
    if not items:
        return handover("The recommendations have nothing to suggest: a person helps instead.")
    listed = "; ".join(f"{i.name} ({i.reason})" for i in items)
    return Answer(f"You might like: {listed}. (source: recommendations)", ("recommendations",),
                  False, why)  # fmt: skip


def _bestsellers(ws: Workspace, k: int):
    from regulars.services.recommendations.serving import Recommendation, fitted

    document = fitted(ws)
    ids, names, texts = document["items"], document["names"], document["reasons"]
    return tuple(Recommendation(ids[i], names[i], texts[r]) for i, r in document["popular"][:k])
