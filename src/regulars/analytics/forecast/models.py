"""The forecasting models, each for a batch of series of equal length ``y`` (series, periods).

* ``naive`` and ``seasonal_naive``: the baselines every other model has to beat;
* ``ets``: additive exponential smoothing chosen by AICc (:mod:`.smoothing`);
* ``theta``: the Theta method as simple exponential smoothing with drift (Hyndman & Billah 2003),
  on the seasonally adjusted series;
* ``harmonic``: linear trend plus Fourier terms for each season (weekly and yearly for days);
* ``combination``: the mean of ETS, Theta and harmonic regression;
* ``croston`` and ``tsb``: intermittent demand (Croston 1972; Teunter, Syntetos & Babai 2011).

Intervals assume normal errors with the model's standard deviation per horizon step; the
backtest measures how often they actually hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from regulars.analytics.forecast.smoothing import ets, ses


@dataclass(frozen=True)
class Prediction:
    """Point forecasts and error standard deviations, both (series, horizon)."""

    mean: np.ndarray
    sd: np.ndarray

    def interval(self, z: float, floor: float | None = 0.0) -> tuple[np.ndarray, np.ndarray]:
        low, high = self.mean - z * self.sd, self.mean + z * self.sd
        if floor is not None:
            low, high = np.maximum(low, floor), np.maximum(high, floor)
        return low, high


def _residual_sd(errors: np.ndarray) -> np.ndarray:
    return np.sqrt(np.nanmean(errors**2, axis=1))[:, None]


def naive(y: np.ndarray, m: int, h: int) -> Prediction:
    sd = _residual_sd(np.diff(y, axis=1))
    return Prediction(np.repeat(y[:, -1:], h, axis=1), sd * np.sqrt(np.arange(1, h + 1)))


def seasonal_naive(y: np.ndarray, m: int, h: int) -> Prediction:
    if m <= 1 or y.shape[1] <= m:
        return naive(y, m, h)
    steps = np.arange(h)
    mean = y[:, y.shape[1] - m + steps % m]
    sd = _residual_sd(y[:, m:] - y[:, :-m])
    return Prediction(mean, sd * np.sqrt(steps // m + 1))


def seasonal_indices(y: np.ndarray, m: int) -> np.ndarray:
    """Additive seasonal indices (series, m) from each cycle's deviation from its own mean."""
    cycles = y.shape[1] // m
    if m <= 1 or cycles < 2:
        return np.zeros((y.shape[0], max(m, 1)))
    tail = y[:, y.shape[1] - cycles * m :].reshape(y.shape[0], cycles, m)
    index = (tail - tail.mean(axis=2, keepdims=True)).mean(axis=1)
    shift = (y.shape[1] - cycles * m) % m  # tail starts at this phase of the season
    return np.roll(index, shift, axis=1)


def theta(y: np.ndarray, m: int, h: int) -> Prediction:
    n = y.shape[1]
    season = seasonal_indices(y, m)
    phase = np.arange(n) % season.shape[1]
    adjusted = y - season[:, phase]
    t = np.arange(n, dtype=float)
    slope = ((t - t.mean()) * (adjusted - adjusted.mean(axis=1, keepdims=True))).sum(axis=1)
    slope = slope / ((t - t.mean()) ** 2).sum()
    alpha, level, sigma = ses(adjusted)
    steps = np.arange(1, h + 1)[None, :]
    a = alpha[:, None]
    drift = slope[:, None] / 2 * (steps - 1 + 1 / a - (1 - a) ** n / a)
    mean = level[:, None] + drift + season[:, (n + steps[0] - 1) % season.shape[1]]
    return Prediction(mean, sigma[:, None] * np.sqrt(1 + (steps - 1) * a**2))


def _fourier(t: np.ndarray, periods: tuple[tuple[float, int], ...]) -> np.ndarray:
    columns = [np.ones_like(t), t / max(len(t), 1)]
    for period, k in periods:
        for j in range(1, k + 1):
            columns += [np.sin(2 * np.pi * j * t / period), np.cos(2 * np.pi * j * t / period)]
    return np.column_stack(columns)


SEASONS: dict[int, tuple[tuple[float, int], ...]] = {
    7: ((7.0, 3), (365.25, 6)),
    52: ((365.25 / 7, 6),),
    12: ((12.0, 4),),
    4: ((4.0, 1),),
}


