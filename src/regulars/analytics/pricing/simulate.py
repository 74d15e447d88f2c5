"""Weekly sales with a known elasticity, for the simulation tests, the demo and the benchmark:
each product of a category gets an elasticity drawn around its category's, prices that move by
``price_move`` (0: a fixed price), promotions, a season and a trend; units are Poisson."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Simulated:
    product_ids: np.ndarray
    categories: np.ndarray
    log_price: np.ndarray
    log_units: np.ndarray
    week: np.ndarray
    promo: np.ndarray
    t: np.ndarray
    truth: dict[str, float]

    def columns(self) -> tuple:
        return (self.product_ids, self.categories, self.log_price, self.log_units, self.week,
                self.promo, self.t)  # fmt: skip


def simulate_weeks(
    categories: dict[str, tuple[float, float, float]],
    products_per_category: int,
    weeks: int,
    seed: int,
    base_units: float = 40.0,
) -> Simulated:
    """``categories``: name -> (elasticity, spread between products, price move)."""
    rng = np.random.default_rng(seed)
    rows, truth = [], {}
    for c, (mu, spread, move) in categories.items():
        for j in range(products_per_category):
            pid = f"{c}-{j:03d}"
            b = float(mu + spread * rng.standard_normal())
            truth[pid] = b
            rows.append(_product_weeks(rng, pid, c, b, move, weeks, base_units))
    cols = [np.concatenate([r[i] for r in rows]) for i in range(7)]
    keep = cols[3] > 0  # weeks without a sale have no price paid
    cols[3] = np.log(np.where(keep, cols[3], 1))
    return Simulated(*(c[keep] for c in cols), truth=truth)


def _product_weeks(rng, pid, c, b, move, weeks, base_units):
    w = np.arange(weeks)
    steps = rng.choice([-1.0, 0.0, 1.0], size=weeks) * move / 2
    log_price = np.log(1000.0) + steps
    promo = (rng.random(weeks) < 0.1).astype(float)
    mean = base_units * np.exp(b * (log_price - np.log(1000.0)) + 0.3 * promo
                               + 0.2 * np.sin(2 * np.pi * w / 52) + 0.002 * w)  # fmt: skip
    units = rng.poisson(mean).astype(float)
    return (np.full(weeks, pid), np.full(weeks, c), log_price, units, w % 52, promo, w / 52)
