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
    power_prop_test,
    power_t_test,
    sample_size_mean,
    sample_size_proportion,
)
from regulars.errors import InputError
from regulars.services.experiments.planning import (
    growthbook_design,
    growthbook_given_sample,
    simple_sequential,
)

CONVENTIONS = ("t", "normal", "evan-miller", "r", "growthbook", "simple-sequential")
#: Without --convention: the exact noncentral t for a mean, the normal approximation for a rate.
DEFAULT_CONVENTION = {"mean": "t", "proportion": "normal"}
T_FORMULA = (
    "n per arm: the smallest n whose two-sample t-test (noncentral t, equal variances, "
    "as R power.t.test) reaches the power; never rounded down"
)
R_FORMULA = (
    "n per arm from R's power.prop.test: (z(1-alpha/2) sqrt(2 pbar(1-pbar)) + z(power) "
    "sqrt(p1(1-p1) + p2(1-p2)))^2 / (p2-p1)^2, pbar the mean of the two rates, rounded up"
)
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
    sample_size: float | None = None,
    convention: str | None = None,
    sequential_tuning: float | None = None,
) -> dict:
    """Units per arm and days for ``mde``; with ``sample_size`` (per arm), the power for ``mde`` and
    the smallest effect detectable at ``power``. ``metric`` is ``proportion`` or ``mean``; the
    convention is the exact t for a mean and the normal approximation for a rate unless stated."""
    if metric not in ("proportion", "mean"):
        raise InputError(
            f"--metric {metric!r}: use proportion (a conversion rate) or mean (revenue per "
            "customer)"
        )
    convention = convention or DEFAULT_CONVENTION.get(metric, "normal")
    if convention not in CONVENTIONS:
        raise InputError(f"--convention {convention!r}: use {', '.join(CONVENTIONS)}")
    wrong = (("proportion", "t"), ("mean", "evan-miller"), ("mean", "r"))
    if (metric, convention) in wrong or (metric, convention) == ("mean", "simple-sequential"):
        raise InputError(
            f"--convention {convention} is not for a {metric} metric: use t or normal for a mean, "
            "normal, evan-miller, r or simple-sequential for a proportion"
        )
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
        "sequential_tuning": sequential_tuning,
    }
    if sequential_tuning is not None and (convention != "growthbook" or sequential_tuning <= 0):
        raise InputError("--sequential-tuning (a positive N*) goes with --convention growthbook")
    if convention == "growthbook":
        return _growthbook(out, metric, baseline, mde, relative, std_dev, sample_size)
    if mde is not None:
        out["design"] = _design(
            metric, baseline, mde, relative, std_dev, power, alpha, arms, daily_traffic, convention
        )
        out["planned_sample_size"] = out["design"]["total"]  # N* for the sequential test
    if sample_size is not None:
        out["given_sample"] = _given_sample(
            metric, baseline, mde, relative, std_dev, power, alpha, arms, sample_size, convention
        )
    return out


def _growthbook(out: dict, metric, baseline, mde, relative, std_dev, n) -> dict:
    common = (metric, baseline, mde, relative, std_dev, out["power"], out["alpha"], out["arms"])
    tuning = out["sequential_tuning"]
    if mde is not None:
        d = growthbook_design(*common, tuning)
        d.update(_counts(d["per_arm"], out["arms"], out["daily_traffic"]))
        out["design"], out["planned_sample_size"] = d, int(tuning or d["total"])
    if n is not None:
        out["given_sample"] = growthbook_given_sample(*common, n, tuning)
    return out


def _design(
    metric, baseline, mde, relative, std_dev, power, alpha, arms, daily_traffic, convention
) -> dict:
    if convention == "simple-sequential":
        d = simple_sequential(metric, baseline, mde, relative, power, alpha, arms)
        return {**d, **_counts(d["per_arm"], arms, daily_traffic)}
    if convention == "t":
        return _t_design(baseline, mde, relative, std_dev, power, alpha, arms, daily_traffic)
    if convention == "r":
        return _r_design(baseline, mde, relative, power, alpha, arms, daily_traffic)
    if convention == "evan-miller":
        if arms != 2:
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


