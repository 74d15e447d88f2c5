"""The fit: profile over each channel's adstock decay and saturation half-point, non-negative
least squares for the channel ceilings, the baseline projected out exactly.

For fixed transforms the model is linear: ``y = B b + F(decay, half) beta + e``. Minimising over
the baseline ``b`` leaves ``||M (y - F beta)||^2`` with ``M`` the projection off the baseline's
columns, so each candidate transform costs one small NNLS (``beta >= 0``: spend never removes
revenue). A ridge term keeps the ceilings from running away where saturation is not identified, and
a user's prior ("email caused 40,000 over these weeks, give or take 8,000") is one extra row
``(sum_t F_c(t)) beta_c = target`` weighted by the noise over the prior's spread. The transforms
are chosen channel by channel (coordinate descent over a grid) for a few sweeps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import nnls

from regulars.analytics.mmm.transforms import adstock, hill

DECAYS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
#: Half-points as multiples of the channel's mean weekly spend.
HALVES = (0.25, 0.4, 0.6, 0.8, 1.0, 1.3, 1.7, 2.2, 3.0, 4.0)
RIDGE = 0.05


@dataclass(frozen=True, slots=True)
class Prior:
    """A measured effect: channel ``index`` caused ``total`` (in revenue units) with standard
    deviation ``sd`` over weeks ``start`` to ``stop`` (default: every fitted week)."""

    index: int
    total: float
    sd: float
    start: int = 0
    stop: int | None = None


@dataclass(frozen=True, slots=True)
class Solution:
    """One fit in scaled units: per channel the grid index of decay and half, the ceilings; the
    baseline coefficients; residual sum of squares."""

    decay_idx: np.ndarray
    half_idx: np.ndarray
    beta: np.ndarray
    base: np.ndarray
    sse: float


def features(spend: np.ndarray) -> np.ndarray:
    """(channels, decays * halves, weeks) saturated adstock of spend scaled to mean 1."""
    n, k = spend.shape
    out = np.empty((k, len(DECAYS) * len(HALVES), n))
    for i, d in enumerate(DECAYS):
        a = adstock(spend, d)
        for j, h in enumerate(HALVES):
            out[:, i * len(HALVES) + j, :] = hill(a, h).T
    return out


def projector(base: np.ndarray) -> np.ndarray:
    """M = I - B (B'B)^-1 B'."""
    q, _ = np.linalg.qr(base)
    return np.eye(len(base)) - q @ q.T


class Problem:
    """Everything fixed across candidates and bootstrap draws: features projected once."""

    def __init__(self, spend, base, priors=(), ridge=RIDGE, sigma=1.0):
        self.base = base
        self.m = projector(base)
        self.raw = features(spend)
        self.proj = np.einsum("ij,kgj->kgi", self.m, self.raw)
        self.windowed = [self.raw[p.index, :, p.start : p.stop].sum(axis=1) for p in priors]
        self.k = spend.shape[1]
        self.ridge = ridge
        self.priors = tuple(priors)
        self.sigma = sigma

    def _system(self, idx: np.ndarray, yt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The stacked least-squares system at grid point ``idx``: the projected features, the
        ridge rows, one row per prior; built once and edited column by column."""
        k, n = self.k, len(yt)
        a = np.zeros((n + k + len(self.priors), k))
        a[:n] = self.proj[np.arange(k), idx].T
        a[n : n + k] = np.diag(np.sqrt(np.broadcast_to(self.ridge, (k,))))
        b = np.concatenate([yt, np.zeros(k), [p.total * self.sigma / p.sd for p in self.priors]])
        for j, c in enumerate(idx):
            self._set(a, n, c, j)
        return a, b

    def _set(self, a: np.ndarray, n: int, cand: int, c: int) -> None:
        """Column ``c`` of the system at grid point ``cand``."""
        a[:n, c] = self.proj[c, cand]
        for j, (p, tot) in enumerate(zip(self.priors, self.windowed)):
            if p.index == c:
                a[n + self.k + j, c] = tot[cand] * self.sigma / p.sd

    def fit(self, y: np.ndarray, start: np.ndarray | None = None, sweeps: int = 3) -> Solution:
        """Coordinate descent over the whole grid, channel by channel, from ``start``."""
        yt = self.m @ y
        n, g = len(yt), self.proj.shape[1]
        idx = np.full(self.k, g // 2) if start is None else start.copy()
        a, b = self._system(idx, yt)
        for _ in range(sweeps):
            changed = False
            for c in range(self.k):
                best, best_sse = idx[c], np.inf
                for cand in range(g):
                    self._set(a, n, cand, c)
                    sse = nnls(a, b, maxiter=200)[1] ** 2
                    if sse < best_sse - 1e-12:
                        best, best_sse = cand, sse
                changed |= best != idx[c]
                idx[c] = best
                self._set(a, n, best, c)
            if not changed:
                break
        beta, norm = nnls(a, b, maxiter=200)
        rows = np.arange(self.k)
        media = self.raw[rows, idx].T @ beta
        base, *_ = np.linalg.lstsq(self.base, y - media, rcond=None)
        nh = len(HALVES)
        return Solution(idx // nh, idx % nh, beta, base, float(norm**2))

    def grid_index(self, sol: Solution) -> np.ndarray:
        return sol.decay_idx * len(HALVES) + sol.half_idx

    def media(self, sol: Solution) -> np.ndarray:
        """(weeks, channels) contribution of each channel in scaled units."""
        idx = self.grid_index(sol)
        return self.raw[np.arange(self.k), idx].T * sol.beta


def block_resample(rng: np.random.Generator, resid: np.ndarray, block: int) -> np.ndarray:
    """Circular moving-block resample of residuals (keeps a few weeks of autocorrelation)."""
    n = len(resid)
    starts = rng.integers(0, n, -(-n // block))
    idx = (starts[:, None] + np.arange(block)[None, :]).ravel()[:n] % n
    return resid[idx]
