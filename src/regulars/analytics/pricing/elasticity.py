"""Own-price elasticity per product from period aggregates (one row per product and week):

    log units = a + b log price + c1 sin(2 pi w / 52) + c2 cos(2 pi w / 52) + d promo + e t

fitted by least squares per product, all products at once (the normal equations of every product
summed with one ``np.add.reduceat``, solved as one batch). ``b`` is the elasticity: a 1% higher
price changes units by about b%.

Partial pooling (empirical Bayes, DerSimonian & Laird 1986): within a category the products'
slopes are taken as draws around the category's slope ``mu`` with spread ``tau``; each product's
slope keeps the weight ``w = tau^2 / (tau^2 + se^2)`` of its own estimate, so a sparse product
(large ``se``) borrows from its category and a well-measured one keeps its own. The interval is
Morris's (1983, JASA 78:47) empirical Bayes interval: it adds the uncertainty of ``mu`` and of the
shrinkage itself, so it keeps its coverage (a category needs 4 products to pool).

A product whose price moved less than ``MIN_PRICE_MOVE`` (3%, the spread between its 5th and 95th
percentile period price) is refused: history cannot tell its response, only a price test can. So is
one that sold in fewer than ``MIN_SOLD_SHARE`` (80%) of the weeks between its first and last sale:
the weeks without a sale have no log units, and leaving them out pulls its slope towards 0 (the
weeks at a high price are the ones most often missing)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as st

MIN_PRICE_MOVE = 0.03
MIN_PERIODS = 8
MIN_SOLD_SHARE = 0.80
LEVEL = 0.95
_K = 6  # intercept, log price, sin, cos, promo, trend


@dataclass(frozen=True)
class ProductElasticity:
    product_id: str
    category: str
    periods: int
    price_move: float
    own: float | None
    own_se: float | None
    elasticity: float | None
    low: float | None
    high: float | None
    weight_own: float | None
    refused: str | None
    explanation: str


@dataclass(frozen=True)
class CategoryElasticity:
    category: str
    elasticity: float | None
    se: float | None
    spread: float | None
    products: int
    explanation: str


@dataclass(frozen=True)
class Elasticities:
    products: tuple[ProductElasticity, ...]
    categories: tuple[CategoryElasticity, ...]
    level: float
    explanation: str

    def product(self, product_id: str) -> ProductElasticity:
        return next(p for p in self.products if p.product_id == product_id)


def _design(log_price, week, promo, t) -> np.ndarray:
    angle = 2 * np.pi * np.asarray(week, float) / 52.0
    one = np.ones_like(log_price)
    return np.column_stack([one, log_price, np.sin(angle), np.cos(angle), promo, t])


def _price_move(codes, log_price, starts, counts) -> np.ndarray:
    order = np.lexsort((log_price, codes))
    lp = log_price[order]
    lo = lp[starts + np.floor(0.05 * (counts - 1)).astype(int)]
    hi = lp[starts + np.ceil(0.95 * (counts - 1)).astype(int)]
    return np.expm1(hi - lo)


def _sold_share(t, starts, counts) -> np.ndarray:
    """Periods with a sale / weeks from the first to the last (``t`` in years)."""
    span = np.maximum.reduceat(t, starts) - np.minimum.reduceat(t, starts)
    return counts / (np.round(span * 365.25 / 7) + 1)


def _ols(codes, X, y, starts, counts, usable):
    """Per-group OLS slopes on log price and their standard errors (NaN where not usable)."""
    xtx = np.add.reduceat(X[:, :, None] * X[:, None, :], starts, axis=0)
    xty = np.add.reduceat(X * y[:, None], starts, axis=0)
    xtx = xtx + np.eye(_K)[None] * 1e-9 * (1 + np.trace(xtx, axis1=1, axis2=2))[:, None, None]
    xtx[~usable] = np.eye(_K)
    inv = np.linalg.inv(xtx)
    beta = np.einsum("gij,gj->gi", inv, xty)
    resid = y - np.einsum("ni,ni->n", X, beta[codes])
    dof = np.maximum(counts - _K, 1)
    sigma2 = np.add.reduceat(resid**2, starts) / dof
    se = np.sqrt(np.maximum(sigma2 * inv[:, 1, 1], 1e-12))
    slope = np.where(usable, beta[:, 1], np.nan)
    return slope, np.where(usable, se, np.nan)


def _pool(b: np.ndarray, se: np.ndarray) -> tuple[float, float, float]:
    """DerSimonian-Laird: the category's slope, its standard error and the spread tau."""
    w = 1 / se**2
    mu_fixed = float(np.sum(w * b) / np.sum(w))
    q = float(np.sum(w * (b - mu_fixed) ** 2))
    denom = float(np.sum(w) - np.sum(w**2) / np.sum(w))
    tau2 = max(0.0, (q - (len(b) - 1)) / denom) if denom > 0 else 0.0
    wr = 1 / (se**2 + tau2)
    mu = float(np.sum(wr * b) / np.sum(wr))
    return mu, float(math.sqrt(1 / np.sum(wr))), math.sqrt(tau2)


