"""Stripe payments and customers exports (both header variants), on DuckDB and PostgreSQL."""

from __future__ import annotations

import pytest

from regulars.importers.keys import stable_id
from regulars.services.imports import import_file

CLASSIC = "stripe_payments_classic.csv"  # id, Created (UTC), order_id (metadata)
UNIFIED = "stripe_payments_unified.csv"  # ID, Created date (UTC), Refunded date (UTC)
TABLES = ("customers", "orders", "refunds")
CAROL = stable_id("customers", "carol@example.com")


@pytest.mark.parametrize("name", [CLASSIC, UNIFIED])
def test_payments_export_both_header_variants(ex, workspace, name):
    report = import_file(workspace, "orders", ex.export(name), format="stripe-payments")
    assert {k: v.created for k, v in report.counts.items()} == {
        "customers": 3,
        "orders": 5,
        "refunds": 2,
    }
    orders = ex.rows_of(workspace, "orders", "order_id")
    assert orders["ch_1"]["total_cents"] == 12345  # "123.45"
    assert orders["ch_5"]["total_cents"] == 100000  # "1000.00"
    assert (
        iso(orders["ch_1"]["ordered_at"]) == "2024-01-15T10:23:45+00:00"
    )  # UTC, whatever the workspace timezone
    assert [orders[k]["status"] for k in ("ch_1", "ch_2", "ch_3", "ch_4", "ch_5")] == [
        "paid",
        "refunded",
        "partially_refunded",
        "failed",
        "paid",
    ]
    assert (orders["ch_1"]["currency"], orders["ch_3"]["currency"]) == ("USD", "EUR")
    assert (orders["ch_1"]["channel"], orders["ch_2"]["channel"], orders["ch_1"]["source"]) == (
        "stripe",
        "subscription",
        "stripe",
    )
    assert (
        orders["ch_1"]["customer_id"],
        orders["ch_3"]["customer_id"],
        orders["ch_4"]["customer_id"],
    ) == ("cus_A", CAROL, None)
    refunds = ex.rows_of(workspace, "refunds", "refund_id")
    assert (refunds["ch_2/refund"]["amount_cents"], refunds["ch_3/refund"]["amount_cents"]) == (
        2000,
        1000,
    )
    refunded_at = "2024-01-20T09:15:00+00:00" if name == UNIFIED else "2024-01-16T08:00:00+00:00"
    assert iso(refunds["ch_2/refund"]["refunded_at"]) == refunded_at
    assert ex.rows_of(workspace, "customers", "customer_id")[CAROL]["email"] == "carol@example.com"
    assert any("order_id (metadata)" in w for w in report.warnings) == (name == CLASSIC)


def iso(value):
    return None if value is None else value.isoformat()


def test_payments_reimport_adds_nothing(ex, workspace):
    import_file(workspace, "orders", ex.export(CLASSIC), format="stripe-payments")
    again = import_file(workspace, "orders", ex.export(CLASSIC), format="stripe-payments")
    assert (again.total.created, again.total.updated, again.total.unchanged) == (0, 0, 10)


def test_overlapping_payments_export(ex, workspace, tmp_path):
    import_file(workspace, "orders", ex.export(UNIFIED), format="stripe-payments")
    new = {
        "ID": "ch_6",
        "Created date (UTC)": "2024-02-01 10:00:00",
        "Amount": "15.00",
        "Amount Refunded": "0",
        "Currency": "usd",
        "Status": "Paid",
        "Customer ID": "cus_B",
        "Customer Email": "bob@example.com",
    }
    later = ex.edited_csv(
        UNIFIED,
        tmp_path,
        {(2, "Amount Refunded"): "23.45", (2, "Refunded date (UTC)"): "2024-02-02 08:00:00"},
        [new],
    )
    report = import_file(workspace, "orders", later, format="stripe-payments")
    got = {k: (v.created, v.updated, v.unchanged) for k, v in report.counts.items()}
    assert got == {"customers": (0, 0, 3), "orders": (1, 1, 4), "refunds": (1, 0, 2)}
    assert ex.rows_of(workspace, "orders", "order_id")["ch_1"]["status"] == "partially_refunded"
    assert ex.rows_of(workspace, "refunds", "refund_id")["ch_1/refund"]["amount_cents"] == 2345


