"""A hand-worked shop: 10 customers whose RFM scores, segments and movement are worked out in the
tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from regulars.services.imports import import_file

END = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)
#: customer -> (days from its last order to END, orders, cents per order); earlier orders 10 days
#: apart.
SHOP = {
    "C01": (0, 5, 10000),
    "C02": (10, 4, 10000),
    "C03": (20, 1, 5000),
    "C04": (30, 3, 20000),
    "C05": (40, 1, 3000),
    "C06": (100, 4, 15000),
    "C07": (200, 5, 20000),
    "C08": (300, 1, 2000),
    "C09": (400, 2, 4000),
    "C10": (500, 1, 1000),
}


def write_csv(path, columns: dict) -> None:
    pacsv.write_csv(pa.table(columns), path)


@pytest.fixture
def hand_shop(workspace, tmp_path):
    ids = sorted(SHOP)
    write_csv(
        tmp_path / "customers.csv",
        {
            "customer_id": ids,
            "email": [f"{c.lower()}@example.com" for c in ids],
            "first_name": ids,
            "country": ["US"] * 10,
        },
    )
    rows = {
        "order_id": [],
        "customer_id": [],
        "ordered_at": [],
        "currency": [],
        "total_cents": [],
        "status": [],
    }
    for c, (days, n, cents) in SHOP.items():
        for j in range(n):
            rows["order_id"].append(f"{c}-{j}")
            rows["customer_id"].append(c)
            rows["ordered_at"].append((END - timedelta(days=days + 10 * j)).isoformat())
            rows["currency"].append("USD")
            rows["total_cents"].append(cents)
            rows["status"].append("paid")
    rows["order_id"].append("X-cancelled")  # cancelled orders do not count
    rows["customer_id"].append("C10")
    rows["ordered_at"].append(END.isoformat())
    rows["currency"].append("USD")
    rows["total_cents"].append(99999)
    rows["status"].append("cancelled")
    write_csv(tmp_path / "orders.csv", rows)
    import_file(workspace, "customers", tmp_path / "customers.csv")
    import_file(workspace, "orders", tmp_path / "orders.csv")
    return workspace
