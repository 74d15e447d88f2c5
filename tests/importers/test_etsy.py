"""Etsy sold orders and sold order items: orders, buyers by Etsy user id, refunds from the
adjusted total, items; re-import adds nothing. Both backends.

The fixtures are generated with the headers of Etsy's "EtsySoldOrders" and "EtsySoldOrderItems"
CSV downloads (dates as Etsy writes them, 03/14/25).
"""

from __future__ import annotations

from regulars.services.imports import import_file


def test_etsy_orders_and_items(ex, workspace):
    report = import_file(
        workspace, "orders", ex.export("etsy_sold_orders.csv"), format="etsy-orders"
    )
    assert {k: v.created for k, v in report.counts.items()} == {
        "customers": 2,
        "orders": 2,
        "refunds": 1,
    }
    orders = ex.rows_of(workspace, "orders", "order_id")
    ada = orders["3012345678"]
    assert (ada["total_cents"], ada["discount_cents"], ada["currency"]) == (3100, 300, "GBP")
    assert ex.iso(ada["ordered_at"]) == "2025-03-14T00:00:00+00:00"
    assert ada["customer_id"] == "etsy:88112233"
    refund = ex.rows_of(workspace, "refunds", "refund_id")["3012345679/refund"]
    assert refund["amount_cents"] == 1000  # 18.50 - 8.50
    items = import_file(
        workspace, "order_items", ex.export("etsy_sold_order_items.csv"), format="etsy-items"
    )
    assert items.counts["order_items"].created == 2
    mug = ex.rows_of(workspace, "order_items", "order_item_id")["4100000001"]
    assert (mug["quantity"], mug["unit_price_cents"], mug["order_id"]) == (2, 1500, "3012345678")
    again = import_file(
        workspace, "orders", ex.export("etsy_sold_orders.csv"), format="etsy-orders"
    )
    assert (again.total.created, again.total.updated) == (0, 0)
