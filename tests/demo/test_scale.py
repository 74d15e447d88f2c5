"""The orders-only benchmark mode scales: ~10 orders per customer on a medium size, quickly."""

import time

import numpy as np

from regulars.demo import generate_orders_only


def test_orders_only_medium():
    t0 = time.perf_counter()
    shop = generate_orders_only(customers=50_000, seed=1)
    elapsed = time.perf_counter() - t0
    orders = shop.tables["orders"]
    assert set(shop.tables) == {"customers", "products", "orders"}
    assert 8.5 < orders.num_rows / 50_000 < 11.5
    assert elapsed < 15
    o = orders.to_pydict() if orders.num_rows < 0 else None  # noqa: F841 (no conversion at scale)
    total = orders["total_cents"].to_numpy()
    parts = (
        orders["subtotal_cents"].to_numpy()
        - orders["discount_cents"].to_numpy()
        + orders["shipping_cents"].to_numpy()
        + orders["tax_cents"].to_numpy()
    )
    assert (total == parts).all()


def test_orders_per_customer_knob():
    shop = generate_orders_only(customers=20_000, seed=2, orders_per_customer=4.0, with_items=True)
    assert 3.2 < shop.tables["orders"].num_rows / 20_000 < 5.0
    assert shop.tables["order_items"].num_rows >= shop.tables["orders"].num_rows
    assert np.isfinite(shop.truths.btyd["alpha"])
