"""The lexicon path: VADER (Hutto & Gilbert 2014) from the ``vaderSentiment`` package, its
lexicon, booster, negation and "but" rules as published, with the paper's thresholds (compound
>= 0.05 positive, <= -0.05 negative, else neutral). One analyser per process; repeated sentences
(templated tickets, copied reviews) are scored once."""

from __future__ import annotations

import functools
import re

import numpy as np

from regulars.errors import ConfigError

THRESHOLD = 0.05  # the paper's neutral band on the compound score
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])")


@functools.cache
def _analyser():
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ConfigError(
            "the lexicon path needs vaderSentiment: pip install vaderSentiment"
        ) from exc
    return SentimentIntensityAnalyzer()


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences at ., ! or ? followed by a capital or a digit."""
    return [s for s in SENTENCE.split(text.strip()) if s]


def compound(texts: list[str]) -> np.ndarray:
    """VADER's normalised compound score in [-1, 1] for each text (0 for an empty one)."""
    score = _analyser().polarity_scores
    seen: dict[str, float] = {}
    out = np.zeros(len(texts))
    for i, text in enumerate(texts):
        if not text:
            continue
        value = seen.get(text)
        if value is None:
            value = seen[text] = score(text)["compound"]
        out[i] = value
    return out


def features(texts: list[str]) -> np.ndarray:
    """compound, pos, neg and neu of each text: the lexicon's part of the learned path."""
    score = _analyser().polarity_scores
    seen: dict[str, tuple] = {}
    rows = []
    for text in texts:
        row = seen.get(text or "")
        if row is None:
            s = score(text or "")
            row = seen[text or ""] = (s["compound"], s["pos"], s["neg"], s["neu"])
        rows.append(row)
    return np.asarray(rows, dtype=float).reshape(len(texts), 4)


def classes(scores: np.ndarray) -> np.ndarray:
    """1 positive, -1 negative, 0 neutral, by the paper's +-0.05 band."""
    return np.where(scores >= THRESHOLD, 1, np.where(scores <= -THRESHOLD, -1, 0))
