"""Square transactions and item details: payments -> orders, refunds -> refunds, items -> order
items; re-import adds nothing. Both backends.

The fixtures are generated with the headers of Square's Transactions export and Item Details export
(Dashboard > Transactions > Export), money written with its sign as Square writes it ("-$2.00").
"""

from __future__ import annotations

from regulars.services.imports import import_file


def test_square_transactions_and_items(ex, workspace):
    report = import_file(
        workspace, "orders", ex.export("square_transactions.csv"), format="square-transactions"
    )
    assert {k: v.created for k, v in report.counts.items()} == {
        "customers": 1,
        "orders": 2,
        "refunds": 1,
    }
    first = ex.rows_of(workspace, "orders", "order_id")["Tx1AbC"]
    assert (first["total_cents"], first["discount_cents"], first["tax_cents"]) == (1740, 200, 140)
    assert (first["channel"], first["customer_id"], first["status"]) == (
        "Point of Sale",
        "CUST-7",
        "paid",
    )
    refund = ex.rows_of(workspace, "refunds", "refund_id")["Ref1XyZ"]
    assert (refund["order_id"], refund["amount_cents"], refund["reason"]) == (
        "Tx1AbC",
        1740,
        "Returned goods",
    )
    assert ex.rows_of(workspace, "customers", "customer_id")["CUST-7"]["first_name"] == "Ada"
    items = import_file(
        workspace, "order_items", ex.export("square_items.csv"), format="square-items"
    )
    assert items.counts["order_items"].created == 3
    latte = ex.rows_of(workspace, "order_items", "order_item_id")["Tx1AbC:1"]
    assert (latte["product_name"], latte["quantity"], latte["unit_price_cents"]) == (
        "Latte - Large",
        2,
        600,
    )
    assert latte["discount_cents"] == 200
    again = import_file(
        workspace, "orders", ex.export("square_transactions.csv"), format="square-transactions"
    )
    assert (again.total.created, again.total.updated) == (0, 0)
