"""Sufficient statistics for one arm of an experiment (GrowthBook gbstats style).

Every statistic is built from counts and sums a warehouse query can return: ``n`` units, the sum
of a metric and the sum of its squares (ratio and CUPED statistics add the sums and cross sums
they need). They never raise: an empty arm simply has ``n == 0`` and the tests that consume it
return a result carrying an ``error`` message.

Variance conventions (as in gbstats):

* ``ProportionStats.variance`` is ``p (1 - p)`` (the Bernoulli variance, no n-1 correction);
* ``SampleMeanStats.variance`` is the unbiased sample variance (divides by ``n - 1``);
* ``RatioStats.variance`` is the per-unit delta-method variance of ``sum(m) / sum(d)``;
* ``RegressionAdjustedStats.variance`` is ``var(post) + theta^2 var(pre) - 2 theta cov(post, pre)``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


def _sample_variance(n: float, total: float, total_squares: float) -> float:
    if n <= 1:
        return 0.0
    return max((total_squares - total * total / n) / (n - 1), 0.0)


def _sample_covariance(n: float, sum_a: float, sum_b: float, sum_of_products: float) -> float:
    if n <= 1:
        return 0.0
    return (sum_of_products - sum_a * sum_b / n) / (n - 1)


@dataclass(frozen=True)
class ProportionStats:
    """A conversion metric: ``conversions`` of ``n`` units converted."""

    n: int
    conversions: float

    @property
    def sum(self) -> float:
        return float(self.conversions)

    @property
    def sum_squares(self) -> float:
        return float(self.conversions)  # 0/1 data: x^2 == x

    @property
    def mean(self) -> float:
        return self.conversions / self.n if self.n > 0 else 0.0

    @property
    def unadjusted_mean(self) -> float:
        return self.mean

    @property
    def variance(self) -> float:
        return self.mean * (1.0 - self.mean)

    @classmethod
    def from_values(cls, values) -> ProportionStats:
        arr = np.asarray(values, dtype=float)
        return cls(n=int(arr.size), conversions=float((arr > 0).sum()))


@dataclass(frozen=True)
class SampleMeanStats:
    """A mean metric (revenue per user, sessions per user) from n, sum and sum of squares."""

    n: int
    sum: float
    sum_squares: float

    @property
    def mean(self) -> float:
        return self.sum / self.n if self.n > 0 else 0.0

    @property
    def unadjusted_mean(self) -> float:
        return self.mean

    @property
    def variance(self) -> float:
        return _sample_variance(self.n, self.sum, self.sum_squares)

    @classmethod
    def from_values(cls, values) -> SampleMeanStats:
        arr = np.asarray(values, dtype=float)
        return cls(n=int(arr.size), sum=float(arr.sum()), sum_squares=float((arr * arr).sum()))


@dataclass(frozen=True)
class RatioStats:
    """A ratio metric such as revenue per order: sum(m) / sum(d) over ``n`` units.

    The variance is the delta-method variance per unit (gbstats ``variance_of_ratios``):
    ``var_m / mu_d^2 - 2 cov mu_m / mu_d^3 + mu_m^2 var_d / mu_d^4``.
    """

    n: int
    m_sum: float
    m_sum_squares: float
    d_sum: float
    d_sum_squares: float
    m_d_sum_of_products: float

    @property
    def m_mean(self) -> float:
        return self.m_sum / self.n if self.n > 0 else 0.0

    @property
    def d_mean(self) -> float:
        return self.d_sum / self.n if self.n > 0 else 0.0

    @property
    def mean(self) -> float:
        return self.m_sum / self.d_sum if self.d_sum != 0 else 0.0

    @property
    def unadjusted_mean(self) -> float:
        return self.mean

    @property
    def m_variance(self) -> float:
        return _sample_variance(self.n, self.m_sum, self.m_sum_squares)

    @property
    def d_variance(self) -> float:
        return _sample_variance(self.n, self.d_sum, self.d_sum_squares)

    @property
    def covariance(self) -> float:
        return _sample_covariance(self.n, self.m_sum, self.d_sum, self.m_d_sum_of_products)

    @property
    def variance(self) -> float:
        mu_m, mu_d = self.m_mean, self.d_mean
        if mu_d == 0 or self.n <= 1:
            return 0.0
        return (
            self.m_variance / mu_d**2
            - 2 * self.covariance * mu_m / mu_d**3
            + mu_m**2 * self.d_variance / mu_d**4
        )

    @classmethod
    def from_values(cls, numerator, denominator) -> RatioStats:
        m = np.asarray(numerator, dtype=float)
        d = np.asarray(denominator, dtype=float)
        return cls(
            n=int(m.size),
            m_sum=float(m.sum()),
            m_sum_squares=float((m * m).sum()),
            d_sum=float(d.sum()),
            d_sum_squares=float((d * d).sum()),
            m_d_sum_of_products=float((m * d).sum()),
        )


@dataclass(frozen=True)
class RegressionAdjustedStats:
    """CUPED statistics: the metric after exposure (post) and the same metric before it (pre).

    ``theta`` is left ``None`` until :func:`regulars.analytics.experiments.cuped.with_pooled_theta`
    sets the value pooled over both arms; with ``theta`` None the adjusted mean and variance equal
    the unadjusted ones.
    """

    n: int
    post_sum: float
    post_sum_squares: float
    pre_sum: float
    pre_sum_squares: float
    post_pre_sum_of_products: float
    theta: float | None = None

    @property
    def post(self) -> SampleMeanStats:
        return SampleMeanStats(self.n, self.post_sum, self.post_sum_squares)

    @property
    def pre(self) -> SampleMeanStats:
        return SampleMeanStats(self.n, self.pre_sum, self.pre_sum_squares)

    @property
    def covariance(self) -> float:
        return _sample_covariance(
            self.n, self.post_sum, self.pre_sum, self.post_pre_sum_of_products
        )

    @property
    def mean(self) -> float:
        return self.post.mean - (self.theta or 0.0) * self.pre.mean

    @property
    def unadjusted_mean(self) -> float:
        return self.post.mean

    @property
    def variance(self) -> float:
        if self.n <= 1:
            return 0.0
        theta = self.theta or 0.0
        return self.post.variance + theta**2 * self.pre.variance - 2 * theta * self.covariance

    def with_theta(self, theta: float | None) -> RegressionAdjustedStats:
        return replace(self, theta=theta)

    @classmethod
    def from_values(cls, post, pre) -> RegressionAdjustedStats:
        y = np.asarray(post, dtype=float)
        x = np.asarray(pre, dtype=float)
        return cls(
            n=int(y.size),
            post_sum=float(y.sum()),
            post_sum_squares=float((y * y).sum()),
            pre_sum=float(x.sum()),
            pre_sum_squares=float((x * x).sum()),
            post_pre_sum_of_products=float((y * x).sum()),
        )


ArmStats = ProportionStats | SampleMeanStats | RatioStats | RegressionAdjustedStats