BAD = [
    pytest.param(
        {(2, "Created date (UTC)"): "2024-01-15T25:00:00"},
        None,
        2,
        "Created date (UTC)",
        "2024-01-15T25:00:00",
        "not a date",
        id="bad-date",
    ),
    pytest.param(
        {(3, "Amount"): "20.OO"},
        None,
        3,
        "Amount",
        "20.OO",
        "not an amount of money",
        id="bad-amount",
    ),
    pytest.param(
        {(3, "Amount Refunded"): "all"},
        None,
        3,
        "Amount Refunded",
        "all",
        "not an amount of money",
        id="bad-refund",
    ),
    pytest.param(
        {(4, "Status"): "Disputed"},
        None,
        4,
        "Status",
        "Disputed",
        "not a known value",
        id="bad-status",
    ),
    pytest.param(
        {(5, "Currency"): "dollars"},
        None,
        5,
        "Currency",
        "dollars",
        "currency code",
        id="bad-currency",
    ),
    pytest.param(
        {(6, "Amount"): None},
        None,
        6,
        "Amount",
        None,
        "required value is missing",
        id="missing-amount",
    ),
    pytest.param(
        {},
        [
            {
                "ID": "ch_2",
                "Created date (UTC)": "2024-02-01 10:00:00",
                "Amount": "1.00",
                "Currency": "usd",
                "Status": "Paid",
            }
        ],
        7,
        "ID",
        "ch_2",
        "duplicate key",
        id="duplicate-payment",
    ),
]


@pytest.mark.parametrize(("edits", "append", "line", "column", "value", "reason"), BAD)
def test_bad_payment_rows_are_named_and_nothing_is_written(
    ex, workspace, tmp_path, edits, append, line, column, value, reason
):
    import_file(workspace, "orders", ex.export(UNIFIED), format="stripe-payments")
    bad = ex.edited_csv(UNIFIED, tmp_path, edits, append)
    ex.assert_rejected(
        workspace,
        "orders",
        bad,
        "stripe-payments",
        TABLES,
        line=line,
        column=column,
        value=value,
        reason=reason,
    )


@pytest.mark.parametrize("name", ["stripe_customers_unified.csv", "stripe_customers_legacy.csv"])
def test_customers_export_both_variants(ex, workspace, name):
    report = import_file(workspace, "customers", ex.export(name), format="stripe-customers")
    assert report.counts["customers"].created == 2
    customers = ex.rows_of(workspace, "customers", "customer_id")
    ada = customers["cus_A"]
    assert (ada["email"], ada["first_name"], ada["last_name"], ada["source"]) == (
        "ada@example.com",
        "Ada",
        "Lovelace",
        "stripe",
    )
    assert iso(ada["created_at"]) == "2023-12-01T10:00:00+00:00"
    assert (customers["cus_B"]["first_name"], customers["cus_B"]["last_name"]) == ("Bob", None)
    assert any(
        "ignored" in w and ("Total Spend" in w or "net_volume" in w) for w in report.warnings
    )
    again = import_file(workspace, "customers", ex.export(name), format="stripe-customers")
    assert (again.total.created, again.total.updated) == (0, 0)


def test_customers_then_payments_join_on_customer_id(ex, workspace):
    import_file(
        workspace, "customers", ex.export("stripe_customers_unified.csv"), format="stripe-customers"
    )
    report = import_file(workspace, "orders", ex.export(CLASSIC), format="stripe-payments")
    assert (report.counts["customers"].created, report.counts["customers"].updated) == (
        1,
        0,
    )  # only Carol is new


def test_customer_rows_without_id_or_email_and_duplicates(ex, workspace, tmp_path):
    import_file(
        workspace, "customers", ex.export("stripe_customers_unified.csv"), format="stripe-customers"
    )
    bad = ex.edited_csv(
        "stripe_customers_unified.csv", tmp_path, {(3, "id"): None, (3, "Email"): None}
    )
    ex.assert_rejected(
        workspace,
        "customers",
        bad,
        "stripe-customers",
        ("customers",),
        line=3,
        column="id",
        value=None,
        reason="required value is missing",
    )
    dup = ex.edited_csv(
        "stripe_customers_unified.csv", tmp_path, append=[{"id": "cus_A", "Name": "Ada again"}]
    )
    ex.assert_rejected(
        workspace,
        "customers",
        dup,
        "stripe-customers",
        ("customers",),
        line=4,
        column="id",
        value="cus_A",
        reason="duplicate key",
    )
    date = ex.edited_csv(
        "stripe_customers_unified.csv", tmp_path, {(2, "Created (UTC)"): "yesterday"}
    )
    ex.assert_rejected(
        workspace,
        "customers",
        date,
        "stripe-customers",
        ("customers",),
        line=2,
        column="Created (UTC)",
        value="yesterday",
        reason="not a date",
    )
