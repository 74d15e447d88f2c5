"""Planted tastes for the recommendations: what personalisation should find and popularity cannot.

- Co-purchase: an order with the pour-over dripper carries its paper filters as well (most of the
  time), and the dripper's buyers add filters to later web orders (filters run out).
- Favourite beans: every retail customer has one favourite bean (a fixed draw per customer); most
  of their bean lines are that bean (same format), so "buy again" beats the bestsellers on beans.

The lines are changed before any money is computed, so every total still adds up. The draws come
from a stream of their own, so the other parts of the shop see the same random numbers as before.
"""

from __future__ import annotations

import numpy as np

from regulars.demo import catalog as ca

DRIPPER, FILTERS = "Pour-Over Dripper", "Paper Filters (100)"
SAME_ORDER = 0.75  # share of dripper lines whose order also holds filters
LATER_ORDER = 0.35  # share of a dripper buyer's later web orders that add filters
FAVOURITE = 0.7  # share of a retail customer's bean lines that are their favourite bean
RETAIL = (0, 1, 2)  # line classes of web orders (retail, holiday, gift); 3 wholesale, 4 plans


def truths(cat: ca.Catalog) -> dict:
    """The planted tastes, by product id, for tests to recover."""
    names = cat.table.column("name").to_pylist()
    ids = cat.table.column("product_id").to_pylist()
    by_name = dict(zip(names, ids))
    return {
        "co_purchase": {"product": by_name[DRIPPER], "bought_with": by_name[FILTERS]},
        "co_purchase_rates": {"same_order": SAME_ORDER, "later_order": LATER_ORDER},
        "favourite_bean_share": FAVOURITE,
    }


def plant(rng, cat: ca.Catalog, cust, order, cls, product, qty, price):
    """The lines with the favourite beans and the filters planted, sorted by order again."""
    product = _favourites(rng, cat, cust[order], cls, product)
    price = np.where(cls == 3, price, cat.price[product])
    extra = _filter_orders(rng, cat, cust, order, cls, product)
    filters = _index(cat, FILTERS)
    order = np.concatenate([order, extra])
    sort = np.argsort(order, kind="stable")
    product = np.concatenate([product, np.full(len(extra), filters)])
    qty = np.concatenate([qty, np.ones(len(extra), dtype=qty.dtype)])
    price = np.concatenate([price, np.full(len(extra), cat.price[filters])])
    cls = np.concatenate([cls, np.zeros(len(extra), dtype=cls.dtype)])
    return order[sort], cls[sort], product[sort], qty[sort], price[sort]


def _index(cat: ca.Catalog, name: str) -> int:
    return cat.table.column("name").to_pylist().index(name)


def _favourites(rng, cat: ca.Catalog, line_cust, cls, product):
    beans = cat.in_category(ca.BEANS)
    small = beans[0::2]  # the 340 g bags; the favourite keeps the line's format
    favourite = small[(line_cust * 2654435761 + 97) % len(small)]
    is_big = (product - beans[0]) % 2 == 1
    swap = np.isin(product, beans) & np.isin(cls, RETAIL) & (rng.random(len(product)) < FAVOURITE)
    return np.where(swap, favourite + is_big, product)


def _filter_orders(rng, cat: ca.Catalog, cust, order, cls, product):
    """Orders (indices) that get a filters line added."""
    dripper, filters = _index(cat, DRIPPER), _index(cat, FILTERS)
    n = len(cust)
    with_dripper = np.zeros(n, dtype=bool)
    with_dripper[order[product == dripper]] = True
    has_filters = np.zeros(n, dtype=bool)
    has_filters[order[product == filters]] = True
    web = np.zeros(n, dtype=bool)
    web[order[np.isin(cls, RETAIL)]] = True
    first = np.full(int(cust.max()) + 1 if n else 0, n)
    np.minimum.at(first, cust[with_dripper], np.flatnonzero(with_dripper))
    later = web & (np.arange(n) > first[cust]) & ~with_dripper
    u = rng.random(n)
    add = (with_dripper & (u < SAME_ORDER)) | (later & (u < LATER_ORDER))
    return np.flatnonzero(add & ~has_filters)
