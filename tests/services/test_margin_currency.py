"""Gross margin in the workspace currency: a line priced in EUR and a cost in EUR are converted at
the owner's rate before they are added to USD lines; without a rate they are left out. Both
backends."""

from __future__ import annotations

import pytest

from regulars.services.currencies import set_rates
from regulars.services.imports import import_file
from regulars.services.kpis.history import kpi_series

FILES = {
    "products": "product_id,name,cost,currency\np1,Beans,9.00,USD\np2,Bohnen,1.00,EUR\n",
    "orders": (
        "order_id,customer_id,ordered_at,total,currency\n"
        "o1,c1,2026-01-05 10:00:00,10.00,USD\n"
        "o2,c2,2026-01-06 10:00:00,10.00,EUR\n"
    ),
    "order_items": (
        "order_item_id,order_id,product_id,quantity,unit_price\no1:1,o1,p1,1,10.00\n"
        "o2:1,o2,p2,1,10.00\n"
    ),
}


@pytest.fixture
def shop(workspace, tmp_path):
    for name, text in FILES.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        import_file(workspace, name, path)
    assert workspace.settings.currency == "USD"
    return workspace


def _margin(ws) -> float:
    (point,) = [p for p in kpi_series(ws, "gross_margin", "month").points if p.value is not None]
    return point.value


def test_without_a_rate_the_euro_line_is_left_out(shop):
    assert _margin(shop) == pytest.approx((1000 - 900) / 1000)


def test_with_a_rate_lines_and_costs_are_converted_before_adding(shop):
    set_rates(shop, {"EUR": 10.0})  # 1 EUR = 10 USD: the EUR line is 100.00 USD, its cost 10.00
    assert _margin(shop) == pytest.approx((1000 + 10000 - 900 - 1000) / (1000 + 10000))
