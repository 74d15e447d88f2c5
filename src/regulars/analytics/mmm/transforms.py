"""The two media transforms and the baseline design.

Geometric adstock, normalised so a steady weekly spend ``s`` carries over to ``s``:
``a_t = (1 - d) x_t + d a_{t-1}``. Hill saturation with shape 1 (Michaelis-Menten):
``s(a) = a / (a + h)``, where ``h`` is the half-point (the weekly spend reaching half the channel's
ceiling ``beta``). The baseline: intercept, linear trend, Fourier terms of the year, and any extra
columns (holidays, promotions) the caller passes.
"""

from __future__ import annotations

import numpy as np

WEEKS_PER_YEAR = 52.1775


def adstock(x: np.ndarray, decay: float) -> np.ndarray:
    """Normalised geometric adstock of one or more series along axis 0."""
    x = np.asarray(x, float)
    out = np.empty_like(x)
    carry = np.zeros(x.shape[1:])
    for t in range(len(x)):
        carry = (1.0 - decay) * x[t] + decay * carry
        out[t] = carry
    return out


def hill(a: np.ndarray, half: float) -> np.ndarray:
    """Saturation in [0, 1): half the ceiling at ``a == half``."""
    a = np.asarray(a, float)
    return a / (a + half)


def hill_slope(a: np.ndarray, half: float) -> np.ndarray:
    """d hill / d a."""
    return half / (np.asarray(a, float) + half) ** 2


def baseline_design(
    n: int, fourier: int = 2, period: float = WEEKS_PER_YEAR, extra: np.ndarray | None = None
) -> np.ndarray:
    """Intercept, trend (scaled to [0, 1]), ``fourier`` sine/cosine pairs, then ``extra``."""
    t = np.arange(n, dtype=float)
    cols = [np.ones(n), t / max(n - 1, 1)]
    for k in range(1, fourier + 1):
        cols += [np.sin(2 * np.pi * k * t / period), np.cos(2 * np.pi * k * t / period)]
    design = np.column_stack(cols)
    if extra is not None and np.size(extra):
        design = np.column_stack([design, np.asarray(extra, float).reshape(n, -1)])
    return design