def _counts(per_arm: int, arms: int, daily_traffic) -> dict:
    total = per_arm * arms
    return {
        "per_arm": per_arm,
        "total": total,
        "days": math.ceil(total / daily_traffic) if daily_traffic else None,
    }


def _rate_effect(baseline: float, mde: float, relative: bool) -> float:
    d = abs(baseline * mde) if relative else abs(mde)
    if d == 0 or not 0 < baseline < 1 or not 0 < baseline + d < 1:
        raise InputError(
            "the baseline and the baseline plus the effect must both be rates between 0 and 1"
        )
    return d


def _split(alpha: float, arms: int) -> float:
    if arms < 2:
        raise InputError("an experiment needs at least two arms (control and one treatment)")
    return alpha / max(arms - 1, 1)


def _t_design(baseline, mde, relative, std_dev, power, alpha, arms, daily_traffic) -> dict:
    d = abs(baseline * mde) if relative else abs(mde)
    if d == 0 or not 0 < power < 1 or not 0 < alpha < 1:
        raise InputError("give a non-zero --mde, and --power and --alpha between 0 and 1")
    a_c = _split(alpha, arms)
    exact = power_t_test(d, sd=std_dev, power=power, alpha=a_c)
    per_arm = math.ceil(exact - 1e-9)
    bonf = f"; alpha {alpha:g} split over {arms - 1} comparisons (Bonferroni)" if arms > 2 else ""
    return {
        **_counts(per_arm, arms, daily_traffic),
        "unrounded": exact,
        "absolute_mde": d,
        "relative_mde": d / baseline if baseline else None,
        "formula": T_FORMULA + bonf,
        "error": None,
    }


def _r_design(baseline, mde, relative, power, alpha, arms, daily_traffic) -> dict:
    d = _rate_effect(baseline, mde, relative)
    exact = power_prop_test(baseline, baseline + d, power=power, alpha=_split(alpha, arms))
    return {
        **_counts(math.ceil(exact - 1e-9), arms, daily_traffic),
        "unrounded": exact,
        "absolute_mde": d,
        "relative_mde": d / baseline,
        "formula": R_FORMULA,
        "error": None,
    }


def _t_mde(n: int, sd: float, power: float, alpha: float) -> float:
    from scipy import optimize

    gap = lambda d: power_t_test(d, sd=sd, n=n, alpha=alpha) - power  # noqa: E731
    return float(optimize.brentq(gap, 1e-9 * sd, 100 * sd, xtol=1e-12))


def _given_sample(
    metric, baseline, mde, relative, std_dev, power, alpha, arms, n, convention
) -> dict:
    if n < 2:
        raise InputError("--sample-size is units per arm and must be at least 2")
    exact_t = metric == "mean" and convention == "t"
    if metric == "proportion":
        smallest = mde_for_proportion(n, baseline, power, alpha, arms)
    elif exact_t:
        smallest = _t_mde(n, std_dev, power, _split(alpha, arms))
    else:
        smallest = mde_for_mean(n, std_dev, power, alpha, arms)
    out = {
        "per_arm": n,
        "detectable_absolute": smallest,
        "detectable_relative": smallest / baseline if baseline else None,
    }
    if mde is not None:
        d = abs(baseline * mde) if relative else abs(mde)
        if exact_t:
            out["power_for_mde"] = power_t_test(d, sd=std_dev, n=n, alpha=_split(alpha, arms))
        elif metric == "proportion":
            out["power_for_mde"] = power_for_proportion(n, baseline, d, alpha, arms)
        else:
            out["power_for_mde"] = power_for_mean(n, std_dev, d, alpha, arms)
    return out
