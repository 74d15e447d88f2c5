"""The roaster's catalogue: beans, equipment, subscriptions and gifts (about 60 products)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from regulars.demo import tables
from regulars.demo.clock import Window

CATEGORIES = ("beans", "equipment", "subscriptions", "gifts")
BEANS, EQUIPMENT, SUBSCRIPTIONS, GIFTS = range(4)
HOUSE = "Regulars Roasting Co."

ORIGINS = (
    ("Ethiopia Yirgacheffe", 2100),
    ("Ethiopia Guji", 2200),
    ("Kenya Nyeri", 2400),
    ("Colombia Huila", 1900),
    ("Colombia Decaf", 1900),
    ("Brazil Cerrado", 1700),
    ("Guatemala Antigua", 1950),
    ("Costa Rica Tarrazu", 2100),
    ("Peru Cajamarca", 1850),
    ("Rwanda Nyamasheke", 2250),
    ("Burundi Kayanza", 2250),
    ("Honduras Marcala", 1800),
    ("Sumatra Mandheling", 1950),
    ("Panama Boquete", 2900),
    ("House Espresso", 1800),
)
FORMATS = (("340 g", 1.0), ("1 kg", 2.6))
EQUIPMENT_ITEMS = (
    ("Conical Burr Grinder", 16900, "Baratza"),
    ("Flat Burr Grinder", 34900, "Fellow"),
    ("Hand Grinder", 12900, "Timemore"),
    ("Gooseneck Kettle", 8900, "Fellow"),
    ("Pour-Over Dripper", 2900, "Hario"),
    ("Paper Filters (100)", 900, "Hario"),
    ("French Press", 3900, "Bodum"),
    ("AeroPress", 4500, "AeroPress"),
    ("Digital Scale", 5900, "Acaia"),
    ("Espresso Tamper", 3400, "Normcore"),
    ("Milk Frothing Pitcher", 2400, "Rhino"),
    ("Cold Brew Jar", 3200, "Hario"),
    ("Travel Mug", 2900, "Fellow"),
    ("Cleaning Tablets", 1500, "Cafiza"),
)
SUBSCRIPTION_ITEMS = (
    ("Monthly Subscription - 1 bag", 1900),
    ("Monthly Subscription - 2 bags", 3600),
    ("Espresso Subscription - 2 bags", 3600),
    ("Decaf Subscription - 1 bag", 1900),
    ("Roaster's Choice Subscription", 2400),
    ("Office Subscription - 3 kg", 12900),
)
GIFT_ITEMS = (
    ("Holiday Gift Box", 5500),
    ("Tasting Flight Gift Set", 4200),
    ("Gift Card $25", 2500),
    ("Gift Card $50", 5000),
    ("Gift Card $100", 10000),
    ("Brewing Starter Kit", 8900),
    ("Espresso Lover Box", 6900),
    ("Ceramic Mug Set", 3800),
    ("Advent Calendar of Coffee", 7900),
    ("Origin Discovery Box", 4900),
)


@dataclass(frozen=True)
class Catalog:
    table: pa.Table
    category: np.ndarray  # int code per product (index into CATEGORIES)
    price: np.ndarray  # list price, cents
    popularity: np.ndarray  # relative weight within category

    @property
    def ids(self) -> pa.Array:
        return self.table.column("product_id").combine_chunks()

    def in_category(self, cat: int) -> np.ndarray:
        return np.flatnonzero(self.category == cat)


def _rows() -> list[tuple[str, int, int, str, float]]:
    """(name, category, price cents, vendor, cost share) for every product."""
    rows = []
    for origin, price in ORIGINS:
        for fmt, mult in FORMATS:
            rows.append((f"{origin} {fmt}", BEANS, int(round(price * mult, -1)), HOUSE, 0.38))
    rows += [(n, EQUIPMENT, p, v, 0.55) for n, p, v in EQUIPMENT_ITEMS]
    rows += [(n, SUBSCRIPTIONS, p, HOUSE, 0.42) for n, p in SUBSCRIPTION_ITEMS]
    rows += [
        (
            n,
            GIFTS,
            p,
            HOUSE if "Card" not in n else "Regulars Gift Cards",
            0.45 if "Card" not in n else 0.0,
        )
        for n, p in GIFT_ITEMS
    ]
    return rows


def make_catalog(rng: np.random.Generator, window: Window) -> Catalog:
    rows = _rows()
    n = len(rows)
    category = np.array([r[1] for r in rows], dtype=np.int64)
    price = np.array([r[2] for r in rows], dtype=np.int64)
    cost = np.round(price * np.array([r[4] for r in rows]) * rng.uniform(0.9, 1.1, n)).astype(
        np.int64
    )
    prefix = np.array(["BN", "EQ", "SB", "GF"])[category]
    popularity = rng.pareto(1.5, n) + 0.3
    popularity[category == BEANS] *= np.where(
        np.arange(n)[category == BEANS] % 2 == 0, 1.6, 0.6
    )  # 340 g sells more
    created = window.start_us - rng.integers(30, 900, n) * 86_400_000_000
    table = tables.build(
        "products",
        {
            "product_id": tables.ids("P", n, 3),
            "sku": [f"{p}-{i + 1:03d}" for i, p in enumerate(prefix)],
            "name": [r[0] for r in rows],
            "category": tables.pick(CATEGORIES, category),
            "price_cents": price,
            "cost_cents": cost,
            "currency": "USD",
            "stock": rng.integers(0, 400, n) * np.where(category == SUBSCRIPTIONS, 0, 1)
            + (category == SUBSCRIPTIONS) * 9999,
            "vendor": [r[3] for r in rows],
            "created_at": created,
        },
    )
    return Catalog(table, category, price, popularity)
