"""Lead models: one-hot attributes, logistic regression (L2) and gradient boosting, chosen by
log-loss on the most recent leads (a time split), then refitted on all; AUC, Brier score, a
calibration curve and the lift of the top decile on the split.

Factors: for the logistic regression, each attribute's term ``coef * (x - mean)`` is an exact,
additive part of the lead's log-odds relative to an average lead, shown as an odds multiplier;
for trees, the change in log-odds when the attribute is set to its average (an approximation:
the parts need not add up)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

MIN_LEADS, MIN_CONVERSIONS = 200, 40


def encode(attributes: dict[str, list[str]], levels: dict[str, list[str]] | None = None):
    """One-hot columns (name, value) and the matrix; ``levels`` fixes the columns (scoring)."""
    if levels is None:
        levels = {c: sorted({v for v in vals if v is not None}) for c, vals in attributes.items()}
    columns = [(c, v) for c, values in levels.items() for v in values]
    n = len(next(iter(attributes.values()))) if attributes else 0
    x = np.zeros((n, len(columns)))
    arrays = {c: np.asarray(attributes.get(c, [None] * n), dtype=object) for c in levels}
    for j, (c, v) in enumerate(columns):
        x[:, j] = arrays[c] == v
    return levels, columns, x


@dataclass(frozen=True)
class Validation:
    model: str
    auc: float | None
    brier: float
    log_loss: float
    top_decile_lift: float | None
    calibration: tuple[tuple[float, float, int], ...]  # (mean predicted, observed, leads)
    train: int
    test: int


@dataclass(frozen=True)
class Factor:
    attribute: str
    value: str
    odds_multiplier: float
    text: str


def _calibration(p: np.ndarray, y: np.ndarray, bins: int = 5):
    edges = np.quantile(p, np.linspace(0, 1, bins + 1))
    which = np.clip(np.searchsorted(edges[1:-1], p, side="right"), 0, bins - 1)
    return tuple((float(p[which == b].mean()), float(y[which == b].mean()), int((which == b).sum()))
                 for b in range(bins) if (which == b).any())  # fmt: skip


def _validation(name: str, p: np.ndarray, y: np.ndarray, train: int) -> Validation:
    both = len(set(y.tolist())) == 2
    top = p >= np.quantile(p, 0.9)
    lift = float(y[top].mean() / y.mean()) if y.mean() > 0 else None
    return Validation(name, float(roc_auc_score(y, p)) if both else None,
                      float(brier_score_loss(y, p)), float(log_loss(y, p, labels=[0, 1])), lift,
                      _calibration(p, y), train, len(y))  # fmt: skip


def _estimator(name: str):
    if name == "logistic":
        return LogisticRegression(C=1.0, max_iter=1000)
    return HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=8,
                                          l2_regularization=1.0)  # fmt: skip


@dataclass(frozen=True)
class LeadModel:
    name: str
    levels: dict
    columns: tuple
    estimator: object
    mean: np.ndarray
    validations: tuple[Validation, ...]

    def predict(self, attributes: dict[str, list[str]]) -> np.ndarray:
        _, _, x = encode(attributes, self.levels)
        return self.estimator.predict_proba(x)[:, 1]

    def factors(self, attributes: dict[str, list[str]], top: int = 3) -> list[list[Factor]]:
        """Each lead's ``top`` attributes by the size of their part of the log-odds."""
        _, _, x = encode(attributes, self.levels)
        parts = self._parts(x)
        names = list(self.levels)
        out = []
        for i in range(len(x)):
            row = []
            for k in np.argsort(-np.abs(parts[i]), kind="stable")[:top]:
                if abs(parts[i, k]) < 1e-9:
                    continue
                value = attributes[names[k]][i] or "unknown"
                odds = float(np.exp(parts[i, k]))
                row.append(Factor(names[k], value, odds, f"{names[k]} {value}: x{odds:.2f}"))
            out.append(row)
        return out

    def _parts(self, x: np.ndarray) -> np.ndarray:
        """(leads, attributes): each attribute's part of the log-odds against an average lead."""
        groups = [[j for j, (c, _) in enumerate(self.columns) if c == a] for a in self.levels]
        if self.name == "logistic":
            coef = self.estimator.coef_[0]
            return np.column_stack([(x[:, g] - self.mean[g]) @ coef[g] for g in groups])
        base = _logit(self.estimator.predict_proba(x)[:, 1])
        cols = []
        for g in groups:
            averaged = x.copy()
            averaged[:, g] = self.mean[g]
            cols.append(base - _logit(self.estimator.predict_proba(averaged)[:, 1]))
        return np.column_stack(cols)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def fit_lead_model(attributes: dict[str, list[str]], converted: np.ndarray,
                   order: np.ndarray) -> LeadModel:  # fmt: skip
    """Fit both models on the earliest 70% of leads (``order``: arrival), score the rest, pick
    the lower log-loss, refit it on all leads."""
    levels, columns, x = encode(attributes)
    y = np.asarray(converted, dtype=int)
    idx = np.argsort(order, kind="stable")
    cut = int(len(idx) * 0.7)
    train, test = idx[:cut], idx[cut:]
    checks = []
    for name in ("logistic", "boosting"):
        est = _estimator(name).fit(x[train], y[train])
        checks.append(_validation(name, est.predict_proba(x[test])[:, 1], y[test], cut))
    best = min(checks, key=lambda v: v.log_loss)
    final = _estimator(best.model).fit(x, y)
    return LeadModel(best.model, levels, tuple(columns), final, x.mean(axis=0), tuple(checks))