def fit_elasticities(
    product_ids, categories, log_price, log_units, week, promo, t, level: float = LEVEL
) -> Elasticities:
    """Fit every product's elasticity from period rows (arrays of equal length)."""
    pid = np.asarray(product_ids).astype(str)
    cat_of_row = np.asarray(categories).astype(str)
    order = np.argsort(pid, kind="stable")
    pid, cat_of_row = pid[order], cat_of_row[order]
    lp = np.asarray(log_price, float)[order]
    y = np.asarray(log_units, float)[order]
    X = _design(lp, np.asarray(week)[order], np.asarray(promo, float)[order],
                np.asarray(t, float)[order])  # fmt: skip
    names, starts, counts = np.unique(pid, return_index=True, return_counts=True)
    codes = np.repeat(np.arange(len(names)), counts)
    move = _price_move(codes, lp, starts, counts)
    sold = _sold_share(np.asarray(t, float)[order], starts, counts)
    usable = (move >= MIN_PRICE_MOVE) & (counts >= MIN_PERIODS) & (sold >= MIN_SOLD_SHARE)
    slope, se = _ols(codes, X, y, starts, counts, usable)
    cats = cat_of_row[starts]
    z = float(st.norm.ppf(0.5 + level / 2))
    products, categories_out = [], []
    for c in np.unique(cats):
        idx = np.flatnonzero(cats == c)
        pooled = _category(c, idx, slope, se, usable)
        categories_out.append(pooled)
        for i in idx:
            products.append(_product(names[i], c, counts[i], move[i], slope[i], se[i],
                                     usable[i], pooled, z, sold[i]))  # fmt: skip
    refused = sum(p.refused is not None for p in products)
    words = (
        f"{len(products) - refused} of {len(products)} products have an elasticity "
        f"({level:.0%} intervals, shrunk towards their category's)"
        + (f"; {refused} refused: their prices did not move enough" if refused else "")
    )
    return Elasticities(tuple(products), tuple(categories_out), level, words)


def _category(c, idx, slope, se, usable) -> CategoryElasticity:
    good = idx[usable[idx]]
    if len(good) == 0:
        words = f"{c}: no product's price moved enough to estimate the category's response"
        return CategoryElasticity(c, None, None, None, 0, words)
    mu, mu_se, tau = _pool(slope[good], se[good])
    words = (
        f"{c}: a 1% higher price changes units by about {mu:+.2f}% "
        f"(from {len(good)} product{'s' if len(good) != 1 else ''}; spread {tau:.2f})"
    )
    return CategoryElasticity(c, mu, mu_se, tau, len(good), words)


def _why_not(n, move, sold) -> str:
    if move < MIN_PRICE_MOVE:
        return f"your prices moved less than {MIN_PRICE_MOVE:.0%}: run a price test"
    if n < MIN_PERIODS:
        return f"only {n} periods of sales (need {MIN_PERIODS}): run a price test"
    return (f"it sold in only {sold:.0%} of its weeks (need {MIN_SOLD_SHARE:.0%}): too few sales "
            "to tell from history; run a price test")  # fmt: skip


def _product(name, c, n, move, b, se, usable, pooled: CategoryElasticity, z,
             sold=1.0) -> ProductElasticity:  # fmt: skip
    if not usable:
        why = _why_not(n, move, sold)
        return ProductElasticity(name, c, int(n), float(move), None, None, None, None, None,
                                 None, why, f"{name}: no estimate, {why}")  # fmt: skip
    k = pooled.products
    if pooled.elasticity is None or k < 4:
        w, est, var = 1.0, float(b), float(se) ** 2
    else:  # Morris (1983): the interval also carries the uncertainty of the shrinkage itself
        shrink = se**2 / (pooled.spread**2 + se**2)
        w = 1 - shrink
        est = float(w * b + shrink * pooled.elasticity)
        var = float(se**2 * (1 - (k - 1) / k * shrink)
                    + 2 / (k - 3) * shrink**2 * (b - pooled.elasticity) ** 2)  # fmt: skip
    half = z * math.sqrt(var)
    words = (
        f"{name}: a 1% higher price changes units by {est:+.2f}% "
        f"(between {est - half:+.2f}% and {est + half:+.2f}%; {w:.0%} its own data, "
        f"the rest its category's)"
    )
    return ProductElasticity(name, c, int(n), float(move), float(b), float(se), est,
                             est - half, est + half, float(w), None, words)  # fmt: skip
