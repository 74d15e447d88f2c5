"""Frozen result objects of the customer-lifetime models, each with a plain-words ``explanation``.

Arrays inside results are numpy arrays; the dataclasses compare by identity (``eq=False``) so that
nobody compares arrays by accident.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class FitResult:
    """A fitted model's estimates, their uncertainty and whether the fit can be trusted."""

    model: str
    params: dict[str, float]
    standard_errors: dict[str, float]
    confidence_intervals: dict[str, tuple[float, float]]
    log_likelihood: float
    n_customers: float
    n_rows: int
    converged: bool
    n_iterations: int
    message: str
    explanation: str


@dataclass(frozen=True, eq=False)
class CustomerScores:
    """Per-customer predictions from a purchase model (and optionally a spend model)."""

    horizon: float
    expected_purchases: np.ndarray
    probability_alive: np.ndarray
    probability_of_purchase: np.ndarray
    risk_tier: np.ndarray
    expected_spend: np.ndarray | None
    clv: np.ndarray | None
    reasons: tuple[str, ...]
    explanation: str


@dataclass(frozen=True, eq=False)
class HoldoutComparison:
    """Predicted vs actual holdout repeat purchases, per calibration-frequency bucket."""

    buckets: tuple[str, ...]
    n_customers: np.ndarray
    predicted: np.ndarray
    actual: np.ndarray
    total_predicted: float
    total_actual: float
    explanation: str

    def rows(self) -> list[dict]:
        """The table as plain rows (bucket, customers, predicted, actual)."""
        return [
            {"bucket": b, "customers": int(n), "predicted": float(p), "actual": float(a)}
            for b, n, p, a in zip(self.buckets, self.n_customers, self.predicted, self.actual)
        ]


@dataclass(frozen=True, eq=False)
class ModelComparison:
    """Which of several models predicted the holdout best."""

    mean_absolute_error: dict[str, float]
    total_error: dict[str, float]
    better: str
    explanation: str


@dataclass(frozen=True, eq=False)
class DataSufficiency:
    """Whether the data meet the minimums for fitting a buy-till-you-die model, and why not."""

    sufficient: bool
    n_customers: int
    n_repeat_buyers: int
    typical_gap: float
    history_length: float
    reasons: tuple[str, ...]
    explanation: str


@dataclass(frozen=True, eq=False)
class HeuristicScores:
    """Rule-of-thumb scores used when the data are too thin for a model. Every output says so."""

    historic_value: np.ndarray
    time_since_last: np.ndarray
    usual_gap: np.ndarray
    gaps_overdue: np.ndarray
    status: np.ndarray
    reasons: tuple[str, ...]
    explanation: str
