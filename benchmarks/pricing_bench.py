"""Benchmark: prices and offers at scale against the issue's goals: elasticities for 5,000 products
from 10,000,000 order lines in at most 60 s; the bandit's offer for 1,000,000 customers in at most
5 s. The peer: scikit-learn's ``LinearRegression`` fitted product by product on the same weekly
rows (what a shop would write by hand); the slopes are checked to agree and the ratio printed.

The lines are aggregated to product-weeks with numpy here (in Regulars the database does it, see
``services.pricing.history``); the fit is ``analytics.pricing.fit_elasticities``, all products'
normal equations at once.

Usage: ``python benchmarks/pricing_bench.py [--products N] [--lines N] [--customers N]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from regulars.analytics.offers import OfferBandit
from regulars.analytics.offers.simulate import PLANTED_RATES
from regulars.analytics.pricing import fit_elasticities

WEEKS = 104


def order_lines(products: int, lines: int, seed: int):
    """One row a line: product, week, unit price; units per product-week follow a planted
    elasticity (-1.5 +- 0.4) around a mean that gives ``lines`` lines in all."""
    rng = np.random.default_rng(seed)
    b = -1.5 + 0.4 * rng.standard_normal(products)
    dlogp = rng.choice([-0.1, 0.0, 0.1], size=(products, WEEKS))
    mean = lines / (products * WEEKS) * np.exp(b[:, None] * dlogp)
    units = rng.poisson(mean).ravel()
    cell = np.repeat(np.arange(products * WEEKS), units)
    price = np.round(1000 * np.exp(dlogp.ravel()))[cell].astype(np.int64)
    return cell // WEEKS, cell % WEEKS, price, b


def weekly(product, week, price, products: int):
    cell = product * WEEKS + week
    units = np.bincount(cell, minlength=products * WEEKS).astype(float)
    value = np.bincount(cell, weights=price, minlength=products * WEEKS)
    keep = units > 0
    cells = np.flatnonzero(keep)
    return (cells // WEEKS, cells % WEEKS, np.log(value[keep] / units[keep]), np.log(units[keep]))


def peer(pid, week, log_price, log_units) -> tuple[float, np.ndarray]:
    from sklearn.linear_model import LinearRegression

    t0 = time.perf_counter()
    angle = 2 * np.pi * (week % 52) / 52
    X = np.column_stack([log_price, np.sin(angle), np.cos(angle), week / 52])
    starts = np.flatnonzero(np.r_[True, pid[1:] != pid[:-1]])
    ends = np.r_[starts[1:], len(pid)]
    slopes = np.array([LinearRegression().fit(X[s:e], log_units[s:e]).coef_[0]
                       for s, e in zip(starts, ends, strict=True)])  # fmt: skip
    return time.perf_counter() - t0, slopes


def elasticity_bench(products: int, lines: int) -> None:
    product, week, price, truth = order_lines(products, lines, 1)
    t0 = time.perf_counter()
    pid, w, lp, lu = weekly(product, week, price, products)
    ids = np.char.add("p", pid.astype(str).astype("<U8"))
    zeros = np.zeros(len(pid))
    fit = fit_elasticities(ids, np.full(len(pid), "all"), lp, lu, w % 52, zeros, w / 52)
    ours = time.perf_counter() - t0
    peer_s, slopes = peer(pid, w, lp, lu)
    own = np.array([fit.product(f"p{i}").own for i in range(min(products, 200))])
    agree = float(np.max(np.abs(own - slopes[: len(own)])))
    covered = np.mean([p.low <= truth[int(p.product_id[1:])] <= p.high for p in fit.products])
    print(f"elasticity: {products:,} products from {len(product):,} order lines: {ours:.2f} s "
          f"(goal <= 60 s: {'met' if ours <= 60 else 'NOT met'}); 95% intervals cover the "
          f"planted elasticity for {covered:.1%}")  # fmt: skip
    print(f"peer scikit-learn LinearRegression per product (weekly rows only, no aggregation, "
          f"no pooling): {peer_s:.2f} s; ratio peer / ours {peer_s / ours:.1f}x; largest slope "
          f"difference {agree:.1e}")  # fmt: skip


def bandit_bench(customers: int) -> None:
    groups = tuple(PLANTED_RATES)
    rng = np.random.default_rng(2)
    bandit = OfferBandit(groups).fit(rng.integers(0, 3, 100_000), rng.integers(0, 6, 100_000),
                                     rng.random(100_000) < 0.2)  # fmt: skip
    g = rng.integers(0, 3, customers)
    t0 = time.perf_counter()
    chosen = bandit.choose(g, rng)
    ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i in range(10_000):  # the peer: a loop drawing one customer's posteriors at a time
        s, n = bandit.successes_[g[i]], bandit.trials_[g[i]]
        int(np.argmax(rng.beta(s + 1, n - s + 1) * bandit.order_margin_cents()))
    loop = (time.perf_counter() - t0) * customers / 10_000
    print(
        f"bandit: an offer for {customers:,} customers: {ours:.2f} s (goal <= 5 s: "
        f"{'met' if ours <= 5 else 'NOT met'}); {np.bincount(chosen, minlength=6).tolist()}"
    )
    print(f"peer: numpy per customer in a Python loop (timed on 10,000, scaled): {loop:.1f} s; "
          f"ratio {loop / ours:.0f}x")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=5_000)
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--customers", type=int, default=1_000_000)
    args = parser.parse_args()
    elasticity_bench(args.products, args.lines)
    bandit_bench(args.customers)


if __name__ == "__main__":
    main()
