"""Geo tests: switch a channel on (or off) in some regions and compare with the others.

Before the test, the power: the smallest effect per treated region-week that a test of
``weeks_before`` + ``weeks_after`` weeks detects with 80% power at 5% two-sided, from the week-to-
week noise of the treated-minus-control gap in the history. After it, two readouts with 95%
intervals: difference-in-differences (the change in the average gap) and synthetic control
(non-negative weights summing to 1 over the control regions, fitted on the weeks before, so the
weighted controls track the treated regions; the effect is the average gap after, its interval from
the spread of the gaps before).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.stats import norm

from regulars.analytics.mmm.results import plain


@dataclass(frozen=True, slots=True)
class GeoReadout:
    """One readout: the effect per treated week (revenue units), its 95% interval; the weights
    (synthetic control only); the sentence."""

    method: str
    effect_per_week: float
    interval: tuple[float, float]
    weights: tuple[float, ...]
    explanation: str


@dataclass(frozen=True, slots=True)
class GeoPower:
    """The smallest detectable effect per week, and the power for ``effect`` if one was asked."""

    weeks_before: int
    weeks_after: int
    gap_sd: float
    minimum_detectable_effect: float
    power: float | None
    explanation: str


def _se(gap_sd: float, before: int, after: int) -> float:
    return gap_sd * np.sqrt(1.0 / max(before, 1) + 1.0 / max(after, 1))


def geo_power(history_gap: np.ndarray, weeks_after: int, effect: float | None = None,
              alpha: float = 0.05, power: float = 0.8, fmt=plain) -> GeoPower:  # fmt: skip
    """Power from a history of weekly treated-minus-control gaps (the weeks before the test);
    ``fmt`` writes an amount of money in the sentence."""
    gap = np.asarray(history_gap, float)
    sd = float(np.std(np.diff(gap)) / np.sqrt(2)) if len(gap) > 2 else float("nan")
    se = _se(sd, len(gap), weeks_after)
    mde = float((norm.ppf(1 - alpha / 2) + norm.ppf(power)) * se)
    pw = None if effect is None else float(norm.cdf(abs(effect) / se - norm.ppf(1 - alpha / 2)))
    text = (f"With {len(gap)} weeks before and {weeks_after} after, the test detects an effect of "
            f"{fmt(mde)} a week or more with 80% power (5% two-sided).")  # fmt: skip
    if pw is not None:
        text += f" For an effect of {fmt(effect)} a week the power is {pw:.0%}."
    return GeoPower(len(gap), weeks_after, sd, mde, pw, text)


def _inflation(gaps: np.ndarray) -> float:
    """Weeks that follow each other are alike: the standard error grows by sqrt((1+r)/(1-r))
    with r the lag-one autocorrelation of the gaps before (0 when negative)."""
    if len(gaps) < 4:
        return 1.0
    r = float(np.clip(np.corrcoef(gaps[:-1], gaps[1:])[0, 1], 0.0, 0.9))
    return float(np.sqrt((1 + r) / (1 - r)))


def _readout(method, gaps_before, gaps_after, weights=(), fmt=plain) -> GeoReadout:
    effect = float(gaps_after.mean() - gaps_before.mean())
    sd = float(np.std(gaps_before, ddof=1)) if len(gaps_before) > 1 else float("nan")
    se = _se(sd, len(gaps_before), len(gaps_after)) * _inflation(gaps_before)
    lo, hi = effect - 1.96 * se, effect + 1.96 * se
    verdict = "no effect can be told apart" if lo <= 0 <= hi else "an effect"
    text = (f"{method}: the treated regions changed by {fmt(effect)} a week against the control "
            f"(95% interval {fmt(lo)} to {fmt(hi)}): {verdict}.")  # fmt: skip
    return GeoReadout(method, effect, (lo, hi), tuple(map(float, weights)), text)


def diff_in_diff(treated: np.ndarray, control: np.ndarray, start: int, fmt=plain) -> GeoReadout:
    """``treated`` (weeks,) total of the treated regions, ``control`` (weeks, regions); the test
    starts at week ``start``."""
    gap = np.asarray(treated, float) - np.asarray(control, float).mean(1)
    return _readout("difference-in-differences", gap[:start], gap[start:], (), fmt)


def synthetic_control(treated: np.ndarray, control: np.ndarray, start: int,
                      fmt=plain) -> GeoReadout:  # fmt: skip
    """Weights w >= 0, sum 1, minimising the pre-test distance of ``control @ w`` to ``treated``."""
    treated, control = np.asarray(treated, float), np.asarray(control, float)
    pre, target = control[:start], treated[:start]
    k = control.shape[1]
    scale = float(np.abs(target).mean()) or 1.0
    res = minimize(lambda w: np.sum((pre @ w - target) ** 2) / scale**2, np.full(k, 1 / k),
                   jac=lambda w: 2 * pre.T @ (pre @ w - target) / scale**2,
                   bounds=[(0, 1)] * k, constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1}],
                   method="SLSQP")  # fmt: skip
    w = np.clip(res.x, 0, None)
    w = w / w.sum()
    gap = treated - control @ w
    return _readout("synthetic control", gap[:start], gap[start:], w, fmt)


@dataclass(frozen=True, slots=True)
class HoldoutPower:
    """A holdout test of one campaign: the groups, the smallest detectable absolute lift in the
    buying rate (80% power, 5% two-sided) and the power for the lift asked about."""

    audience: int
    holdout: int
    baseline: float
    minimum_detectable_lift: float
    lift: float
    power: float
    explanation: str


def holdout_power(audience: int, baseline: float, holdout_share: float, lift: float,
                  alpha: float = 0.05) -> HoldoutPower:  # fmt: skip
    """Unequal groups: ``holdout_share`` of ``audience`` held out; ``lift`` relative."""
    held = max(int(round(audience * holdout_share)), 1)
    sent = max(audience - held, 1)
    z = norm.ppf(1 - alpha / 2)

    def se(p2: float) -> float:
        return float(np.sqrt(baseline * (1 - baseline) / held + p2 * (1 - p2) / sent))

    d = baseline * lift
    pw = float(norm.cdf(abs(d) / se(baseline + d) - z))
    mde = float((z + norm.ppf(0.8)) * se(baseline))
    text = (f"Holding out {held:,} of {audience:,} customers detects a lift in the buying rate of "
            f"{mde:.2%} points or more (from {baseline:.2%}); the power for a {lift:.0%} relative "
            f"lift is {pw:.0%}.")  # fmt: skip
    if pw < 0.8:
        text += " Hold out more customers, or test on a bigger send."
    return HoldoutPower(audience, held, baseline, mde, lift, pw, text)
