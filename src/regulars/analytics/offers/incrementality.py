"""Incrementality of an offer campaign against its holdout: the difference in the rate of buying
(and in margin per customer) between customers offered and the held-out ones, with a normal
interval, in words."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as st


@dataclass(frozen=True)
class Incrementality:
    offered: int
    held_out: int
    rate_offered: float
    rate_held_out: float
    lift: float
    low: float
    high: float
    margin_lift_cents: float
    margin_low_cents: float
    margin_high_cents: float
    explanation: str


def _diff(x: np.ndarray, y: np.ndarray, z: float) -> tuple[float, float, float]:
    d = float(x.mean() - y.mean())
    se = math.sqrt(x.var(ddof=1) / len(x) + y.var(ddof=1) / len(y))
    return d, d - z * se, d + z * se


def incrementality(bought_offered, bought_held_out, margin_offered, margin_held_out,
                   level: float = 0.95) -> Incrementality:  # fmt: skip
    x, y = np.asarray(bought_offered, float), np.asarray(bought_held_out, float)
    mx, my = np.asarray(margin_offered, float), np.asarray(margin_held_out, float)
    if len(x) < 2 or len(y) < 2:
        nan = float("nan")
        words = "too few customers offered or held out to measure what the offer added"
        return Incrementality(len(x), len(y), nan, nan, nan, nan, nan, nan, nan, nan, words)
    z = float(st.norm.ppf(0.5 + level / 2))
    lift, lo, hi = _diff(x, y, z)
    m, mlo, mhi = _diff(mx, my, z)
    if lo > 0:
        verdict = "the offer brought purchases that would not have happened without it"
    elif hi < 0:
        verdict = "customers offered it bought less than those held out"
    else:
        verdict = "no measurable difference: these purchases might have happened anyway"
    words = (f"{x.mean():.1%} of customers offered it bought against {y.mean():.1%} held out "
             f"({lift:+.1%}, {lo:+.1%} to {hi:+.1%}); margin a customer {m / 100:+.2f} "
             f"({mlo / 100:+.2f} to {mhi / 100:+.2f}): {verdict}")  # fmt: skip
    return Incrementality(len(x), len(y), float(x.mean()), float(y.mean()), lift, lo, hi, m,
                          mlo, mhi, words)  # fmt: skip
