"""The persona model's evidence, counted in the database: orders by channel and main category, by
hand, on
DuckDB and PostgreSQL.

Products: P1 beans, P2 equipment, P3 without a category. A main category is the one with the most
item
revenue in the order, ties to the first name; a category outside the largest ones (here: none) and a
missing category count as "other", an order without lines as "no items", a missing channel as
"other".
- A-1 web: P1 2 x $10, P2 1 x $15 -> beans ($20 > $15).   A-2 web: P2 $30 -> equipment.
- A-3 subscription: P1 $10 -> beans.                      B-1 web: P3 $5 -> other.
- B-2 no channel, no lines -> other / no items.           B-3 web: P1 $10, P2 $10 (a tie) -> beans.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.csv as pacsv

from regulars.services.imports import import_file
from regulars.services.segments.features import customer_features
from regulars.services.segments.personas import order_evidence

ORDERS = {  # order: (customer, channel, day, discount code)
    "A-1": ("A", "web", 1, None),
    "A-2": ("A", "web", 40, "SAVE"),
    "A-3": ("A", "subscription", 70, None),
    "B-1": ("B", "web", 5, None),
    "B-2": ("B", None, 50, None),
    "B-3": ("B", "web", 330, None),
}
LINES = [
    ("A-1", "P1", 2, 1000),
    ("A-1", "P2", 1, 1500),
    ("A-2", "P2", 1, 3000),
    ("A-3", "P1", 1, 1000),
    ("B-1", "P3", 1, 500),
    ("B-3", "P1", 1, 1000),
    ("B-3", "P2", 1, 1000),
]
EXPECTED = {
    "A": {"web / beans": 1, "web / equipment": 1, "subscription / beans": 1},
    "B": {"web / other": 1, "other / no items": 1, "web / beans": 1},
}


def write_csv(path, columns: dict) -> None:
    pacsv.write_csv(pa.table(columns), path)


def _shop(ws, tmp_path) -> None:
    write_csv(
        tmp_path / "customers.csv",
        {"customer_id": ["A", "B"], "email": ["a@example.com", "b@example.com"]},
    )
    write_csv(
        tmp_path / "products.csv",
        {
            "product_id": ["P1", "P2", "P3"],
            "name": ["Beans", "Grinder", "Mystery"],
            "category": ["beans", "equipment", None],
        },
    )
    o = list(ORDERS.items())
    write_csv(
        tmp_path / "orders.csv",
        {
            "order_id": [k for k, _ in o],
            "customer_id": [v[0] for _, v in o],
            "channel": [v[1] for _, v in o],
            "ordered_at": [
                f"2025-{1 + v[2] // 30:02d}-{1 + v[2] % 28:02d}T10:00:00+00:00" for _, v in o
            ],
            "discount_code": [v[3] for _, v in o],
            "currency": ["USD"] * len(o),
            "total_cents": [1000] * len(o),
        },
    )
    write_csv(
        tmp_path / "items.csv",
        {
            "order_item_id": [f"L{i}" for i in range(len(LINES))],
            "order_id": [x[0] for x in LINES],
            "product_id": [x[1] for x in LINES],
            "quantity": [x[2] for x in LINES],
            "unit_price_cents": [x[3] for x in LINES],
        },
    )
    for table, name in (
        ("customers", "customers"),
        ("products", "products"),
        ("orders", "orders"),
        ("order_items", "items"),
    ):
        import_file(ws, table, tmp_path / f"{name}.csv")


def test_orders_counted_by_channel_and_main_category(workspace, tmp_path):
    _shop(workspace, tmp_path)
    f = customer_features(workspace, with_kinds=True)
    got = {
        c: {k: int(n) for k, n in zip(f.kinds, row) if n}
        for c, row in zip(f.customer_ids, f.order_kinds)
    }
    assert got == EXPECTED
    kinds, holiday, discount = order_evidence(f)
    a = f.customer_ids.index("A")
    assert kinds[a].sum() == 3 and list(discount[a]) == [1, 2] and list(holiday[a]) == [0, 3]
