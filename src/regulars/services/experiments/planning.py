"""Two more planning conventions: GrowthBook's relative-effect power and MDE over several
variations (optionally for its sequential test, tuned for N*), and Evan Miller's simple
sequential design (N conversions and the threshold d)."""

from __future__ import annotations

import math

from scipy import optimize

from regulars.analytics.experiments.relative_power import relative_mde, relative_power
from regulars.analytics.experiments.simple_sequential import simple_sequential_design
from regulars.errors import InputError

GROWTHBOOK_FORMULA = (
    "GrowthBook's power for the relative lift (delta method), units split evenly over the "
    "variations, two-sided normal test{sequential}"
)
SIMPLE_SEQUENTIAL_FORMULA = (
    "Evan Miller's simple sequential test: stop, treatment wins, when treatment minus control "
    "conversions reaches d; stop, no winner, when they add up to N (a fair random walk under no "
    "effect: the false-positive rate is the gambler's-ruin probability)"
)


def _variance(metric: str, baseline: float, std_dev: float | None) -> float:
    if metric == "proportion":
        if not 0 < baseline < 1:
            raise InputError("--baseline must be a rate between 0 and 1")
        return baseline * (1 - baseline)
    if not baseline:
        raise InputError("a relative effect needs a non-zero --baseline mean")
    return float(std_dev) ** 2


def _lift(baseline: float, mde: float, relative: bool) -> float:
    lift = abs(mde) if relative else abs(mde / baseline) if baseline else 0.0
    if lift == 0:
        raise InputError("the minimum detectable effect must not be zero")
    return lift


def growthbook_design(metric, baseline, mde, relative, std_dev, power, alpha, arms, tuning):
    """Units per variation for ``power`` against the relative lift (GrowthBook's power)."""
    variance, lift = _variance(metric, baseline, std_dev), _lift(baseline, mde, relative)

    def gap(per_arm: float) -> float:
        return relative_power(baseline, variance, lift, per_arm * arms, arms, alpha, tuning) - power

    high = 16.0
    while gap(high) < 0:
        high *= 2
        if high > 1e12:
            raise InputError("the effect is too small to detect with any sample")
    exact = optimize.brentq(gap, 1.0, high, xtol=1e-6) if gap(1.0) < 0 else 1.0
    suffix = f"; sequential, tuned for N* = {tuning:,.0f}" if tuning else ""
    return {
        "per_arm": math.ceil(exact - 1e-9),
        "unrounded": exact,
        "absolute_mde": lift * abs(baseline),
        "relative_mde": lift,
        "formula": GROWTHBOOK_FORMULA.format(sequential=suffix),
        "error": None,
    }


def growthbook_given_sample(
    metric, baseline, mde, relative, std_dev, power, alpha, arms, n, tuning
):
    """Power for the lift and the smallest detectable lift with ``n`` units per variation."""
    variance = _variance(metric, baseline, std_dev)
    smallest = relative_mde(baseline, variance, power, n * arms, arms, alpha, tuning)
    out = {
        "per_arm": n,
        "detectable_relative": None if math.isnan(smallest) else smallest,
        "detectable_absolute": None if math.isnan(smallest) else smallest * abs(baseline),
    }
    if mde is not None:
        lift = _lift(baseline, mde, relative)
        out["power_for_mde"] = relative_power(
            baseline, variance, lift, n * arms, arms, alpha, tuning
        )
    return out


def simple_sequential(metric, baseline, mde, relative, power, alpha, arms) -> dict:
    """N and d; the customers per arm are the most the test can need (stopping with no winner)."""
    if metric != "proportion" or arms != 2:
        raise InputError("--convention simple-sequential is for a rate with two arms")
    lift = _lift(baseline, mde, relative)
    if not 0 < baseline < 1 or not baseline * (1 + lift) < 1:
        raise InputError("the baseline and the baseline plus the effect must be rates below 1")
    # Evan Miller's test is one-sided (only the treatment can win): alpha is its whole budget
    design = simple_sequential_design(lift, alpha=alpha, power=power)
    if design.error:
        raise InputError(design.error)
    per_arm = math.ceil(design.conversions / (baseline * (2 + lift)))
    return {
        "per_arm": per_arm,
        "conversions": design.conversions,
        "threshold": design.threshold,
        "false_positive_rate": design.false_positive_rate,
        "power_reached": design.power,
        "absolute_mde": lift * baseline,
        "relative_mde": lift,
        "formula": SIMPLE_SEQUENTIAL_FORMULA,
        "error": None,
    }
