"""Anomalies in a KPI series against a seasonal baseline that outliers cannot drag (pure numpy).

For each point the baseline is the median of the ``window`` points before it (its recent level),
times a seasonal index when the same season (weekday, month of the year) was seen at least
``min_seasons`` times before: the median of (value / level at the time) over those points (one
earlier occurrence is too noisy to lean on). The residual is
relative (value / baseline - 1) or, for series that can be near zero or negative (NPS, ROI),
absolute (value - baseline). Its scale is 1.4826 x the median absolute deviation of the earlier
residuals (a robust standard deviation), never below ``min_scale``. A point is an anomaly when
|residual / scale| >= ``threshold`` and the residual is at least ``min_change`` in size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAD_TO_SD = 1.4826


@dataclass(frozen=True)
class Anomaly:
    index: int
    value: float
    baseline: float
    residual: float  # relative (0.38 = 38% above) or absolute, as asked
    z: float
    seasonal: bool  # the baseline used a same-season index


def _levels(values: np.ndarray, window: int) -> np.ndarray:
    """The median of the ``window`` finite values before each point (nan where fewer than 3)."""
    out = np.full(len(values), np.nan)
    for i in range(len(values)):
        past = values[max(0, i - window) : i]
        past = past[np.isfinite(past)]
        if len(past) >= 3:
            out[i] = np.median(past)
    return out


def seasonal_baseline(
    values: np.ndarray, season: np.ndarray, window: int = 12, min_seasons: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """Per point: the baseline and whether a same-season index was applied."""
    values = np.asarray(values, dtype=float)
    level = _levels(values, window)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((level != 0) & np.isfinite(level), values / level, np.nan)
    base, seasonal = level.copy(), np.zeros(len(values), dtype=bool)
    for i in range(len(values)):
        same = ratio[:i][(season[:i] == season[i]) & np.isfinite(ratio[:i])]
        if (
            len(same) >= min_seasons
            and np.isfinite(level[i])
            and np.all(values[np.isfinite(values)] >= 0)
        ):
            base[i], seasonal[i] = level[i] * np.median(same), True
    return base, seasonal


def _residuals(values: np.ndarray, base: np.ndarray, relative: bool) -> np.ndarray:
    if not relative:
        return values - base
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(base > 0, values / base - 1.0, np.nan)


def find_anomalies(
    values,
    season,
    *,
    window: int = 12,
    threshold: float = 3.5,
    relative: bool = True,
    min_change: float = 0.10,
    min_scale: float = 0.03,
    min_history: int = 6,
) -> list[Anomaly]:
    """Anomalous points of a series (``season`` labels each point: weekday, month of year, ...)."""
    values = np.asarray(values, dtype=float)
    season = np.asarray(season)
    base, seasonal = seasonal_baseline(values, season, window)
    resid = _residuals(values, base, relative)
    found = []
    for i in range(min_history, len(values)):
        earlier = resid[:i][np.isfinite(resid[:i])][-24:]
        if not np.isfinite(resid[i]) or len(earlier) < 3:
            continue
        scale = max(MAD_TO_SD * float(np.median(np.abs(earlier - np.median(earlier)))), min_scale)
        z = float(resid[i]) / scale
        if abs(z) >= threshold and abs(resid[i]) >= min_change:
            found.append(
                Anomaly(i, float(values[i]), float(base[i]), float(resid[i]), z, bool(seasonal[i]))
            )
    return found


#: Standard errors a difference must clear before it is more than sampling noise.
LABEL_Z = 1.96  # a "needs attention" label: outside the 95% interval
ALERT_Z = 3.0  # an alert: outside the 99.7% interval around the usual level


def sampling_se(kind: str, value: float, n: int, base: float, base_n: int | None) -> float | None:
    """The standard error of ``value - base`` from sampling alone, or None without a model.

    ``share``: value and base are shares of n and base_n trials (binomial; pooled when both are
    samples, around ``base`` when base is fixed, base_n None). ``count``: value and base are
    counts (Poisson: the variance of a count is its mean)."""
    if kind == "share" and n > 0:
        if base_n:
            p = (value * n + base * base_n) / (n + base_n)
            spread = 1 / n + 1 / base_n
        else:
            p, spread = base, 1 / n
        p = min(max(p, 0.5 / n), 1 - 0.5 / n)  # a share at 0 or 1 still has sampling noise
        return float(np.sqrt(p * (1 - p) * spread))
    if kind == "count":
        return float(np.sqrt(max(value + base if base_n else base, 1.0)))
    return None


def within_noise(
    kind: str | None,
    value: float,
    n: int | None,
    base: float,
    base_n: int | None = None,
    z: float = LABEL_Z,
) -> bool:
    """Whether ``value`` differs from ``base`` by no more than ``z`` sampling standard errors
    (False where no sampling model applies: the difference is then judged as it is)."""
    if kind is None or (kind == "share" and not n):
        return False
    se = sampling_se(kind, value, n or 0, base, base_n)
    return se is not None and abs(value - base) <= z * se
