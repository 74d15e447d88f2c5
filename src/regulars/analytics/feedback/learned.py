"""The learned path: a logistic-regression head on sentence embeddings plus the lexicon's four
scores, trained on rated texts (stars as weak labels: 4-5 positive, 1-2 negative). Follows the
scikit-learn contract and persists as plain JSON (no pickle)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.analytics.feedback import embedding, lexicon

LEXICON_WEIGHT = 3.0  # the lexicon's scores scaled to weigh as much as a few embedding axes


def features(texts: list[str]) -> np.ndarray:
    """Embedding (256) then the lexicon's compound, pos, neg and neu (scaled) of each text."""
    return np.hstack([embedding.embed(texts), lexicon.features(texts) * LEXICON_WEIGHT])


def lexicon_compound(x: np.ndarray) -> np.ndarray:
    """The lexicon's compound score, read back from ``features``."""
    return x[:, -4] / LEXICON_WEIGHT


@dataclass(frozen=True)
class SentimentHead:
    """``p(positive) = sigmoid(features . coef + intercept)``."""

    coef: tuple[float, ...]
    intercept: float
    trained_on: int

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, c: float = 1.0) -> SentimentHead:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=c, max_iter=3000).fit(x, y.astype(int))
        return cls(tuple(float(v) for v in model.coef_[0]), float(model.intercept_[0]), len(y))

    def positive_probability(self, x: np.ndarray) -> np.ndarray:
        z = x @ np.asarray(self.coef) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def score(self, x: np.ndarray) -> np.ndarray:
        """A compound-like score in [-1, 1]: 2 p - 1."""
        return 2.0 * self.positive_probability(x) - 1.0

    def to_dict(self) -> dict:
        return {"coef": list(self.coef), "intercept": self.intercept, "trained_on": self.trained_on}

    @classmethod
    def from_dict(cls, d: dict) -> SentimentHead:
        return cls(tuple(d["coef"]), float(d["intercept"]), int(d["trained_on"]))
