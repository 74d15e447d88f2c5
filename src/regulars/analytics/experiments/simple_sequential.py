"""Evan Miller's simple sequential test (evanmiller.org/sequential-ab-testing.html).

Choose N; split traffic 50/50; count conversions from treatment (T) and control (C). Stop and
declare the treatment the winner when ``T - C`` reaches ``d``; stop with no winner when
``T + C`` reaches ``N``. Under no effect ``T - C`` is a fair random walk over conversions, so the
false-positive rate is the gambler's-ruin probability of reaching ``d`` within ``N`` steps,
``R(N, d) = sum_n d/n C(n, (n+d)/2) 2^-n`` (about ``d = 2 sqrt(N)`` at 5%). Under a relative
lift ``delta`` a conversion comes from the treatment with probability ``(1 + delta) /
(2 + delta)``, which gives the power the same way. ``simple_sequential_design`` finds the smallest
N (and its d) with the false-positive rate at most ``alpha`` and the power at least ``power``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln


@dataclass(frozen=True)
class SimpleSequentialDesign:
    conversions: int  # N: stop with no winner when T + C reaches it
    threshold: int  # d: stop, treatment wins, when T - C reaches it
    false_positive_rate: float
    power: float
    alpha: float
    target_power: float
    lift: float
    error: str | None = None


def hit_probability(n_max: int, d: int, p: float = 0.5) -> float:
    """P(a walk with up-steps of probability ``p`` reaches ``+d`` within ``n_max`` steps)."""
    if d <= 0:
        return 1.0
    n = np.arange(d, n_max + 1, 2, dtype=float)
    if n.size == 0:
        return 0.0
    up, down = (n + d) / 2, (n - d) / 2
    log_terms = (
        np.log(d / n)
        + gammaln(n + 1)
        - gammaln(up + 1)
        - gammaln(down + 1)
        + up * math.log(p)
        + (down * math.log1p(-p) if p < 1 else 0.0)
    )
    return float(min(1.0, np.exp(log_terms).sum()))


def threshold_for(n_max: int, alpha: float) -> int:
    """The smallest d whose false-positive rate within ``n_max`` conversions is at most alpha."""
    d = max(1, int(1.5 * math.sqrt(n_max)))
    while d > 1 and hit_probability(n_max, d - 1) <= alpha:
        d -= 1
    while hit_probability(n_max, d) > alpha:
        d += 1
    return d


def _power(n_max: int, alpha: float, lift: float) -> tuple[int, float]:
    d = threshold_for(n_max, alpha)
    return d, hit_probability(n_max, d, (1 + lift) / (2 + lift))


def simple_sequential_design(
    lift: float, *, alpha: float = 0.05, power: float = 0.8, max_conversions: int = 2_000_000
) -> SimpleSequentialDesign:
    """The smallest N (conversions in both arms together) and its d for a relative ``lift``."""
    if not lift > 0 or not 0 < alpha < 0.5 or not 0 < power < 1:
        return SimpleSequentialDesign(
            0, 0, 0.0, 0.0, alpha, power, lift,
            "Give a positive relative lift, alpha below 0.5 and power between 0 and 1.",
        )  # fmt: skip
    high = 16
    while _power(high, alpha, lift)[1] < power:
        high *= 2
        if high > max_conversions:
            return SimpleSequentialDesign(
                0, 0, 0.0, 0.0, alpha, power, lift, "The lift is too small to detect."
            )
    low = high // 2
    while high - low > 1:  # power grows with N up to the steps of d
        mid = (low + high) // 2
        low, high = (mid, high) if _power(mid, alpha, lift)[1] < power else (low, mid)
    d, reached = _power(high, alpha, lift)
    return SimpleSequentialDesign(high, d, hit_probability(high, d), reached, alpha, power, lift)
