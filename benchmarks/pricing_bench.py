"""Benchmark: prices and offers at scale against the issue's goals: elasticities for 5,000 products
from 10,000,000 order lines in at most 60 s; the bandit's offer for 1,000,000 customers in at most
5 s. The peer: scikit-learn's ``LinearRegression`` fitted product by product on the same weekly
rows (what a shop would write by hand); the slopes are checked to agree and the ratio printed.

First the fit alone (lines aggregated with numpy); then end to end as Regulars runs it: the lines
written into a DuckDB workspace (built once, cached under benchmarks/.data/), aggregated to
product-weeks in the database by the store's Ibis expression (``services.pricing.history``) and
fitted (``services.pricing.elasticities``), both timed; ``analytics.pricing.fit_elasticities``
solves all products' normal equations at once.

Usage: ``python benchmarks/pricing_bench.py [--products N] [--lines N] [--customers N]
[--no-store]``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

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


MONDAY_US = 1_704_067_200_000_000  # 2024-01-01, a Monday
WEEK_US = 7 * 86_400_000_000


def _ids(prefix: str, n: int) -> pa.Array:
    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(np.arange(n)), pa.string()), "")


def _pairs(week: np.ndarray) -> np.ndarray:
    """An order per two lines of the same week."""
    order = np.empty(len(week), np.int64)
    by_week = np.argsort(week, kind="stable")
    starts = np.searchsorted(week[by_week], np.arange(WEEKS))
    sizes = np.diff(np.r_[starts, len(week)])
    rank = np.arange(len(week)) - np.repeat(starts, sizes)
    first = np.r_[0, np.cumsum((sizes + 1) // 2)[:-1]]
    order[by_week] = np.repeat(first, sizes) + rank // 2
    return order


def shop_tables(products: int, lines: int) -> tuple[dict[str, pa.Table], np.ndarray]:
    """The bench's lines as a shop: products in 50 categories, orders of two lines of one week."""
    product, week, price, truth = order_lines(products, lines, 1)
    order = _pairs(week)
    n_orders = int(order.max()) + 1
    order_week = np.zeros(n_orders, np.int64)
    order_week[order] = week
    rng = np.random.default_rng(3)
    at = MONDAY_US + order_week * WEEK_US + rng.integers(0, WEEK_US, n_orders)
    total = np.bincount(order, weights=price, minlength=n_orders).astype(np.int64)
    p = {
        "product_id": _ids("p", products),
        "name": _ids("Product ", products),
        "category": _ids("c", products).take(pa.array(np.arange(products) % 50)),
        "price_cents": np.full(products, 1000),
        "cost_cents": np.full(products, 400),
    }
    o = {
        "order_id": _ids("o", n_orders),
        "ordered_at": pa.array(at, pa.timestamp("us", "UTC")),
        "currency": pa.array(["USD"] * n_orders),
        "total_cents": total,
        "status": pa.array(["paid"] * n_orders),
    }
    i = {"order_item_id": _ids("i", len(product)), "order_id": _ids("o", n_orders).take(
         pa.array(order)), "product_id": _ids("p", products).take(pa.array(product)),
         "quantity": np.ones(len(product), np.int64), "unit_price_cents": price}  # fmt: skip
    return {"products": pa.table(p), "orders": pa.table(o), "order_items": pa.table(i)}, truth


def store_bench(products: int, lines: int) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_data import CACHE, prepared_workspace, timed, write_rows

    from regulars.services import pricing
    from regulars.services.pricing import history

    truth: list = []

    def build(ws) -> int:
        tables, b = shop_tables(products, lines)
        truth.append(b)
        for name in ("products", "orders", "order_items"):
            write_rows(ws, name, tables[name])
        return tables["orders"].num_rows

    folder = CACHE / f"pricing-{products}-{lines}"
    ws, orders = prepared_workspace(folder, build, f"{products:,} products / {lines:,} lines")
    b = truth[0] if truth else order_lines(products, lines, 1)[3]
    agg, w = timed(lambda: history.weekly(ws))
    total, fit = timed(lambda: pricing.elasticities(ws))
    idx = np.array([int(p.product_id[1:]) for p in fit.products])
    covered = np.mean([p.low <= x <= p.high for p, x in zip(fit.products, b[idx], strict=True)])
    n_lines = ws.store.to_arrow(ws.store.table("order_items").count().as_table())[0][0].as_py()
    print(f"store (DuckDB, Ibis): {n_lines:,} order lines ({orders:,} orders) to {len(w.units):,} "
          f"product-weeks in the database: {agg:.2f} s")  # fmt: skip
    print(f"end to end (database aggregation + fit, services.pricing.elasticities): {total:.2f} s "
          f"for {len(fit.products):,} products (goal <= 60 s: "
          f"{'met' if total <= 60 else 'NOT met'}); intervals cover {covered:.1%}")  # fmt: skip
    ws.close()


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
    parser.add_argument("--no-store", action="store_true", help="Skip the end-to-end run.")
    args = parser.parse_args()
    elasticity_bench(args.products, args.lines)
    if not args.no_store:
        store_bench(args.products, args.lines)
    bandit_bench(args.customers)


if __name__ == "__main__":
    main()
