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
WIDENING = (1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0)


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
    #: Interval hits (factors, models, series) when the standard deviation is widened by each of
    #: ``WIDENING``: how much wider the intervals must be to hold as often as they say.
    wide80: np.ndarray | None = None
    wide95: np.ndarray | None = None

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
            self.wide80 + other.wide80,
            self.wide95 + other.wide95,
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

    def widening(self) -> tuple[np.ndarray, np.ndarray]:
        """Per model and series, the smallest factor of ``WIDENING`` at which the 80% (and the
        95%) intervals held at least as often as stated in the backtest (the largest if none)."""
        out = []
        for wide, level in ((self.wide80, 0.8), (self.wide95, 0.95)):
            ok = wide / max(self.points, 1) >= level
            first = np.where(ok.any(axis=0), ok.argmax(axis=0), len(WIDENING) - 1)
            out.append(np.asarray(WIDENING)[first])
        return out[0], out[1]


def mase_scale(y: np.ndarray, m: int) -> np.ndarray:
    """Mean absolute error of the in-sample seasonal naive forecast, per series (naive when the
    series is shorter than two seasons)."""
    lag = m if m > 1 and y.shape[1] > 2 * m else 1
    scale = np.abs(y[:, lag:] - y[:, :-lag]).mean(axis=1)
    return np.where(scale > 0, scale, np.nan)


def _one_origin(y: np.ndarray, cut: int, m: int, h: int, names) -> Backtest:
    train, test = y[:, :cut], y[:, cut : cut + h]
    scale = mase_scale(train, m)[:, None]
    rows = {key: [] for key in ("scaled", "absolute", "hits80", "hits95", "wide80", "wide95")}
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
        for key, z in (("wide80", Z80), ("wide95", Z95)):
            half = z * np.multiply.outer(np.array(WIDENING), p.sd)
            rows[key].append((np.abs(test - p.mean)[None] <= half).sum(axis=2))
    arrays = {key: np.array(value, dtype=float) for key, value in rows.items()}
    arrays["wide80"] = arrays["wide80"].transpose(1, 0, 2)
    arrays["wide95"] = arrays["wide95"].transpose(1, 0, 2)
    actual = np.repeat(np.abs(test).sum(axis=1)[None, :], len(names), axis=0)
    return Backtest(tuple(names), actual=actual, points=test.shape[1], origins=1, **arrays)


def backtest(y: np.ndarray, m: int, h: int, names, origins: int = 3) -> Backtest:
    """Backtest ``names`` at ``origins`` origins, each ``h`` periods apart, the last ``h`` periods
    before the end; a season and two periods (and ``2 h`` periods) stay in every training window."""
    y = np.asarray(y, dtype=float)
    minimum = max(m + 2, 2 * h, 8)
    cuts = [y.shape[1] - k * h for k in range(origins, 0, -1)]
    cuts = [c for c in cuts if c >= minimum]
    if not cuts:
        raise ValueError(f"a backtest needs at least {minimum + h} periods, got {y.shape[1]}")
    total = _one_origin(y, cuts[0], m, h, names)
    for cut in cuts[1:]:
        total = total + _one_origin(y, cut, m, h, names)
    return total


#: A model whose 80% intervals held less often than this in the backtest is not chosen (unless
#: no model's did): a close point forecast with overconfident intervals is not trusted.
MIN_COVERAGE80 = 0.6


def choose_models(result: Backtest, allowed: np.ndarray | None = None) -> np.ndarray:
    """Per series, the index of the model with the lowest MASE among those whose 80% intervals
    held at least ``MIN_COVERAGE80`` of the time (ties go to the earlier, simpler model);
    ``allowed`` (models, series) masks models that do not apply to a series."""
    mase = np.where(np.isnan(result.mase), np.inf, result.mase)
    if allowed is not None:
        mase = np.where(allowed, mase, np.inf)
    honest = result.coverage80 >= MIN_COVERAGE80
    honest = np.where(honest.any(axis=0) & np.isfinite(np.where(honest, mase, np.inf)).any(
        axis=0), honest, True)  # fmt: skip
    return np.argmin(np.where(honest, mase, np.inf), axis=0)
