"""Designing an experiment: sample size and duration, or the power and effect a given sample can
detect."""

from __future__ import annotations

import math
from dataclasses import asdict

from regulars.analytics.experiments import (
    evan_miller_sample_size,
    mde_for_mean,
    mde_for_proportion,
    power_for_mean,
    power_for_proportion,
    sample_size_mean,
    sample_size_proportion,
)
from regulars.errors import InputError

CONVENTIONS = ("normal", "evan-miller")
EVAN_MILLER_FORMULA = (
    "n per arm = (z(1-alpha/2) x sqrt(2 p1(1-p1)) + z(power) x sqrt(p1(1-p1) + p2(1-p2)))^2 / "
    "(p2-p1)^2 "
    "(Evan Miller's calculator: pooled baseline variance under no effect)"
)


def plan_experiment(
    metric: str,
    baseline: float,
    mde: float | None = None,
    *,
    relative: bool = False,
    std_dev: float | None = None,
    power: float = 0.8,
    alpha: float = 0.05,
    arms: int = 2,
    daily_traffic: float | None = None,
    sample_size: int | None = None,
    convention: str = "normal",
) -> dict:
    """Units per arm and days for ``mde``; with ``sample_size`` (per arm), the power for ``mde`` and
    the smallest effect detectable at ``power``. ``metric`` is ``proportion`` or ``mean``."""
    if metric not in ("proportion", "mean"):
        raise InputError(
            f"--metric {metric!r}: use proportion (a conversion rate) or mean (revenue per "
            "customer)"
        )
    if convention not in CONVENTIONS:
        raise InputError(f"--convention {convention!r}: use {' or '.join(CONVENTIONS)}")
    if metric == "mean" and not std_dev:
        raise InputError("a mean metric needs --std-dev (the standard deviation per customer)")
    if mde is None and sample_size is None:
        raise InputError(
            "give --mde (the effect to detect) or --sample-size (units per arm you can get)"
        )
    out: dict = {
        "metric": metric,
        "baseline": baseline,
        "alpha": alpha,
        "power": power,
        "arms": arms,
        "daily_traffic": daily_traffic,
        "convention": convention,
    }
    if mde is not None:
        out["design"] = _design(
            metric, baseline, mde, relative, std_dev, power, alpha, arms, daily_traffic, convention
        )
    if sample_size is not None:
        out["given_sample"] = _given_sample(
            metric, baseline, mde, relative, std_dev, power, alpha, arms, sample_size
        )
    return out


def _design(
    metric, baseline, mde, relative, std_dev, power, alpha, arms, daily_traffic, convention
) -> dict:
    if convention == "evan-miller":
        if metric != "proportion" or arms != 2:
            raise InputError("--convention evan-miller is for a proportion metric with two arms")
        d = abs(baseline * mde) if relative else abs(mde)
        if d == 0 or not 0 < baseline < 1 or not 0 < baseline + d < 1:
            raise InputError(
                "the baseline and the baseline plus the effect must both be rates between 0 and 1"
            )
        per_arm = round(
            evan_miller_sample_size(baseline, mde, relative=relative, power=power, alpha=alpha)
        )
        days = math.ceil(2 * per_arm / daily_traffic) if daily_traffic else None
        return {
            "per_arm": per_arm,
            "total": 2 * per_arm,
            "days": days,
            "absolute_mde": d,
            "relative_mde": d / baseline,
            "formula": EVAN_MILLER_FORMULA,
            "error": None,
        }
    if metric == "proportion":
        design = sample_size_proportion(
            baseline,
            mde,
            relative=relative,
            power=power,
            alpha=alpha,
            arms=arms,
            daily_traffic=daily_traffic,
        )
    else:
        design = sample_size_mean(
            baseline,
            std_dev,
            mde,
            relative=relative,
            power=power,
            alpha=alpha,
            arms=arms,
            daily_traffic=daily_traffic,
        )
    if design.error:
        raise InputError(design.error)
    d = asdict(design)
    d["relative_mde"] = design.absolute_mde / baseline if baseline else None
    return d


def _given_sample(metric, baseline, mde, relative, std_dev, power, alpha, arms, n) -> dict:
    if n < 2:
        raise InputError("--sample-size is units per arm and must be at least 2")
    if metric == "proportion":
        smallest = mde_for_proportion(n, baseline, power, alpha, arms)
    else:
        smallest = mde_for_mean(n, std_dev, power, alpha, arms)
    out = {
        "per_arm": n,
        "detectable_absolute": smallest,
        "detectable_relative": smallest / baseline if baseline else None,
    }
    if mde is not None:
        d = abs(baseline * mde) if relative else abs(mde)
        out["power_for_mde"] = (
            power_for_proportion(n, baseline, d, alpha, arms)
            if metric == "proportion"
            else power_for_mean(n, std_dev, d, alpha, arms)
        )
    return out
