"""Incrementality of an offer campaign against its holdout: the difference in the rate of buying
(and in margin per customer) between customers offered and the held-out ones, with a normal
interval, in words.

It needs only sufficient statistics that add (``OfferStats``, gbstats' way): customers, buyers,
the margin and the margin squared summed, so the database sums a log of any size and the arrays
of a CSV give the same numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as st


@dataclass(frozen=True)
class OfferStats:
    """Customers, how many bought, their margin (cents) summed and summed squared."""

    customers: int = 0
    bought: float = 0.0
    margin_cents: float = 0.0
    margin_squared: float = 0.0

    def __add__(self, other: OfferStats) -> OfferStats:
        return OfferStats(self.customers + other.customers, self.bought + other.bought,
                          self.margin_cents + other.margin_cents,
                          self.margin_squared + other.margin_squared)  # fmt: skip

    @classmethod
    def of(cls, bought, margin_cents) -> OfferStats:
        b, m = np.asarray(bought, float), np.asarray(margin_cents, float)
        return cls(len(b), float(b.sum()), float(m.sum()), float((m * m).sum()))

    @property
    def rate(self) -> float:
        return self.bought / self.customers

    @property
    def margin_mean(self) -> float:
        return self.margin_cents / self.customers

    def _variances(self) -> tuple[float, float]:
        """The sample variances (ddof 1) of bought (0 or 1) and of margin."""
        n = self.customers
        vb = (self.bought - self.bought**2 / n) / (n - 1)
        vm = (self.margin_squared - self.margin_cents**2 / n) / (n - 1)
        return max(vb, 0.0), max(vm, 0.0)


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


def incrementality(bought_offered, bought_held_out, margin_offered, margin_held_out,
                   level: float = 0.95) -> Incrementality:  # fmt: skip
    """From the customers' arrays (1 bought, 0 not; margin in cents)."""
    return incrementality_of(OfferStats.of(bought_offered, margin_offered),
                             OfferStats.of(bought_held_out, margin_held_out), level)  # fmt: skip


def _verdict(lo: float, hi: float) -> str:
    if lo > 0:
        return "the offer brought purchases that would not have happened without it"
    if hi < 0:
        return "customers offered it bought less than those held out"
    return "no measurable difference: these purchases might have happened anyway"


def incrementality_of(offered: OfferStats, held: OfferStats,
                      level: float = 0.95) -> Incrementality:  # fmt: skip
    """From the sufficient statistics of the customers offered and of those held out."""
    nx, ny = offered.customers, held.customers
    if nx < 2 or ny < 2:
        nan = float("nan")
        words = "too few customers offered or held out to measure what the offer added"
        return Incrementality(nx, ny, nan, nan, nan, nan, nan, nan, nan, nan, words)
    z = float(st.norm.ppf(0.5 + level / 2))
    (vbx, vmx), (vby, vmy) = offered._variances(), held._variances()
    lift = offered.rate - held.rate
    se = math.sqrt(vbx / nx + vby / ny)
    lo, hi = lift - z * se, lift + z * se
    m = offered.margin_mean - held.margin_mean
    mse = math.sqrt(vmx / nx + vmy / ny)
    mlo, mhi = m - z * mse, m + z * mse
    words = (f"{offered.rate:.1%} of customers offered it bought against {held.rate:.1%} held "
             f"out ({lift:+.1%}, {lo:+.1%} to {hi:+.1%}); margin a customer {m / 100:+.2f} "
             f"({mlo / 100:+.2f} to {mhi / 100:+.2f}): {_verdict(lo, hi)}")  # fmt: skip
    return Incrementality(nx, ny, offered.rate, held.rate, lift, lo, hi, m, mlo, mhi, words)
