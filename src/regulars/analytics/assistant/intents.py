"""Intent classification: a multinomial logistic regression on sentence embeddings, with an
out-of-scope threshold on the top probability calibrated on held-out examples (the "threshold"
baseline of Larson et al. 2019, CLINC150)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class IntentGuess:
    intent: str
    confidence: float
    explanation: str


class IntentModel:
    """scikit-learn contract: ``fit(X, y)``, ``predict(X)``, ``get_params()``; saved as JSON."""

    def __init__(self, C: float = 10.0, max_iter: int = 300):
        self.C, self.max_iter = C, max_iter
        self.classes_: list[str] = []
        self.coef_ = np.zeros((0, 0))
        self.intercept_ = np.zeros(0)
        self.threshold_ = 0.0

    def get_params(self, deep: bool = True) -> dict:
        return {"C": self.C, "max_iter": self.max_iter}

    def fit(self, X: np.ndarray, y: list[str]) -> IntentModel:
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=self.C, max_iter=self.max_iter).fit(X, y)
        self.classes_ = [str(c) for c in lr.classes_]
        self.coef_, self.intercept_ = lr.coef_.astype(float), lr.intercept_.astype(float)
        if len(self.classes_) == 2:  # binary: sklearn keeps one row; make it two for softmax
            self.coef_ = np.vstack([-self.coef_ / 2, self.coef_ / 2])
            self.intercept_ = np.array([-self.intercept_[0] / 2, self.intercept_[0] / 2])
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        z = X @ self.coef_.T + self.intercept_
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def calibrate(self, X_in: np.ndarray, X_out: np.ndarray | None = None) -> float:
        """Threshold on the top probability: the midpoint that best separates held-out in-scope
        from held-out out-of-scope examples; with no out-of-scope examples, the 5th percentile
        of the in-scope top probabilities."""
        top_in = self.predict_proba(X_in).max(axis=1)
        if X_out is None or len(X_out) == 0:
            self.threshold_ = float(np.quantile(top_in, 0.05))
            return self.threshold_
        top_out = self.predict_proba(X_out).max(axis=1)
        grid = np.unique(np.concatenate([top_in, top_out]))
        scores = [(top_in >= t).mean() + (top_out < t).mean() for t in grid]
        self.threshold_ = float(grid[int(np.argmax(scores))])
        return self.threshold_

    def predict(self, X: np.ndarray) -> list[str]:
        p = self.predict_proba(X)
        best = p.argmax(axis=1)
        return [
            self.classes_[i] if p[k, i] >= self.threshold_ else OUT_OF_SCOPE
            for k, i in enumerate(best)
        ]

    def guess(self, x: np.ndarray) -> IntentGuess:
        p = self.predict_proba(x.reshape(1, -1))[0]
        i = int(p.argmax())
        if p[i] < self.threshold_:
            return IntentGuess(
                OUT_OF_SCOPE,
                float(p[i]),
                f"Not sure: the best intent ({self.classes_[i]}) has {p[i]:.0%}, below the "
                f"calibrated threshold of {self.threshold_:.0%}.",
            )
        return IntentGuess(self.classes_[i], float(p[i]), f"{self.classes_[i]} at {p[i]:.0%}.")

    def to_document(self) -> dict:
        return {
            "params": self.get_params(),
            "classes": self.classes_,
            "coef": self.coef_.tolist(),
            "intercept": self.intercept_.tolist(),
            "threshold": self.threshold_,
        }

    @classmethod
    def from_document(cls, doc: dict) -> IntentModel:
        m = cls(**doc["params"])
        m.classes_ = list(doc["classes"])
        m.coef_, m.intercept_ = np.asarray(doc["coef"]), np.asarray(doc["intercept"])
        m.threshold_ = float(doc["threshold"])
        return m
