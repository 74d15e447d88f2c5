"""When each customer buys: the buy-till-you-die process and the planted group behaviours.

Ordinary customers and discount hunters follow BG/NBD: each has a purchase rate
``lambda ~ Gamma(r, rate=alpha)`` per operational week and a dropout probability ``p ~ Beta(a, b)``;
the first order is at arrival, repeat orders are a Poisson process and after each repeat order the
customer drops out with probability ``p``. Discount hunters run on a clock that speeds up ~25x
during promotions. Subscribers, gift buyers, lapsed customers and wholesale cafés follow their own
rules. The result is a plan (customer, time, origin) that other parts of the shop add to or thin.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import hyp2f1

from regulars.demo import customers as cu
from regulars.demo.clock import DAY_US, NEVER, Warp, Window, black_friday

NATURAL, SUBSCRIPTION, WHOLESALE, GIFT, CAMPAIGN, EXPERIMENT = range(6)
ORIGINS = ("natural", "subscription", "wholesale", "gift", "campaign", "experiment")


@dataclass(frozen=True)
class BTYD:
    r: float = 1.0
    alpha: float = 8.0
    a: float = 1.4
    b: float = 6.0

    def expected_repeats(self, t_weeks: np.ndarray) -> np.ndarray:
        """BG/NBD E[X(t)] (Fader, Hardie & Lee 2005, eq. 7), in operational weeks."""
        r, al, a, b = self.r, self.alpha, self.a, self.b
        t = np.asarray(t_weeks, dtype=float)
        return (
            (a + b - 1)
            / (a - 1)
            * (1 - (al / (al + t)) ** r * hyp2f1(r, b, a + b - 1, t / (al + t)))
        )

    def as_dict(self) -> dict:
        return {
            "r": self.r,
            "alpha": self.alpha,
            "a": self.a,
            "b": self.b,
            "time_unit": "operational week",
            "lambda": "Gamma(shape=r, rate=alpha)",
            "p": "Beta(a, b)",
        }


@dataclass
class Plan:
    """Planned orders (not yet priced): who, when, why; plus per-customer BTYD draws."""

    cust: np.ndarray
    t_us: np.ndarray
    origin: np.ndarray
    campaign: np.ndarray  # campaign index that caused the order, or -1
    lam: np.ndarray  # per customer (NaN outside BTYD groups)
    p: np.ndarray
    alive_until: np.ndarray  # per customer: time of dropout, NEVER if still alive at the end

    def add(
        self, cust: np.ndarray, t_us: np.ndarray, origin: int, campaign: np.ndarray | int = -1
    ) -> None:
        n = len(cust)
        self.cust = np.concatenate([self.cust, cust.astype(np.int64)])
        self.t_us = np.concatenate([self.t_us, t_us.astype(np.int64)])
        self.origin = np.concatenate([self.origin, np.full(n, origin, dtype=np.int64)])
        self.campaign = np.concatenate(
            [self.campaign, np.broadcast_to(np.asarray(campaign, dtype=np.int64), (n,))]
        )

    def keep(self, mask: np.ndarray) -> None:
        self.cust, self.t_us, self.origin, self.campaign = (
            a[mask] for a in (self.cust, self.t_us, self.origin, self.campaign)
        )


def hunter_weights(window: Window) -> np.ndarray:
    w = window.day_weights() * (1 + 24 * (window.promo_index() >= 0))
    return w / w.mean()


def _btyd(rng, warp: Warp, created: np.ndarray, btyd: BTYD):
    """Repeat-order times and dropout times for customers arriving at ``created``."""
    n = len(created)
    u0 = warp.of_us(created)
    length = np.maximum(warp.edges[-1] - u0, 0.0)
    lam = rng.gamma(btyd.r, 1.0 / btyd.alpha, n)
    p = rng.beta(btyd.a, btyd.b, n)
    count = rng.poisson(lam * length)
    k = rng.geometric(p)
    x = np.minimum(count, k)
    # the first x of `count` sorted uniforms: cumulative exponentials over (their sum +
    # Gamma(count + 1 - x))
    owner = np.repeat(np.arange(n), x)
    csum = np.cumsum(rng.exponential(1.0, int(x.sum())))
    ends = np.cumsum(x)
    before = np.concatenate([[0.0], csum])[ends - x]
    s = csum - before[owner]
    s_last = np.concatenate([[0.0], csum])[ends] - before
    tail = rng.gamma(np.maximum(count + 1 - x, 1), 1.0)
    u = u0[owner] + length[owner] * s / (s_last + tail)[owner]
    t = np.maximum(warp.to_us(rng, u), created[owner] + DAY_US)
    died = k <= count
    alive_until = np.full(n, NEVER, dtype=np.int64)
    alive_until[died] = t[ends[died] - 1]
    return owner, t, lam, p, alive_until


def _lapsed(rng, window: Window, created: np.ndarray):
    n = len(created)
    stop = window.end_us - (cu.LAPSED_QUIET_DAYS + 1) * DAY_US
    last = (
        created
        + (rng.random(n) * np.maximum(stop - created - 45 * DAY_US, DAY_US)).astype(np.int64)
        + 45 * DAY_US
    )
    last = np.minimum(last, stop)
    extra = 1 + rng.poisson(3.0, n)
    owner = np.repeat(np.arange(n), extra)
    t = created[owner] + (rng.random(len(owner)) * (last - created)[owner]).astype(np.int64)
    return np.concatenate([owner, np.arange(n)]), np.concatenate([t, last])


def _monthly(
    rng, window: Window, created: np.ndarray, every_days: float, skip: float, jitter_days: int
):
    n = len(created)
    steps = np.maximum(((window.end_us - created) / (every_days * DAY_US)).astype(np.int64), 0)
    owner = np.repeat(np.arange(n), steps)
    k = np.arange(len(owner)) - np.repeat(np.cumsum(steps) - steps, steps) + 1
    t = created[owner] + (k * every_days * DAY_US).astype(np.int64)
    t = t + rng.integers(-jitter_days, jitter_days + 1, len(t)) * DAY_US
    keep = (rng.random(len(t)) >= skip) & (t < window.end_us) & (t > created[owner])
    return owner[keep], t[keep]


def _gifts(rng, window: Window, created: np.ndarray):
    owners, times = [], []
    for y in range(window.start.year, window.end.year + 1):
        s0 = window.us(black_friday(y)) - 10 * DAY_US
        s1 = window.us(black_friday(y).replace(day=1, month=12)) + 21 * DAY_US
        ok = (created < s0) & (s1 < window.end_us) & (rng.random(len(created)) < 0.85)
        idx = np.flatnonzero(ok)
        idx = np.concatenate([idx, idx[rng.random(len(idx)) < 0.3]])
        owners.append(idx)
        times.append(s0 + (rng.random(len(idx)) * (s1 - s0)).astype(np.int64))
    off = rng.poisson(0.12 * (window.end_us - created) / (365 * DAY_US))
    idx = np.repeat(np.arange(len(created)), off)
    owners.append(idx)
    times.append(
        created[idx] + (rng.random(len(idx)) * (window.end_us - created[idx])).astype(np.int64)
    )
    return np.concatenate(owners), np.concatenate(times)


def plan_purchases(
    rng: np.random.Generator, window: Window, people: cu.Customers, btyd: BTYD
) -> Plan:
    n = len(people)
    created, group = people.created_us, people.group
    plan = Plan(
        np.arange(n),
        created.copy(),
        np.full(n, NATURAL),
        np.full(n, -1),
        np.full(n, np.nan),
        np.full(n, np.nan),
        np.full(n, NEVER, dtype=np.int64),
    )
    plan.origin[group == cu.SUBSCRIBER] = SUBSCRIPTION
    plan.origin[group == cu.WHOLESALE] = WHOLESALE
    plan.origin[group == cu.GIFT] = GIFT
    for g, warp in (
        (cu.ORDINARY, Warp(window, window.day_weights())),
        (cu.HUNTER, Warp(window, hunter_weights(window))),
    ):
        idx = np.flatnonzero(group == g)
        owner, t, lam, p, alive = _btyd(rng, warp, created[idx], btyd)
        plan.add(idx[owner], t, NATURAL)
        plan.lam[idx], plan.p[idx], plan.alive_until[idx] = lam, p, alive
    idx = np.flatnonzero(group == cu.LAPSED)
    owner, t = _lapsed(rng, window, created[idx])
    plan.add(idx[owner], t, NATURAL)
    plan.alive_until[idx] = window.end_us - cu.LAPSED_QUIET_DAYS * DAY_US
    for g, origin, rule in (
        (cu.SUBSCRIBER, SUBSCRIPTION, (30.44, 0.04, 1)),
        (cu.WHOLESALE, WHOLESALE, (14.0, 0.08, 2)),
    ):
        idx = np.flatnonzero(group == g)
        owner, t = _monthly(rng, window, created[idx], *rule)
        plan.add(idx[owner], t, origin)
    idx = np.flatnonzero(group == cu.GIFT)
    owner, t = _gifts(rng, window, created[idx])
    plan.add(idx[owner], t, GIFT)
    return plan


def calibrated(btyd: BTYD, window: Window, created: np.ndarray, target_mean: float) -> BTYD:
    """The BTYD with ``alpha`` chosen so ordinary customers arriving at ``created`` average
    ``target_mean`` orders."""
    warp = Warp(window, window.day_weights())
    t = np.quantile(warp.edges[-1] - warp.of_us(created), np.linspace(0.005, 0.995, 200))
    lo, hi = 1e-3, 1e4
    for _ in range(80):
        mid = np.sqrt(lo * hi)
        mean = 1 + BTYD(btyd.r, mid, btyd.a, btyd.b).expected_repeats(t).mean()
        lo, hi = (mid, hi) if mean > target_mean else (lo, mid)
    return BTYD(btyd.r, float(np.sqrt(lo * hi)), btyd.a, btyd.b)
