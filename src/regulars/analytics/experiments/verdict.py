"""A verdict in plain words from a test result, plus warnings a non-statistician needs.

Example headlines::

    B raised conversion from 3.1% to 3.6% (+16%, 95% CI +4% to +29%): ship B
    Not enough evidence yet; at current traffic about 9 more days to detect +10%
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats as st

from regulars.analytics.experiments.frequentist import EffectResult
from regulars.analytics.experiments.srm import SampleRatioCheck
from regulars.analytics.experiments.statistics import ArmStats, ProportionStats
from regulars.units import format_change, money, rate

MIN_CONVERSIONS = 10
MIN_UNITS = 100


@dataclass(frozen=True)
class Verdict:
    decision: str  # "ship", "keep control", "wait", "do not trust", "cannot tell"
    headline: str
    warnings: tuple[str, ...] = ()


def _value(x: float, unit: str, currency: str) -> str:
    if unit == "rate":
        return rate(x)
    return money(x, currency) if unit == "money" else f"{x:,.4g}"


def _signed(x: float, percent: bool, unit: str = "number", currency: str = "USD") -> str:
    """A relative effect in %, a rate difference in points, money in the shop's currency."""
    if math.isinf(x):
        return "+inf" if x > 0 else "-inf"
    if percent:
        return f"{x * 100:+.1f}%"
    if unit == "rate":
        return format_change("percent", x, None)
    if unit == "money":
        return ("+" if x >= 0 else "-") + money(abs(x), currency)
    return f"{x:+,.4g}"


def _effect_text(r: EffectResult, unit: str, currency: str) -> str:
    level = f"{1 - r.alpha:.0%}"
    pct = r.relative
    return (
        f"{_signed(r.estimate, pct, unit, currency)}, {level} CI "
        f"{_signed(r.ci_low, pct, unit, currency)} to {_signed(r.ci_high, pct, unit, currency)}"
    )


def days_to_detect(
    r: EffectResult, target_lift: float, daily_units_per_arm: float, power: float = 0.8
) -> float | None:
    """More days until an effect of ``target_lift`` (relative) would be detected with ``power``.

    The standard error shrinks as 1/sqrt(n): the units needed per arm are the current units times
    (current se / se needed)^2, with se needed = effect / (z(1 - alpha/2) + z(power)).
    """
    if r.error or r.standard_error <= 0 or daily_units_per_arm <= 0:
        return None
    effect = target_lift if r.relative else target_lift * abs(r.control_mean)
    se_needed = effect / (st.norm.ppf(1 - r.alpha / 2) + st.norm.ppf(power))
    n_now = min(r.n_control, r.n_treatment)
    n_needed = n_now * (r.standard_error / se_needed) ** 2
    return max(0.0, (n_needed - n_now) / daily_units_per_arm)


def _wait_headline(r: EffectResult, target_lift: float, daily_units_per_arm: float | None) -> str:
    days = days_to_detect(r, target_lift, daily_units_per_arm) if daily_units_per_arm else None
    if days is None:
        return "Not enough evidence yet; no clear difference between the arms"
    if days == 0:
        return (
            f"No difference of {target_lift:+.0%} or more was found; "
            "the test has enough data, so the effect is probably smaller"
        )
    return (
        f"Not enough evidence yet; at current traffic about {math.ceil(days)} more days "
        f"to detect {target_lift:+.0%}"
    )


def explain(
    r: EffectResult,
    *,
    metric: str = "conversion",
    control: str = "A",
    treatment: str = "B",
    higher_is_better: bool = True,
    rate: bool | None = None,
    target_lift: float = 0.10,
    daily_units_per_arm: float | None = None,
    warnings: tuple[str, ...] = (),
    unit: str | None = None,
    currency: str = "USD",
) -> Verdict:
    """One plain sentence with the decision; ``warnings`` (SRM, peeking, size) are carried along.
    ``unit`` (rate, money in cents, number) writes the means; a mean is never a percentage."""
    if r.error:
        return Verdict("cannot tell", f"Cannot tell: {r.error}", warnings)
    if unit is None:
        if rate is None:
            rate = 0 <= r.control_mean <= 1 and 0 <= r.treatment_mean <= 1
        unit = "rate" if rate else "number"
    moved = (
        f"from {_value(r.control_mean, unit, currency)} to "
        f"{_value(r.treatment_mean, unit, currency)} ({_effect_text(r, unit, currency)})"
    )
    if not r.significant:
        return Verdict("wait", _wait_headline(r, target_lift, daily_units_per_arm), warnings)
    verb = "raised" if r.estimate > 0 else "lowered"
    good = (r.estimate > 0) == higher_is_better
    decision, action = (
        ("ship", f"ship {treatment}") if good else ("keep control", f"keep {control}")
    )
    if any("mismatch" in w.lower() for w in warnings):
        decision, action = "do not trust", "do not act until the traffic split is fixed"
    return Verdict(decision, f"{treatment} {verb} {metric} {moved}: {action}", warnings)


def srm_warning(check: SampleRatioCheck) -> tuple[str, ...]:
    return (check.message,) if check.flagged else ()


def peeking_warning(looks: int, sequential: bool, alpha: float = 0.05) -> tuple[str, ...]:
    """Warn when a fixed-horizon test has been looked at (and could have been stopped)
    repeatedly."""
    if sequential or looks <= 1:
        return ()
    return (
        f"You have checked this fixed-horizon test {looks} times. Each look that could stop it "
        f"raises the real false-positive rate above {alpha:.0%}; decide only at the planned sample "
        "size, or switch to the sequential test, which stays valid under peeking.",
    )


def small_sample_warning(control: ArmStats, treatment: ArmStats) -> tuple[str, ...]:
    """Warn when the arms are too small for win probabilities or intervals to mean much."""
    small = min(control.n, treatment.n) < MIN_UNITS
    if isinstance(control, ProportionStats) and isinstance(treatment, ProportionStats):
        small = small or min(control.conversions, treatment.conversions) < MIN_CONVERSIONS
    if not small:
        return ()
    return (
        f"Samples are too small (under {MIN_UNITS} units or {MIN_CONVERSIONS} conversions in an "
        "arm) "
        "for the chance to win or the interval to mean much; a couple of units can flip the "
        "result.",
    )
