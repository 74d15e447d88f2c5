"""Rolling-origin backtest: refit every model at several origins, forecast the next ``h`` periods,
and score the forecasts against what happened (Hyndman & Koehler 2006: MASE, scaled by the
in-sample seasonal naive error; WAPE; the coverage of the 80% and 95% intervals).

Sufficient statistics add: each origin contributes sums, so a :class:`Backtest` of more origins is
the ``+`` of smaller ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.analytics.forecast.models import Prediction, predict_many

Z80, Z95 = 1.2815515655446004, 1.959963984540054


@dataclass(frozen=True)
class Backtest:
    """Per model (rows) and series (columns): summed scaled errors, absolute errors, actuals and
    interval hits over ``points`` forecast points."""

    models: tuple[str, ...]
    scaled: np.ndarray
    absolute: np.ndarray
    actual: np.ndarray
    hits80: np.ndarray
    hits95: np.ndarray
    points: int
    origins: int

    def __add__(self, other: Backtest) -> Backtest:
        return Backtest(
            self.models,
            self.scaled + other.scaled,
            self.absolute + other.absolute,
            self.actual + other.actual,
            self.hits80 + other.hits80,
            self.hits95 + other.hits95,
            self.points + other.points,
            self.origins + other.origins,
        )

    @property
    def mase(self) -> np.ndarray:
        return self.scaled / max(self.points, 1)

    @property
    def wape(self) -> np.ndarray:
        return self.absolute / np.maximum(self.actual, 1e-9)

    @property
    def coverage80(self) -> np.ndarray:
        return self.hits80 / max(self.points, 1)

    @property
    def coverage95(self) -> np.ndarray:
        return self.hits95 / max(self.points, 1)


def mase_scale(y: np.ndarray, m: int) -> np.ndarray:
    """Mean absolute error of the in-sample seasonal naive forecast, per series (naive when the
    series is shorter than two seasons)."""
    lag = m if m > 1 and y.shape[1] > 2 * m else 1
    scale = np.abs(y[:, lag:] - y[:, :-lag]).mean(axis=1)
    return np.where(scale > 0, scale, np.nan)


def _one_origin(y: np.ndarray, cut: int, m: int, h: int, names) -> Backtest:
    train, test = y[:, :cut], y[:, cut : cut + h]
    scale = mase_scale(train, m)[:, None]
    rows = {key: [] for key in ("scaled", "absolute", "hits80", "hits95")}
    predictions = predict_many(names, train, m, h)
    for name in names:
        full = predictions[name]
        p = Prediction(full.mean[:, : test.shape[1]], full.sd[:, : test.shape[1]])
        error = np.abs(test - p.mean)
        rows["scaled"].append(np.nansum(np.where(np.isnan(scale), 0, error / scale), axis=1))
        rows["absolute"].append(error.sum(axis=1))
        for key, z in (("hits80", Z80), ("hits95", Z95)):
            low, high = p.interval(z, floor=None)
            rows[key].append(((test >= low) & (test <= high)).sum(axis=1))
    arrays = {key: np.array(value, dtype=float) for key, value in rows.items()}
    actual = np.repeat(np.abs(test).sum(axis=1)[None, :], len(names), axis=0)
    return Backtest(tuple(names), actual=actual, points=test.shape[1], origins=1, **arrays)


def backtest(y: np.ndarray, m: int, h: int, names, origins: int = 3) -> Backtest:
    """Backtest ``names`` at ``origins`` origins, each ``h`` periods apart, the last ``h`` periods
    before the end; at least two seasons (or ``2 h`` periods) stay in every training window."""
    y = np.asarray(y, dtype=float)
    minimum = max(2 * m, 2 * h, 8)
    cuts = [y.shape[1] - k * h for k in range(origins, 0, -1)]
    cuts = [c for c in cuts if c >= minimum]
    if not cuts:
        raise ValueError(f"a backtest needs at least {minimum + h} periods, got {y.shape[1]}")
    total = _one_origin(y, cuts[0], m, h, names)
    for cut in cuts[1:]:
        total = total + _one_origin(y, cut, m, h, names)
    return total


def choose_models(result: Backtest, allowed: np.ndarray | None = None) -> np.ndarray:
    """Per series, the index of the model with the lowest MASE (ties go to the earlier, simpler
    model); ``allowed`` (models, series) masks models that do not apply to a series."""
    mase = np.where(np.isnan(result.mase), np.inf, result.mase)
    if allowed is not None:
        mase = np.where(allowed, mase, np.inf)
    return np.argmin(mase, axis=0)
