"""Model watch, pure numpy: a saved prediction against what happened, and the input mix's drift.

- ``predicted_vs_actual``: per month since the prediction, the purchases it expected (summed over
  customers) against those that happened; the error is the mean absolute percentage error over
  the months (months with no actual purchases are left out of it, never divided by).
- ``psi``: the population stability index of one feature between the scoring's values
  (``expected``) and today's (``actual``): sum over bins of (a - e) * ln(a / e), with the bins cut
  at the expected values' deciles (Siddiqi, *Credit Risk Scorecards*, 2006, ch. 8) and empty bins
  given a small floor so a logarithm is never of zero. Below 0.1 the mix is stable, 0.1 to 0.25 it
  moved a little, above 0.25 it moved enough to distrust the model (the usual reading).
- ``watch``: the verdict: a drift alert when any main feature's PSI is above 0.25, or when the
  error grew by more than ``error_growth`` (absolute) over the validation's error.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PSI_ALERT = 0.25
PSI_MOVED = 0.1
FLOOR = 1e-4  # the share an empty bin is given


@dataclass(frozen=True, slots=True)
class MonthlyComparison:
    months: tuple[str, ...]  # "2026-01", ...
    predicted: tuple[float, ...]
    actual: tuple[float, ...]
    mape: float | None  # mean absolute percentage error over months with purchases; None: none


@dataclass(frozen=True, slots=True)
class FeatureDrift:
    feature: str
    psi: float
    reading: str  # stable | moved | drifted


@dataclass(frozen=True, slots=True)
class ModelWatch:
    comparison: MonthlyComparison
    drift: tuple[FeatureDrift, ...]
    alert: bool
    explanation: str


def predicted_vs_actual(
    months: list[str], predicted: np.ndarray, actual: np.ndarray
) -> MonthlyComparison:
    """``predicted`` and ``actual``: purchases per month (one value per ``months``)."""
    p, a = np.asarray(predicted, float), np.asarray(actual, float)
    if p.shape != a.shape or len(months) != len(p):
        raise ValueError("one predicted and one actual value per month")
    seen = a > 0
    mape = float(np.mean(np.abs(p[seen] - a[seen]) / a[seen])) if seen.any() else None
    return MonthlyComparison(tuple(months), tuple(p.tolist()), tuple(a.tolist()), mape)


def _edges(expected: np.ndarray, bins: int) -> np.ndarray:
    cuts = np.unique(np.quantile(expected, np.linspace(0, 1, bins + 1)[1:-1]))
    return np.concatenate([[-np.inf], cuts, [np.inf]])


def psi(expected, actual, bins: int = 10) -> float:
    """The population stability index of ``actual`` against ``expected`` (1-d arrays)."""
    e, a = np.asarray(expected, float), np.asarray(actual, float)
    e, a = e[np.isfinite(e)], a[np.isfinite(a)]
    if len(e) == 0 or len(a) == 0:
        raise ValueError("both samples need at least one value")
    edges = _edges(e, bins)
    e_share = np.histogram(e, edges)[0] / len(e)
    a_share = np.histogram(a, edges)[0] / len(a)
    e_share, a_share = np.maximum(e_share, FLOOR), np.maximum(a_share, FLOOR)
    return float(np.sum((a_share - e_share) * np.log(a_share / e_share)))


def reading(value: float) -> str:
    return "drifted" if value > PSI_ALERT else "moved" if value > PSI_MOVED else "stable"


def watch(
    comparison: MonthlyComparison,
    features: dict[str, tuple[np.ndarray, np.ndarray]],
    validated_error: float | None = None,
    error_growth: float = 0.15,
) -> ModelWatch:
    """The verdict over the comparison and each feature's (then, now) values."""
    drift = tuple(
        FeatureDrift(name, round(v, 4), reading(v))
        for name, (then, now) in features.items()
        for v in [psi(then, now)]
    )
    drifted = [d.feature for d in drift if d.reading == "drifted"]
    worse = (
        comparison.mape is not None
        and validated_error is not None
        and comparison.mape - validated_error > error_growth
    )
    words = []
    if comparison.mape is None:
        words.append("no purchases have happened since the prediction yet to compare with")
    else:
        words.append(f"predicted purchases were off by {comparison.mape:.0%} a month on average")
    if worse:
        words.append(f"worse than the {validated_error:.0%} it was validated at")
    if drifted:
        words.append(f"the input mix moved (PSI above {PSI_ALERT}): {', '.join(drifted)}")
    return ModelWatch(comparison, drift, bool(drifted or worse), "; ".join(words) + ".")
