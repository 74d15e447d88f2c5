"""What the dashboard page and the report show: the chosen model per placement, the backtest
table against popularity, and a few customers with their recommendations and reasons."""

from __future__ import annotations

from dataclasses import dataclass

from regulars.analytics.recommendations import ModelScore, PlacementChoice
from regulars.services.cache import cached
from regulars.services.recommendations import saved
from regulars.services.recommendations.serving import (
    CustomerRecommendations,
    fitted,
    recommendations_for,
)
from regulars.services.workspace import Workspace

EXAMPLES = 3


@dataclass(frozen=True)
class RecommendationsOverview:
    fitted: bool
    fitted_at: str | None
    k: int
    cutoffs: tuple[str, ...]
    customers: int
    placements: tuple[PlacementChoice, ...]
    explanation: str
    examples: tuple[CustomerRecommendations, ...]


def placement_choice(d: dict) -> PlacementChoice:
    scores = tuple(ModelScore(**s) for s in d["scores"])
    return PlacementChoice(**{**d, "cutoffs": tuple(d["cutoffs"]), "scores": scores})


@cached
def recommendations_overview(ws: Workspace) -> RecommendationsOverview:
    """The last fit in brief; ``fitted`` False (and what to run) when there is none."""
    if not saved.has_lists(ws):
        return RecommendationsOverview(False, None, 0, (), 0, (), "No recommendations are "
                                       "fitted yet: run regulars recommend fit.", ())  # fmt: skip
    document = fitted(ws)
    ids = sorted(document["customers"])[:EXAMPLES]
    examples = tuple(recommendations_for(ws, cid, 5, "home") for cid in ids)
    return RecommendationsOverview(True, document["fitted_at"], document["k"],
                                   tuple(document["cutoffs"]), len(document["customers"]),
                                   tuple(placement_choice(p) for p in document["placements"]),
                                   document["explanation"], examples)  # fmt: skip


def recommendation_highlights(ws: Workspace) -> list[str]:
    """One sentence per placement: the chosen model and its lift, or that bestsellers win."""
    view = recommendations_overview(ws)
    if not view.fitted:
        return []
    return [f"Recommendations: {p.explanation}" for p in view.placements]
