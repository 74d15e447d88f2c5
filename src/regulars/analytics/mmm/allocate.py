"""Where the next dollar goes: the split of a weekly budget that maximises expected revenue under
the fitted response curves.

At a steady weekly spend ``s`` a channel brings ``beta * s / (s + half)`` a week (the adstock is
normalised, so steady spend carries over to itself). The curves are concave, so the optimum is
where every funded channel's marginal return is equal: ``beta h / (s + h)^2 = lambda``, i.e.
``s = sqrt(beta h / lambda) - h`` clipped to the bounds, with ``lambda`` found by root finding
(:func:`scipy.optimize.brentq`) so the split spends exactly the budget. With a fixed budget the
revenue-maximising split is also the profit-maximising one.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq


def weekly_revenue(split: np.ndarray, beta: np.ndarray, half: np.ndarray) -> np.ndarray:
    """Revenue per week each channel brings at steady weekly spend ``split``."""
    split = np.asarray(split, float)
    return beta * split / (split + half)


def _split_at(lam: float, beta, half, low, high) -> np.ndarray:
    s = np.sqrt(np.maximum(beta * half, 0.0) / lam) - half
    return np.clip(s, low, high)


def optimal_split(budget: float, beta, half, low=None, high=None) -> np.ndarray:
    """The weekly split of ``budget`` maximising ``sum weekly_revenue`` within ``[low, high]``."""
    beta, half = np.asarray(beta, float), np.maximum(np.asarray(half, float), 1e-9)
    low = np.zeros_like(beta) if low is None else np.asarray(low, float)
    high = np.full_like(beta, budget) if high is None else np.asarray(high, float)
    if budget <= low.sum():
        return low * (budget / low.sum()) if low.sum() else low
    if budget >= high.sum():
        return high.copy()
    slope0 = np.max(beta / half) + 1e-12
    gap = lambda lam: _split_at(lam, beta, half, low, high).sum() - budget  # noqa: E731
    lo_lam = 1e-18
    if gap(lo_lam) < 0:
        return high.copy()
    lam = brentq(gap, lo_lam, slope0 * 1.0001, xtol=1e-15, maxiter=200)
    split = _split_at(lam, beta, half, low, high)
    room = high - split
    rest = budget - split.sum()
    if abs(rest) > 1e-9 and room.sum() > 0:
        split = split + rest * room / room.sum()
    return split
