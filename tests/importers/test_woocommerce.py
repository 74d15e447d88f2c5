"""WooCommerce orders (WebToffee export shape): orders, customers (email or phone), line items,
refunds; re-import adds nothing. Both backends.

tests/data/exports/woocommerce_orders.csv is generated with the column names of the WebToffee
"Order Export & Order Import for WooCommerce" plugin's order CSV (its documentation on
woocommerce.com, summarised in shared/reference/export-formats.md), ``line_item_N`` cells as that
plugin packs them.
"""

from __future__ import annotations

from regulars.importers.keys import stable_id
from regulars.services.imports import import_file

FILE = "woocommerce_orders.csv"
TABLES = ("customers", "orders", "order_items", "refunds")


def test_woocommerce_orders(ex, workspace):
    report = import_file(workspace, "orders", ex.export(FILE), format="woocommerce-orders")
    assert {k: v.created for k, v in report.counts.items()} == {
        "customers": 3,
        "orders": 3,
        "order_items": 4,
        "refunds": 2,
    }
    orders = ex.rows_of(workspace, "orders", "order_id")
    assert [orders[k]["status"] for k in ("101", "102", "103")] == ["paid", "refunded", "paid"]
    first = orders["101"]
    assert (first["total_cents"], first["shipping_cents"], first["tax_cents"]) == (2650, 450, 200)
    assert (first["currency"], first["channel"], first["source"]) == (
        "EUR",
        "stripe",
        "woocommerce",
    )
    assert first["customer_id"] == stable_id("customers", "ada@example.com")
    phone_only = stable_id("customers", "phone", "+33612345678")
    assert orders["103"]["customer_id"] == phone_only
    items = ex.rows_of(workspace, "order_items", "order_item_id")
    assert (items["101:2"]["sku"], items["101:2"]["quantity"]) == ("FP-100", 2)
    assert items["101:2"]["unit_price_cents"] == 250
    refunds = ex.rows_of(workspace, "refunds", "refund_id")
    assert (refunds["102/refund"]["amount_cents"], refunds["103/refund"]["amount_cents"]) == (
        1250,
        500,
    )
    assert ex.iso(refunds["102/refund"]["refunded_at"]) == "2025-03-02T18:41:00+00:00"  # paid
    assert ex.iso(refunds["103/refund"]["refunded_at"]) == "2025-03-03T09:00:00+00:00"  # ordered


def test_woocommerce_reimport_adds_nothing(ex, workspace):
    import_file(workspace, "orders", ex.export(FILE), format="woocommerce-orders")
    again = import_file(workspace, "orders", ex.export(FILE), format="woocommerce-orders")
    assert (again.total.created, again.total.updated, again.total.unchanged) == (0, 0, 12)


def test_an_unknown_status_is_named(ex, workspace, tmp_path):
    path = ex.edited_csv(FILE, tmp_path, {(3, "status"): "wc-lost"})
    ex.assert_rejected(
        workspace,
        "orders",
        path,
        "woocommerce-orders",
        TABLES,
        line=3,
        column="status",
        value="lost",
        reason="not a known value",
    )
