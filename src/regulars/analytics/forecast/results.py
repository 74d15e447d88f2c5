"""Forecast a batch of series end to end: backtest every candidate model, choose one per series,
refit it on the whole history and give the point forecast with 80% / 95% intervals, the backtest
table and a sentence in plain words."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from regulars.analytics.forecast.backtest import Z80, Z95, Backtest, backtest, choose_models
from regulars.analytics.forecast.models import (
    INTERMITTENT,
    MODELS,
    SMOOTH,
    Prediction,
    is_intermittent,
    predict,
)


@dataclass(frozen=True)
class ModelScore:
    model: str
    mase: float | None
    wape: float | None
    coverage80: float | None
    coverage95: float | None


@dataclass(frozen=True)
class SeriesForecast:
    """One series' chosen model, forecast, intervals and backtest table."""

    name: str
    model: str
    intermittent: bool
    mean: tuple[float, ...]
    low80: tuple[float, ...]
    high80: tuple[float, ...]
    low95: tuple[float, ...]
    high95: tuple[float, ...]
    sd: tuple[float, ...]
    scores: tuple[ModelScore, ...]
    beats_baseline: bool
    #: How much the model's standard deviation was widened for its intervals to hold as often as
    #: stated in the backtest (1: not at all).
    widened: float = 1.0

    def score(self, model: str | None = None) -> ModelScore | None:
        model = self.model if model is None else model
        return next((s for s in self.scores if s.model == model), None)

    def chance_of_reaching(self, target: float, steps: int | None = None) -> float:
        """Chance that the total over the first ``steps`` periods reaches ``target`` (normal
        errors, independent across periods)."""
        steps = len(self.mean) if steps is None else steps
        total = float(np.sum(self.mean[:steps]))
        sd = float(np.sqrt(np.sum(np.square(self.sd[:steps]))))
        return float(norm.sf(target, total, max(sd, 1e-9)))


def _clean(value: float) -> float | None:
    return None if not np.isfinite(value) else float(value)


def _scores(result: Backtest, j: int, allowed: np.ndarray) -> tuple[ModelScore, ...]:
    return tuple(
        ModelScore(
            name,
            _clean(result.mase[i, j]),
            _clean(result.wape[i, j]),
            _clean(result.coverage80[i, j]),
            _clean(result.coverage95[i, j]),
        )
        for i, name in enumerate(result.models)
        if allowed[i, j]
    )


def candidates(y: np.ndarray, names: tuple[str, ...] | None = None):
    """Model names and the (models, series) mask of those that apply: the smooth models for
    regular series, Croston / TSB for intermittent ones (both keep the baselines)."""
    names = tuple(MODELS) if names is None else names
    sparse = is_intermittent(y)
    allowed = np.array([np.where(sparse, name in INTERMITTENT, name in SMOOTH) for name in names])
    return names, allowed, sparse


def forecast_series(
    y: np.ndarray,
    m: int,
    h: int,
    labels: list[str] | tuple[str, ...],
    origins: int = 3,
    names: tuple[str, ...] | None = None,
) -> tuple[SeriesForecast, ...]:
    """Choose a model per series by backtest and forecast ``h`` periods with intervals."""
    y = np.asarray(y, dtype=float)
    names, allowed, sparse = candidates(y, names)
    used = tuple(n for i, n in enumerate(names) if allowed[i].any())
    rows = [names.index(n) for n in used]
    result = backtest(y, m, h, used, origins)
    chosen = choose_models(result, allowed[rows])
    baseline = used.index("seasonal_naive") if "seasonal_naive" in used else 0
    out: list[SeriesForecast | None] = [None] * len(y)
    wide80, wide95 = result.widening()
    for k in np.unique(chosen):
        members = np.flatnonzero(chosen == k)
        p = predict(used[k], y[members], m, h)
        lo80, hi80 = Prediction(p.mean, p.sd * wide80[k, members][:, None]).interval(Z80)
        lo95, hi95 = Prediction(p.mean, p.sd * wide95[k, members][:, None]).interval(Z95)
        for r, j in enumerate(members):
            beats = bool(result.mase[k, j] < result.mase[baseline, j])
            out[j] = SeriesForecast(
                labels[j], used[k], bool(sparse[j]),
                *(tuple(map(float, a[r])) for a in (np.maximum(p.mean, 0), lo80, hi80, lo95, hi95)),
                tuple(map(float, p.sd[r] * wide80[k, j])), _scores(result, j, allowed[rows]), beats,
                float(wide80[k, j]),
            )  # fmt: skip
    return tuple(out)  # type: ignore[arg-type]


def bottom_up(parts: tuple[SeriesForecast, ...], name: str = "total") -> SeriesForecast:
    """The total as the sum of its parts' forecasts (bottom-up reconciliation: the parts add up to
    the total by construction); its interval assumes independent errors across parts."""
    mean = np.sum([p.mean for p in parts], axis=0)
    sd = np.sqrt(np.sum([np.square(p.sd) for p in parts], axis=0))
    lo = [np.maximum(mean - z * sd, 0) for z in (Z80, Z95)]
    hi = [mean + z * sd for z in (Z80, Z95)]
    return SeriesForecast(
        name, "bottom-up", False,
        *(tuple(map(float, a)) for a in (mean, lo[0], hi[0], lo[1], hi[1], sd)),
        (), all(p.beats_baseline for p in parts),
    )  # fmt: skip
