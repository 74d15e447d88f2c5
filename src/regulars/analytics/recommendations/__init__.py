"""Recommendations: popularity, trending, buy again, co-purchase (cosine, Jaccard, lift, BM25),
SAR and matrix factorisation (ALS, BPR), fitted on per-customer-item summaries, chosen per placement
by a time-split backtest against popularity. Pure: arrays in, frozen results with words out."""

from regulars.analytics.recommendations.backtest import (
    PLACEMENTS,
    ModelScore,
    PlacementChoice,
    Split,
    backtest,
)
from regulars.analytics.recommendations.interactions import Interactions, top_k
from regulars.analytics.recommendations.models import MODELS, Recommender, make

__all__ = [
    "MODELS",
    "PLACEMENTS",
    "Interactions",
    "ModelScore",
    "PlacementChoice",
    "Recommender",
    "Split",
    "backtest",
    "make",
    "top_k",
]
