"""Exponential smoothing for a batch of series: additive ETS (level, damped trend, season) with its
smoothing parameters chosen per series from a grid by AICc, and simple exponential smoothing.

The recursion runs once over time for every series and every grid point together (arrays of shape
(series, grid)), so a thousand series cost about as much as a few.
"""

from __future__ import annotations

import itertools

import numpy as np

ALPHAS = (0.05, 0.15, 0.3, 0.5, 0.8)
BETAS = (0.01, 0.05)  # as a share of alpha
PHIS = (0.9, 0.98)
GAMMAS = (0.02, 0.1, 0.25)


def ets_grid(seasonal: bool) -> np.ndarray:
    """Rows (alpha, beta, phi, gamma, parameters): ANN, AAdN and, with a season, ANA and AAdA."""
    rows = [(a, 0.0, 0.0, 0.0, 1) for a in ALPHAS]
    rows += [(a, a * b, p, 0.0, 4) for a, b, p in itertools.product(ALPHAS, BETAS, PHIS)]
    if seasonal:
        rows += [(a, 0.0, 0.0, g, 2) for a, g in itertools.product(ALPHAS, GAMMAS)]
        rows += [
            (a, a * b, p, g * (1 - a), 5)
            for a, b, p, g in itertools.product(ALPHAS, BETAS, PHIS, GAMMAS)
        ]
    return np.array(rows, dtype=float)


def _initial(y: np.ndarray, m: int, grid: np.ndarray):
    s_count = y.shape[0]
    k = min(m, y.shape[1] // 2) if m > 1 else 1
    first = y[:, :k].mean(axis=1)
    second = y[:, k : 2 * k].mean(axis=1) if y.shape[1] >= 2 * k else first
    level = np.repeat(first[:, None], len(grid), axis=1)
    trend = ((second - first) / k)[:, None] * (grid[:, 2] > 0)[None, :]
    season = np.zeros((max(m, 1), s_count, len(grid)))
    if m > 1 and y.shape[1] >= m:
        seasonal = (y[:, :m] - first[:, None]).T[:, :, None]
        season = seasonal * (grid[:, 3] > 0)[None, None, :]
    return level, trend, season


def ets_filter(y: np.ndarray, m: int, grid: np.ndarray):
    """Run every grid point over every series: (sse, level, trend, season, t_end)."""
    alpha, beta, phi, gamma = (grid[:, i][None, :] for i in range(4))
    level, trend, season = _initial(y, m, grid)
    sse = np.zeros_like(level)
    width = season.shape[0]
    columns = np.ascontiguousarray(y.T)[:, :, None]
    for t in range(y.shape[1]):
        j = t % width
        damped = phi * trend
        error = columns[t] - (level + damped + season[j])
        level = level + damped + alpha * error
        trend = damped + beta * error
        season[j] += gamma * error
        sse += error * error
    return sse, level, trend, season


def _aicc(sse: np.ndarray, n: int, k: np.ndarray) -> np.ndarray:
    k = k + 1.0
    base = n * np.log(np.maximum(sse / n, 1e-12)) + 2 * k
    return base + 2 * k * (k + 1) / np.maximum(n - k - 1, 1)


def ets(y: np.ndarray, m: int, h: int):
    """ETS(A,N,N), (A,Ad,N), (A,N,A) or (A,Ad,A) per series, chosen by AICc: (mean, sd)."""
    grid = ets_grid(seasonal=m > 1 and y.shape[1] >= 2 * m)
    sse, level, trend, season = ets_filter(y, m, grid)
    n = y.shape[1]
    best = np.argmin(_aicc(sse, n, grid[:, 4][None, :]), axis=1)
    rows = np.arange(y.shape[0])
    alpha, beta, phi, gamma = (grid[best, i][:, None] for i in range(4))
    steps = np.arange(1, h + 1)[None, :]
    damp_sum = np.cumsum(phi**steps, axis=1)
    width = season.shape[0]
    future = season[:, rows, best].T[:, (n + steps[0] - 1) % width]
    mean = level[rows, best][:, None] + damp_sum * trend[rows, best][:, None] + future
    sigma = np.sqrt(sse[rows, best] / n)[:, None]
    c = alpha + beta * np.cumsum(phi**steps, axis=1) + gamma * (steps % max(width, 1) == 0)
    var = 1 + np.concatenate([np.zeros((y.shape[0], 1)), np.cumsum(c**2, axis=1)[:, :-1]], 1)
    return mean, sigma * np.sqrt(var)


def ses(y: np.ndarray):
    """Simple exponential smoothing with alpha from a fine grid by SSE: (alpha, level, sigma)."""
    grid = np.array([(a, 0.0, 0.0, 0.0, 1) for a in np.linspace(0.05, 0.95, 19)])
    sse, level, _, _ = ets_filter(y, 1, grid)
    best = np.argmin(sse, axis=1)
    rows = np.arange(y.shape[0])
    return grid[best, 0], level[rows, best], np.sqrt(sse[rows, best] / y.shape[1])
