"""Off-policy evaluation: what a new offer policy would have earned on the customers already
offered something under the logging policy, before it is switched on.

* inverse propensity (IPS, Horvitz & Thompson 1952): ``mean(pi(a|x) / mu(a|x) * r)``;
* doubly robust (Dudik, Langford & Li 2011): ``mean(sum_a pi(a|x) q(x, a) + pi(a|x) / mu(a|x) *
  (r - q(x, a)))`` with ``q`` the mean reward per group and offer in the log;

each with a percentile bootstrap interval (the Poisson bootstrap: customers reweighted), and the
difference to the logging policy's own value (the mean reward logged) with its interval, so
"would it have beaten the current one" is answered with its uncertainty."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BOOTSTRAP = 500


@dataclass(frozen=True)
class Estimate:
    value: float
    low: float
    high: float


@dataclass(frozen=True)
class PolicyValue:
    customers: int
    logged: Estimate
    ips: Estimate
    doubly_robust: Estimate
    gain: Estimate
    explanation: str


def _q(groups, actions, rewards, n_groups, n_actions) -> np.ndarray:
    total = np.zeros((n_groups, n_actions))
    count = np.zeros((n_groups, n_actions))
    np.add.at(total, (groups, actions), rewards)
    np.add.at(count, (groups, actions), 1)
    overall = np.where(count.sum(1) > 0, total.sum(1) / np.maximum(count.sum(1), 1), 0)
    return np.where(count > 0, total / np.maximum(count, 1), overall[:, None])


def _terms(groups, actions, rewards, propensity, target):
    pi = target[groups, actions]
    ratio = pi / propensity
    q = _q(groups, actions, rewards, *target.shape)
    ips = ratio * rewards
    dr = (target[groups] * q[groups]).sum(1) + ratio * (rewards - q[groups, actions])
    return ips, dr


def _interval(x: np.ndarray, weights: np.ndarray, level: float) -> Estimate:
    boot = weights @ x / weights.sum(1)
    lo, hi = np.quantile(boot, [0.5 - level / 2, 0.5 + level / 2])
    return Estimate(float(x.mean()), float(lo), float(hi))


def evaluate_policy(groups, actions, rewards, propensity, target, *, level: float = 0.95,
                    seed: int = 0) -> PolicyValue:  # fmt: skip
    """``target[g, a]``: the new policy's probability of offer ``a`` in group ``g``;
    ``propensity``: the logging policy's probability of the offer each customer got."""
    g, a = np.asarray(groups, int), np.asarray(actions, int)
    r, mu = np.asarray(rewards, float), np.asarray(propensity, float)
    if len(r) == 0 or np.any(mu <= 0):
        raise ValueError("every logged offer needs a propensity above zero")
    ips, dr = _terms(g, a, r, mu, np.asarray(target, float))
    rng = np.random.default_rng(seed)
    weights = rng.poisson(1.0, (BOOTSTRAP, len(r))).astype(np.float32)
    logged, e_ips, e_dr = (_interval(x, weights, level) for x in (r, ips, dr))
    gain = _interval(dr - r, weights, level)
    return PolicyValue(len(r), logged, e_ips, e_dr, gain, _words(gain, e_dr, logged, level))


def _words(gain: Estimate, dr: Estimate, logged: Estimate, level: float) -> str:
    head = (f"the new policy would have earned {dr.value:.2f} a customer (doubly robust; "
            f"{dr.low:.2f} to {dr.high:.2f}) against {logged.value:.2f} logged")  # fmt: skip
    if gain.low > 0:
        return head + f": it beats the current one ({level:.0%} interval of the gain above zero)"
    if gain.high < 0:
        return head + ": it would have done worse; keep the current policy"
    return head + ": the logs cannot tell which is better; keep the current one or test"
