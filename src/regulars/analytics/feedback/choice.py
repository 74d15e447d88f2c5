"""Which sentiment path a shop gets: both are scored on a held-out part of the shop's own rated
texts (stars as weak labels, 3 stars left out), and the more accurate one is used. Too few rated
texts to learn from: the lexicon, said so."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.analytics.feedback.learned import SentimentHead, features, lexicon_compound

MIN_RATED = 60  # rated texts (each class >= 15) before a head is trained
HOLDOUT = 0.3


@dataclass(frozen=True)
class SentimentChoice:
    path: str  # "lexicon" or "learned"
    lexicon_accuracy: float | None
    learned_accuracy: float | None
    validated_on: int
    head: SentimentHead | None
    explanation: str


def weak_labels(ratings: np.ndarray) -> np.ndarray:
    """1 for 4-5 stars, 0 for 1-2 stars, -1 (left out) for 3 or none."""
    r = np.nan_to_num(np.asarray(ratings, dtype=float), nan=3.0)
    return np.where(r >= 4, 1, np.where(r <= 2, 0, -1))


def _split(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    cut = int(round(n * (1 - HOLDOUT)))
    return order[:cut], order[cut:]


def choose(
    texts: list[str], ratings: np.ndarray, seed: int = 7, x: np.ndarray | None = None
) -> SentimentChoice:
    """``x``: the texts' ``features`` where already computed."""
    y = weak_labels(ratings)
    keep = np.flatnonzero(y >= 0)
    texts, y = [texts[i] for i in keep], y[keep]
    if len(y) < MIN_RATED or min(y.sum(), len(y) - y.sum()) < 15:
        return SentimentChoice(
            "lexicon",
            None,
            None,
            len(y),
            None,
            f"Lexicon (VADER): only {len(y)} texts rated 1-2 or 4-5 stars, "
            f"too few to train and check a learned model ({MIN_RATED} needed).",
        )
    train, test = _split(len(y), seed)
    x = features(texts) if x is None else x[keep]
    head = SentimentHead.fit(x[train], y[train])
    learned = float(((head.positive_probability(x[test]) >= 0.5) == (y[test] == 1)).mean())
    lex = float(((lexicon_compound(x[test]) >= 0) == (y[test] == 1)).mean())
    path = "learned" if learned > lex else "lexicon"
    head = SentimentHead.fit(x, y) if path == "learned" else None
    name = "learned (embeddings + logistic regression)" if path == "learned" else "lexicon (VADER)"
    return SentimentChoice(
        path,
        lex,
        learned,
        len(test),
        head,
        f"Sentiment by the {name} path: on {len(test):,} held-out rated texts "
        f"the learned path agreed with the stars {learned:.0%} of the time, "
        f"the lexicon {lex:.0%}.",
    )
