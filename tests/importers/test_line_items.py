"""Line-level sales exports (UCI Online Retail shape) in one step: orders, order items, customers,
cancellations as refunds; re-import adds nothing. Both backends.

tests/data/exports/online_retail.csv is generated in the shape of the UCI Online Retail data set
(Chen, Sain & Guo 2012, UCI ML repository id 352): its header, its date format (12/1/2010 8:26),
"17850.0" customer ids as pandas writes them, a "C" cancellation and an "A" bad-debt adjustment.
"""

from __future__ import annotations

import pytest

from regulars.errors import InputError
from regulars.services.imports import import_file

FILE = "online_retail.csv"
TABLES = ("customers", "orders", "order_items", "refunds")


def test_line_items_become_orders_items_and_refunds(ex, workspace):
    report = import_file(workspace, "orders", ex.export(FILE), format="line-items")
    assert {k: v.created for k, v in report.counts.items()} == {
        "customers": 4,
        "orders": 5,
        "order_items": 7,
        "refunds": 1,
    }
    orders = ex.rows_of(workspace, "orders", "order_id")
    # 6 x 2.55 + 2 x (6 x 3.39): the identical lines are two lines
    assert orders["536365"]["total_cents"] == 1530 + 2 * 2034
    assert orders["536365"]["customer_id"] == "17850"
    assert ex.iso(orders["536365"]["ordered_at"]) == "2010-12-01T08:26:00+00:00"
    assert ex.iso(orders["536390"]["ordered_at"]) == "2010-12-13T10:19:00+00:00"  # month first
    assert orders["536368"]["customer_id"] is None
    assert orders["536390"]["shipping_country"] == "Australia"
    assert "A563185" not in orders and "C536379" not in orders
    refund = ex.rows_of(workspace, "refunds", "refund_id")["C536379"]
    # the customer's latest earlier invoice with the same stock code (71053), not 536366
    assert (refund["order_id"], refund["amount_cents"]) == ("536365", 678)
    assert refund["reason"] == "cancellation C536379"
    assert any("1 adjustment invoices" in w for w in report.warnings)
    assert any("1 cancellations left out" in w for w in report.warnings)
    items = ex.rows_of(workspace, "order_items", "order_item_id")
    assert [items[f"536365:{i}"]["sku"] for i in (1, 2, 3)] == ["85123A", "71053", "71053"]
    assert items["536365:1"]["unit_price_cents"] == 255


def test_line_items_reimport_adds_nothing(ex, workspace):
    import_file(workspace, "orders", ex.export(FILE), format="line-items")
    again = import_file(workspace, "orders", ex.export(FILE), format="line-items")
    assert (again.total.created, again.total.updated) == (0, 0)
    assert again.total.unchanged == 4 + 5 + 7 + 1


def test_ambiguous_dates_are_read_month_first_with_a_warning(ex, workspace, tmp_path):
    path = ex.edited_csv(FILE, tmp_path, {(10, "InvoiceDate"): "12/10/2010 10:19"})
    report = import_file(workspace, "orders", path, format="line-items")
    assert any("read month first" in w for w in report.warnings)


def test_a_bad_line_is_named_and_nothing_is_written(ex, workspace, tmp_path):
    path = ex.edited_csv(FILE, tmp_path, {(3, "Quantity"): "six"})
    ex.assert_rejected(
        workspace,
        "orders",
        path,
        "line-items",
        TABLES,
        line=3,
        column="Quantity",
        value="six",
        reason="not a whole number",
    )


def test_mixed_day_and_month_first_dates_are_refused(ex, workspace, tmp_path):
    path = ex.edited_csv(FILE, tmp_path, {(2, "InvoiceDate"): "13/12/2010 8:26"})
    with pytest.raises(InputError, match="problem"):
        import_file(workspace, "orders", path, format="line-items")
