"""Planted price responses: a few web products change price every few weeks and their demand
follows a constant elasticity; one product's price only wobbles (under 3%), too little to tell.

Each planted product has a price schedule of ISO weeks (Monday to Sunday): levels between 80% and
120% of its list price, each held 1 to 3 weeks, and list price in the peak season (no price tests
from early November to the year's end). A web line of the product in a week at level ``m``
stays with probability ``(m / LOW) ** b`` (``b`` the planted elasticity, ``LOW`` the lowest level):
so its expected units are proportional to ``m ** b``, the log-log demand the price models fit. A
line that does not stay goes to the category's substitute (a product whose price never moves), so
no order loses a line and order counts are unchanged. Wholesale (negotiated prices) and
subscription lines keep their prices. The draws come from a stream of their own.
"""

from __future__ import annotations

import numpy as np

from regulars.demo import catalog as ca
from regulars.demo.clock import DAY_US

#: Planted elasticities per category, given to its most popular web products in turn (beans:
#: the 340 g bags).
ELASTICITIES = {
    ca.BEANS: (-1.4, -1.8, -1.5, -1.7, -1.6, -1.9),
    ca.EQUIPMENT: (-1.0, -1.2, -1.1),
    ca.GIFTS: (-0.7,),
}
#: Too little variation: the next most popular bag's price moves by 1% at most: it is refused.
WOBBLE_LEVELS = (0.99, 1.0, 1.01)
#: Never planted: the co-purchase pair (demo.affinities) and gift cards (no cost, no margin).
LEFT_ALONE = ("Pour-Over Dripper", "Paper Filters (100)")
#: Where a line that goes away goes, per category.
SUBSTITUTES = {ca.BEANS: "House Espresso 340 g", ca.EQUIPMENT: "AeroPress",
               ca.GIFTS: "Origin Discovery Box"}  # fmt: skip
LEVELS = (0.80, 0.85, 0.90, 0.95, 1.00, 1.05, 1.10, 1.15, 1.20)
LOW = LEVELS[0]
HOLD_WEEKS = (1, 3)
PEAK_DAY = 311  # from about November 7 to the year's end prices stay at list: no tests in peak
WEB = (0, 1, 2)  # line classes of web orders (retail, holiday, gift); 3 wholesale, 4 plans


def iso_week(t_us: np.ndarray) -> np.ndarray:
    """Monday-based week numbers (1970-01-01 was a Thursday)."""
    return (np.asarray(t_us, np.int64) // DAY_US + 3) // 7


def _peak(first: int, n_weeks: int) -> np.ndarray:
    monday = (np.arange(first, first + n_weeks) * 7 - 3).astype("datetime64[D]")
    doy = (monday - monday.astype("datetime64[Y]")).astype(np.int64)
    return doy >= PEAK_DAY


def _schedule(rng, first: int, n_weeks: int, levels) -> np.ndarray:
    out = np.empty(n_weeks)
    i = 0
    while i < n_weeks:
        hold = int(rng.integers(HOLD_WEEKS[0], HOLD_WEEKS[1] + 1))
        out[i : i + hold] = levels[int(rng.integers(0, len(levels)))]
        i += hold
    return np.where(_peak(first, n_weeks), 1.0, out)


def _index(cat: ca.Catalog, name: str) -> int:
    return cat.table.column("name").to_pylist().index(name)


def planted(cat: ca.Catalog) -> tuple[dict[int, float], int]:
    """Product index -> planted elasticity, and the product whose price only wobbles."""
    names = cat.table.column("name").to_pylist()
    skip = {*LEFT_ALONE, *SUBSTITUTES.values()}
    out, wobble = {}, -1
    for c, values in ELASTICITIES.items():
        members = [int(p) for p in cat.in_category(c)
                   if names[p] not in skip and "Card" not in names[p]
                   and (c != ca.BEANS or "340 g" in names[p])]  # fmt: skip
        ranked = sorted(members, key=lambda p: -cat.popularity[p])
        out.update(zip(ranked, values))
        if c == ca.BEANS:
            wobble = ranked[len(values)]
    return out, wobble


def plant(rng, cat: ca.Catalog, line_t_us, cls, product, price):
    """The lines' products and unit prices with the planted price responses; returns the
    schedules too (product index -> level per week, from the first week)."""
    weeks = iso_week(line_t_us)
    first = int(weeks.min()) if len(weeks) else 0
    n_weeks = int(weeks.max()) - first + 1 if len(weeks) else 0
    product, price = product.copy(), price.copy()
    schedules = {}
    web = np.isin(cls, WEB)
    elasticities, wobble = planted(cat)
    for p, b in (*elasticities.items(), (wobble, None)):
        levels = WOBBLE_LEVELS if b is None else LEVELS
        level = _schedule(rng, first, n_weeks, levels)
        schedules[p] = level
        lines = np.flatnonzero(web & (product == p))
        m = level[weeks[lines] - first]
        u = rng.random(len(lines))
        price[lines] = np.round(cat.price[p] * m).astype(price.dtype)
        if b is None:
            continue
        gone = lines[u >= (m / LOW) ** b]
        sub = _index(cat, SUBSTITUTES[int(cat.category[p])])
        product[gone], price[gone] = sub, cat.price[sub]
    return product, price, first, schedules


def truths(cat: ca.Catalog, first_week: int, schedules: dict) -> dict:
    """The planted price responses by product id, for tests to recover."""
    ids = cat.table.column("product_id").to_pylist()
    cats = cat.table.column("category").to_pylist()
    elasticities, wobble = planted(cat)
    planted_ = {ids[p]: b for p, b in elasticities.items()}
    by_category: dict[str, list[float]] = {}
    for pid, b in planted_.items():
        by_category.setdefault(cats[ids.index(pid)], []).append(b)
    moves = {ids[p]: float(max(s) / min(s) - 1) for p, s in schedules.items()}
    return {
        "elasticities": planted_,
        "category_mean": {c: float(np.mean(v)) for c, v in by_category.items()},
        "refused": [ids[wobble]],
        "price_moves": moves,
        "substitutes": {ca.CATEGORIES[k]: ids[_index(cat, n)] for k, n in SUBSTITUTES.items()},
        "levels": list(LEVELS),
        "first_week_monday": str(np.datetime64(first_week * 7 - 3, "D")),
        "rule": "web lines stay with probability (level / 0.8) ** elasticity; the others go to "
        "the category's substitute; wholesale and subscription lines keep list prices",
    }