def harmonic(y: np.ndarray, m: int, h: int) -> Prediction:
    n = y.shape[1]
    periods = tuple((p, k) for p, k in SEASONS.get(m, ()) if n >= 1.2 * p)
    t = np.arange(n + h, dtype=float)
    x_all = _fourier(t, periods)
    x_all[:, 1] = t / n
    x, x_new = x_all[:n], x_all[n:]
    coef, *_ = np.linalg.lstsq(x, y.T, rcond=None)
    resid = y - (x @ coef).T
    dof = max(n - x.shape[1], 1)
    sigma = np.sqrt((resid**2).sum(axis=1) / dof)[:, None]
    leverage = np.einsum("ij,jk,ik->i", x_new, np.linalg.pinv(x.T @ x), x_new)
    return Prediction((x_new @ coef).T, sigma * np.sqrt(1 + leverage)[None, :])


def combination(y: np.ndarray, m: int, h: int) -> Prediction:
    parts = [MODELS[name](y, m, h) for name in COMBINED]
    mean = np.mean([p.mean for p in parts], axis=0)
    return Prediction(mean, np.mean([p.sd for p in parts], axis=0))


def ets_model(y: np.ndarray, m: int, h: int) -> Prediction:
    return Prediction(*ets(y, m, h))


def _intermittent(y: np.ndarray, h: int, alpha: float, beta: float, tsb: bool) -> Prediction:
    nonzero = y > 0
    first = np.where(nonzero.any(axis=1), nonzero.argmax(axis=1), 0)
    size = np.where(nonzero.any(axis=1), y[np.arange(len(y)), first], 0.0)
    prob = np.clip(nonzero.mean(axis=1), 1e-3, 1.0)
    gap, since = 1 / prob, np.ones(len(y))
    errors = np.empty_like(y, dtype=float)
    for t in range(y.shape[1]):
        forecast = prob * size if tsb else size / gap
        errors[:, t] = y[:, t] - forecast
        hit = nonzero[:, t]
        size = np.where(hit, size + alpha * (y[:, t] - size), size)
        if tsb:
            prob = prob + beta * (hit - prob)
        else:
            gap = np.where(hit, gap + alpha * (since - gap), gap)
            since = np.where(hit, 1.0, since + 1)
    mean = (prob * size if tsb else size / gap)[:, None]
    return Prediction(np.repeat(mean, h, axis=1), np.repeat(_residual_sd(errors), h, axis=1))


def croston(y: np.ndarray, m: int, h: int) -> Prediction:
    return _intermittent(y, h, 0.1, 0.0, tsb=False)


def tsb(y: np.ndarray, m: int, h: int) -> Prediction:
    return _intermittent(y, h, 0.1, 0.1, tsb=True)


Model = Callable[[np.ndarray, int, int], Prediction]
#: Every model by name, the baselines first.
MODELS: dict[str, Model] = {
    "naive": naive,
    "seasonal_naive": seasonal_naive,
    "ets": ets_model,
    "theta": theta,
    "harmonic": harmonic,
    "combination": combination,
    "croston": croston,
    "tsb": tsb,
}
COMBINED = ("ets", "theta", "harmonic")
SMOOTH = ("naive", "seasonal_naive", "ets", "theta", "harmonic", "combination")
INTERMITTENT = ("naive", "seasonal_naive", "croston", "tsb")


def is_intermittent(y: np.ndarray) -> np.ndarray:
    """Average demand interval above 1.32 (Syntetos & Boylan's cut-off), per series."""
    return (y > 0).mean(axis=1) < 1 / 1.32


def predict(name: str, y: np.ndarray, m: int, h: int) -> Prediction:
    return MODELS[name](np.asarray(y, dtype=float), m, h)


def predict_many(names, y: np.ndarray, m: int, h: int) -> dict[str, Prediction]:
    """Every named model on the same series; the combination reuses its parts' forecasts."""
    y = np.asarray(y, dtype=float)
    out = {name: MODELS[name](y, m, h) for name in names if name != "combination"}
    if "combination" in names:
        parts = [out.get(n) or MODELS[n](y, m, h) for n in COMBINED]
        out["combination"] = Prediction(
            np.mean([p.mean for p in parts], axis=0), np.mean([p.sd for p in parts], axis=0)
        )
    return out
