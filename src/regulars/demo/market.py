"""Three competitors: weekly prices for matched products, occasional promotions, ratings and
reviews."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from regulars.demo import catalog as ca
from regulars.demo import tables
from regulars.demo.clock import DAY_US, HOUR_US, Window

#: (name, website, planted price index vs our list price, base rating, reviews at start, reviews
#: per week)
COMPETITORS = (
    ("Northbound Coffee", "https://northbound.example.com", 0.92, 4.1, 800, 6),
    ("Ember & Crema", "https://emberandcrema.example.com", 1.05, 4.4, 1500, 9),
    ("Highline Roasters", "https://highline.example.com", 1.15, 4.6, 600, 4),
)
PROMO_RATE = 0.06
PROMO_PERCENTS = (15, 20, 25)


def matched_products(cat: ca.Catalog) -> np.ndarray:
    beans = cat.in_category(ca.BEANS)[:12]
    equipment = cat.in_category(ca.EQUIPMENT)[:4]
    return np.concatenate([beans, equipment])


def make_market(
    rng: np.random.Generator, window: Window, cat: ca.Catalog
) -> tuple[dict[str, pa.Table], dict]:
    weeks = np.arange(window.start_us, window.end_us, 7 * DAY_US)
    products = matched_products(cat)
    n_c, n_w, n_p = len(COMPETITORS), len(weeks), len(products)
    c, w, p = (
        a.ravel()
        for a in np.meshgrid(np.arange(n_c), np.arange(n_w), np.arange(n_p), indexing="ij")
    )
    index = np.array([x[2] for x in COMPETITORS])
    promo_week = rng.random((n_c, n_w)) < PROMO_RATE
    promo_pct = np.array(PROMO_PERCENTS)[rng.integers(0, len(PROMO_PERCENTS), (n_c, n_w))]
    on_promo = promo_week[c, w]
    noise = rng.normal(1.0, 0.02, len(c))
    price = (
        cat.price[products[p]]
        * index[c]
        * noise
        * np.where(on_promo, 1 - promo_pct[c, w] / 100, 1.0)
    )
    rating = np.round(np.array([x[3] for x in COMPETITORS])[c] + rng.normal(0, 0.05, len(c)), 2)
    reviews = (
        np.array([x[4] for x in COMPETITORS])[c] + np.array([x[5] for x in COMPETITORS])[c] * w
    )
    names = cat.table["name"].to_pylist()
    promo_text = np.array([None] + [f"{k}% off sitewide" for k in PROMO_PERCENTS], dtype=object)
    promo_code = np.where(on_promo, 1 + np.searchsorted(PROMO_PERCENTS, promo_pct[c, w]), 0)
    comp_ids = tables.ids("K", n_c, 2)
    competitors = tables.build(
        "competitors",
        {
            "competitor_id": comp_ids,
            "name": [x[0] for x in COMPETITORS],
            "website": [x[1] for x in COMPETITORS],
        },
    )
    observations = tables.build(
        "competitor_observations",
        {
            "observation_id": tables.ids("OB", len(c), 6),
            "competitor_id": comp_ids.take(pa.array(c)),
            "observed_at": weeks[w] + 10 * HOUR_US,
            "product_id": cat.ids.take(pa.array(products[p])),
            "competitor_product": [
                f"{x[0].split()[0]} {names[products[j]]}"
                for x, j in zip((COMPETITORS[i] for i in c), p)
            ],
            "price_cents": np.round(price).astype(np.int64),
            "currency": "USD",
            "rating": np.minimum(rating, 5.0),
            "review_count": reviews.astype(np.int64),
            "promotion": list(promo_text[promo_code]),
        },
    )
    ratio = price / cat.price[products[p]]
    truths = {
        comp_ids[i].as_py(): {
            "name": COMPETITORS[i][0],
            "planted_price_index": COMPETITORS[i][2],
            "realised_median_index_no_promo": float(np.median(ratio[(c == i) & ~on_promo])),
            "promotion_weeks": int(promo_week[i].sum()),
            "planted_rating": COMPETITORS[i][3],
        }
        for i in range(n_c)
    }
    return {"competitors": competitors, "competitor_observations": observations}, truths
