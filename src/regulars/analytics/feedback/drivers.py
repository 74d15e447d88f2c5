"""Drivers: how much more often texts of a theme come with an unhappy customer (1-2 stars, NPS
0-6, CSAT 1-2) than texts without it, with Newcombe's interval for the difference. Association,
not cause."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.analytics.feedback.intervals import newcombe


@dataclass(frozen=True)
class Driver:
    theme: int
    with_theme: int
    unhappy_with: int
    without_theme: int
    unhappy_without: int
    difference: float  # unhappy share with the theme minus without
    low: float
    high: float

    @property
    def clear(self) -> bool:
        """Whether the interval excludes no difference."""
        return self.low > 0 or self.high < 0


def unhappy(rating: np.ndarray, nps: np.ndarray, csat: np.ndarray) -> np.ndarray:
    """1 unhappy, 0 not, -1 no answer; the first answer given of rating, NPS, CSAT."""
    r, n, c = (np.asarray(a, dtype=float) for a in (rating, nps, csat))
    out = np.full(len(r), -1)
    out = np.where(~np.isnan(c), (c <= 2).astype(int), out)
    out = np.where(~np.isnan(n), (n <= 6).astype(int), out)
    return np.where(~np.isnan(r), (r <= 2).astype(int), out)


def drivers(matrix: np.ndarray, unhappy_flag: np.ndarray) -> list[Driver]:
    """One driver per theme with answered texts, the largest difference first."""
    rated = unhappy_flag >= 0
    u = unhappy_flag == 1
    out = []
    for k in range(matrix.shape[1]):
        has = matrix[:, k] & rated
        not_has = ~matrix[:, k] & rated
        n1, n2 = int(has.sum()), int(not_has.sum())
        if n1 == 0 or n2 == 0:
            continue
        k1, k2 = int((has & u).sum()), int((not_has & u).sum())
        low, high = newcombe(k1, n1, k2, n2)
        out.append(Driver(k, n1, k1, n2, k2, k1 / n1 - k2 / n2, low, high))
    return sorted(out, key=lambda d: -d.difference)
