"""PayPal activity download: payments become orders, refunds land on the payment they refund,
other movements are left out; re-import adds nothing. Both backends.

tests/data/exports/paypal_activity.csv is generated with the header of PayPal's "Activity
download" CSV (all transactions, 41 columns, every value quoted as PayPal writes them).
"""

from __future__ import annotations

from regulars.importers.keys import stable_id
from regulars.services.imports import import_file

FILE = "paypal_activity.csv"


def test_paypal_activity(ex, workspace):
    report = import_file(workspace, "orders", ex.export(FILE), format="paypal-activity")
    assert {k: v.created for k, v in report.counts.items()} == {
        "customers": 2,
        "orders": 2,
        "refunds": 1,
    }
    orders = ex.rows_of(workspace, "orders", "order_id")
    ada = orders["5AB12345CD678901E"]
    assert (ada["total_cents"], ada["shipping_cents"], ada["currency"], ada["status"]) == (
        4500,
        500,
        "USD",
        "paid",
    )
    assert ex.iso(ada["ordered_at"]) == "2025-03-14T10:02:11+00:00"
    assert ada["customer_id"] == stable_id("customers", "ada@example.com")
    refund = ex.rows_of(workspace, "refunds", "refund_id")["9KL12345MN678901O"]
    assert (refund["order_id"], refund["amount_cents"], refund["currency"]) == (
        "7FG12345HI678901J",
        1250,
        "EUR",
    )
    assert any("1 rows are not payments or refunds" in w for w in report.warnings)
    again = import_file(workspace, "orders", ex.export(FILE), format="paypal-activity")
    assert (again.total.created, again.total.updated) == (0, 0)


def test_a_refund_of_an_unknown_payment_is_named(ex, workspace, tmp_path):
    path = ex.edited_csv(FILE, tmp_path, {(4, "Reference Txn ID"): "NOPE"})
    ex.assert_rejected(
        workspace,
        "orders",
        path,
        "paypal-activity",
        ("orders", "refunds"),
        line=4,
        column="order_id",
        value="NOPE",
        reason="neither in this file nor imported before",
    )
