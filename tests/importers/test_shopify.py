"""Shopify orders and customers exports, on DuckDB and PostgreSQL."""

from __future__ import annotations

import os

import pytest

from regulars.importers.keys import stable_id
from regulars.services.imports import import_file

ORDERS = "shopify_orders_export.csv"
CUSTOMERS = "shopify_customers_export.csv"
ORDER_TABLES = ("customers", "orders", "order_items", "consents", "refunds")
ADA = stable_id("customers", "ada@example.com")
BOB = stable_id("customers", "bob@example.com")
CAROL = stable_id("customers", "carol@example.com")


def test_orders_export_gives_orders_items_customers_and_consents(ex, workspace):
    report = import_file(workspace, "orders", ex.export(ORDERS), format="shopify-orders")
    assert {k: v.created for k, v in report.counts.items()} == {
        "customers": 2,
        "orders": 4,
        "order_items": 5,
        "consents": 3,
        "refunds": 1,
    }
    orders = ex.rows_of(workspace, "orders", "order_id")
    first = orders["#1002"]
    # 40.00 subtotal - 5.00 discount + 5.00 shipping + 7.60 tax = 47.60
    assert (
        first["subtotal_cents"],
        first["discount_cents"],
        first["shipping_cents"],
        first["tax_cents"],
        first["total_cents"],
    ) == (4000, 500, 500, 760, 4760)
    assert ex.iso(first["ordered_at"]) == "2025-10-07T07:50:26+00:00"  # 09:50:26 +0200
    assert (
        first["currency"],
        first["status"],
        first["channel"],
        first["source"],
        first["discount_code"],
    ) == ("EUR", "paid", "web", "shopify", "WELCOME5")
    assert (
        first["shipping_city"],
        first["shipping_region"],
        first["shipping_country"],
        first["shipping_postal_code"],
    ) == ("London", "ENG", "GB", "N1 9GU")
    assert first["customer_id"] == ADA
    assert (
        orders["#1001"]["status"] == "refunded"
        and orders["#1001"]["shipping_postal_code"] == "02139"
    )
    assert ex.iso(orders["#1001"]["ordered_at"]) == "2025-09-01T22:00:00+00:00"  # 18:00 -0400
    assert (
        orders["#1000"]["status"] == "cancelled"
        and ex.iso(orders["#1000"]["cancelled_at"]) == "2025-08-02T10:00:00+00:00"
    )
    assert orders["#1000"]["customer_id"] == ADA and orders["#0999"]["customer_id"] is None
    items = ex.rows_of(workspace, "order_items", "order_item_id")
    assert sorted(items) == ["#0999:1", "#1000:1", "#1001:1", "#1002:1", "#1002:2"]
    assert (
        items["#1002:1"]["quantity"],
        items["#1002:1"]["unit_price_cents"],
        items["#1002:1"]["discount_cents"],
        items["#1002:1"]["sku"],
    ) == (2, 1500, 500, "BEAN-1")
    assert (
        items["#1002:2"]["product_name"],
        items["#1002:2"]["unit_price_cents"],
        items["#1002:2"]["order_id"],
    ) == ("Milk Jug", 1000, "#1002")
    customers = ex.rows_of(workspace, "customers", "customer_id")
    assert (customers[ADA]["email"], customers[ADA]["first_name"], customers[ADA]["last_name"]) == (
        "ada@example.com",
        "Ada",
        "Lovelace",
    )
    assert (customers[BOB]["first_name"], customers[BOB]["last_name"]) == ("Bob", None)
    consents = sorted(
        (c["customer_id"], c["granted"], ex.iso(c["recorded_at"]))
        for c in ex.rows_of(workspace, "consents", "consent_id").values()
    )
    assert consents == sorted(
        [
            (ADA, True, "2025-10-07T07:50:26+00:00"),
            (ADA, False, "2025-08-01T12:00:00+00:00"),
            (BOB, False, "2025-09-01T22:00:00+00:00"),
        ]
    )
    assert any("Payment Method" in w for w in report.warnings)


def test_orders_reimport_adds_nothing(ex, workspace):
    import_file(workspace, "orders", ex.export(ORDERS), format="shopify-orders")
    again = import_file(workspace, "orders", ex.export(ORDERS), format="shopify-orders")
    assert again.total.created == 0 and again.total.updated == 0
    assert again.total.unchanged == 2 + 4 + 5 + 3 + 1


def test_overlapping_orders_export_updates_and_creates_exactly_those(ex, workspace):
    import_file(workspace, "orders", ex.export(ORDERS), format="shopify-orders")
    # The overlap file has reversed column order, #1002 now partially refunded, #1001
    # unchanged, #1003 new.
    report = import_file(
        workspace, "orders", ex.export("shopify_orders_export_overlap.csv"), format="shopify-orders"
    )
    got = {k: (v.created, v.updated, v.unchanged) for k, v in report.counts.items()}
    assert got == {
        "customers": (1, 0, 2),
        "orders": (1, 1, 1),
        "order_items": (1, 0, 3),
        "consents": (1, 0, 2),
        "refunds": (1, 0, 1),  # #1002's 10.00 refund is new, #1001's 12.50 unchanged
    }
    orders = ex.rows_of(workspace, "orders", "order_id")
    assert orders["#1002"]["status"] == "partially_refunded"
    assert orders["#1003"]["total_cents"] == 3490 and orders["#1003"]["customer_id"] == CAROL
    assert ex.rows_of(workspace, "customers", "customer_id")[CAROL]["last_name"] == "Ann Smith"
    assert ex.row_counts(workspace, ORDER_TABLES) == {
        "customers": 3,
        "orders": 5,
        "order_items": 6,
        "consents": 4,
        "refunds": 2,
    }


BAD_ORDERS = [
    pytest.param(
        {(4, "Created at"): "2025-13-01 18:00:00 -0400"},
        None,
        4,
        "Created at",
        "2025-13-01 18:00:00 -0400",
        "not a date",
        id="bad-date",
    ),
    pytest.param(
        {(4, "Total"): "12,5O"},
        None,
        4,
        "Total",
        "12,5O",
        "not an amount of money",
        id="bad-amount",
    ),
    pytest.param(
        {(3, "Lineitem quantity"): "two"},
        None,
        3,
        "Lineitem quantity",
        "two",
        "not a whole number",
        id="bad-quantity",
    ),
    pytest.param(
        {(4, "Financial Status"): "chargeback"},
        None,
        4,
        "Financial Status",
        "chargeback",
        "not a known value",
        id="bad-status",
    ),
    pytest.param(
        {(2, "Accepts Marketing"): "maybe"},
        None,
        2,
        "Accepts Marketing",
        "maybe",
        "not yes/no",
        id="bad-consent",
    ),
    pytest.param(
        {(2, "Created at"): None},
        None,
        2,
        "Created at",
        None,
        "required value is missing",
        id="missing-created",
    ),
    pytest.param(
        {(5, "Lineitem price"): None},
        None,
        5,
        "Lineitem price",
        None,
        "required value is missing",
        id="missing-price",
    ),
    pytest.param(
        {},
        [
            {
                "Name": "#1001",
                "Email": "eve@example.com",
                "Created at": "2025-09-02 10:00:00 +0000",
                "Total": "1.00",
                "Lineitem quantity": "1",
                "Lineitem price": "1.00",
                "Lineitem name": "Sticker",
            }
        ],
        7,
        "Name",
        "#1001",
        "duplicate key",
        id="duplicate-order",
    ),
]


@pytest.mark.parametrize(("edits", "append", "line", "column", "value", "reason"), BAD_ORDERS)
def test_bad_order_rows_are_named_and_nothing_is_written(
    ex, workspace, tmp_path, edits, append, line, column, value, reason
):
    import_file(workspace, "orders", ex.export(ORDERS), format="shopify-orders")
    bad = ex.edited_csv(ORDERS, tmp_path, edits, append)
    ex.assert_rejected(
        workspace,
        "orders",
        bad,
        "shopify-orders",
        ORDER_TABLES,
        line=line,
        column=column,
        value=value,
        reason=reason,
    )


def test_orders_export_without_a_required_column_is_refused(ex, duckdb_workspace, tmp_path):
    f = tmp_path / "orders.csv"
    f.write_text(
        "Name,Created at,Lineitem quantity,Lineitem price\n#1,2025-01-01 10:00:00 +0000,1,2.00\n"
    )
    ex.assert_rejected(
        duckdb_workspace,
        "orders",
        f,
        "shopify-orders",
        ORDER_TABLES,
        line=1,
        column="Total",
        value=None,
        reason="required column",
    )


CUSTOMER_TABLES = ("customers", "consents")


def _customers_file(ex, tmp_path, edits=None, append=None, mtime=1_760_000_000):
    path = (
        ex.edited_csv(CUSTOMERS, tmp_path, edits, append)
        if edits or append
        else ex.copy_export(CUSTOMERS, tmp_path)
    )
    os.utime(path, (mtime, mtime))
    return path


def test_customers_export_gives_customers_and_email_consents(ex, workspace, tmp_path):
    report = import_file(
        workspace, "customers", _customers_file(ex, tmp_path), format="shopify-customers"
    )
    assert (report.counts["customers"].created, report.counts["consents"].created) == (3, 2)
    customers = ex.rows_of(workspace, "customers", "customer_id")
    assert sorted(customers) == sorted(
        [ADA, BOB, "7003"]
    )  # email-derived id; Customer ID only without an email
    ada, bob = customers[ADA], customers[BOB]
    assert (
        ada["email"],
        ada["first_name"],
        ada["last_name"],
        ada["city"],
        ada["region"],
        ada["country"],
    ) == ("ada@example.com", "Ada", "Lovelace", "London", "ENG", "GB")
    assert (ada["postal_code"], ada["phone"], ada["tags"], ada["note"], ada["source"]) == (
        "N1 9GU",
        "+44 20 7946 0000",
        "vip, espresso",
        "Prefers whole beans",
        "shopify",
    )
    assert (bob["company"], bob["phone"], bob["postal_code"]) == (
        "Builder & Co",
        "+1 617 555 0100",
        "02139",
    )
    consents = {
        c["customer_id"]: c for c in ex.rows_of(workspace, "consents", "consent_id").values()
    }
    assert (consents[ADA]["granted"], consents[BOB]["granted"]) == (True, False)
    assert (
        ex.iso(consents[ADA]["recorded_at"]) == "2025-10-09T08:53:20+00:00"
    )  # the file's modification time
    assert any("Total Spent, Total Orders ignored" in w for w in report.warnings)
    assert any("Accepts SMS Marketing" in w for w in report.warnings)


def test_customers_reimport_adds_nothing(ex, workspace, tmp_path):
    path = _customers_file(ex, tmp_path)
    import_file(workspace, "customers", path, format="shopify-customers")
    again = import_file(workspace, "customers", path, format="shopify-customers")
    assert (again.total.created, again.total.updated, again.total.unchanged) == (0, 0, 5)


def test_customers_and_orders_exports_land_on_the_same_customers(ex, workspace, tmp_path):
    import_file(workspace, "customers", _customers_file(ex, tmp_path), format="shopify-customers")
    report = import_file(workspace, "orders", ex.export(ORDERS), format="shopify-orders")
    assert report.counts["customers"].created == 0
    assert ex.row_counts(workspace, ("customers",)) == {"customers": 3}


def test_overlapping_customers_export(ex, workspace, tmp_path):
    import_file(workspace, "customers", _customers_file(ex, tmp_path), format="shopify-customers")
    dan = {
        "Customer ID": "'7004",
        "First Name": "Dan",
        "Email": "dan@example.com",
        "Accepts Email Marketing": "yes",
    }
    later = _customers_file(
        ex, tmp_path, {(3, "Accepts Email Marketing"): "yes", (3, "Tags"): "wholesale"}, [dan]
    )
    report = import_file(workspace, "customers", later, format="shopify-customers")
    assert (
        report.counts["customers"].created,
        report.counts["customers"].updated,
        report.counts["customers"].unchanged,
    ) == (1, 1, 2)
    # Bob's changed answer is a new consent record; Ada's unchanged answer keeps its record.
    assert (
        report.counts["consents"].created,
        report.counts["consents"].updated,
        report.counts["consents"].unchanged,
    ) == (2, 0, 1)
    assert ex.rows_of(workspace, "customers", "customer_id")[BOB]["tags"] == "wholesale"


BAD_CUSTOMERS = [
    pytest.param(
        {(2, "Accepts Email Marketing"): "maybe"},
        None,
        2,
        "Accepts Email Marketing",
        "maybe",
        "not yes/no",
        id="bad-consent",
    ),
    pytest.param(
        {(4, "Customer ID"): None},
        None,
        4,
        "Customer ID",
        None,
        "required value is missing",
        id="no-id-no-email",
    ),
    pytest.param(
        {},
        [{"Customer ID": "'7010", "Email": "ADA@example.com"}],
        5,
        "Email",
        "ada@example.com",
        "duplicate",
        id="duplicate-email",
    ),
    pytest.param(
        {},
        [{"Customer ID": "'7003", "First Name": "Again"}],
        5,
        "Customer ID",
        "7003",
        "duplicate key",
        id="duplicate-id",
    ),
]


@pytest.mark.parametrize(("edits", "append", "line", "column", "value", "reason"), BAD_CUSTOMERS)
def test_bad_customer_rows_are_named_and_nothing_is_written(
    ex, workspace, tmp_path, edits, append, line, column, value, reason
):
    import_file(workspace, "customers", _customers_file(ex, tmp_path), format="shopify-customers")
    bad = _customers_file(ex, tmp_path, edits, append)
    ex.assert_rejected(
        workspace,
        "customers",
        bad,
        "shopify-customers",
        CUSTOMER_TABLES,
        line=line,
        column=column,
        value=value,
        reason=reason,
    )


def test_impossible_calendar_date_is_refused(ex, duckdb_workspace, tmp_path):
    bad = ex.edited_csv(ORDERS, tmp_path, {(4, "Created at"): "2025-09-31 18:00:00 -0400"})
    ex.assert_rejected(
        duckdb_workspace,
        "orders",
        bad,
        "shopify-orders",
        ORDER_TABLES,
        line=4,
        column="Created at",
        value="2025-09-31 18:00:00 -0400",
        reason="not a date",
    )


def test_refunded_amount_lands_in_the_refunds_table(ex, workspace):
    import_file(workspace, "orders", ex.export(ORDERS), format="shopify-orders")
    refunds = ex.rows_of(workspace, "refunds", "refund_id")
    assert list(refunds) == ["#1001/refund"]
    bob = refunds["#1001/refund"]
    assert (bob["order_id"], bob["amount_cents"], bob["currency"]) == ("#1001", 1250, "EUR")
    assert ex.iso(bob["refunded_at"]) == "2025-09-01T22:00:00+00:00"  # no date: the order's time


def test_a_phone_only_buyer_becomes_a_customer(ex, workspace, tmp_path):
    dora = {"Name": "#0998", "Created at": "2025-07-01 10:00:00 +0000", "Total": "9.00"}
    dora.update({"Currency": "EUR", "Lineitem quantity": "1", "Lineitem price": "9.00"})
    dora.update({"Billing Name": "Dora Phone", "Phone": "'+44 (0)7700 900123"})
    path = ex.edited_csv(ORDERS, tmp_path, append=[dora])
    import_file(workspace, "orders", path, format="shopify-orders")
    order = ex.rows_of(workspace, "orders", "order_id")["#0998"]
    customer = ex.rows_of(workspace, "customers", "customer_id")[order["customer_id"]]
    assert (customer["phone"], customer["first_name"], customer["email"]) == (
        "+4407700900123",
        "Dora",
        None,
    )
    assert ex.rows_of(workspace, "orders", "order_id")["#0999"]["customer_id"] is None


def test_customers_without_an_email_are_imported_by_phone_or_id(ex, workspace, tmp_path):
    eve = {"Customer ID": "'7009", "First Name": "Eve", "Phone": "'+44 7700 900124"}
    fay = {"Customer ID": "'7010", "First Name": "Fay"}
    path = _customers_file(ex, tmp_path, append=[eve, fay])
    import_file(workspace, "customers", path, format="shopify-customers")
    customers = ex.rows_of(workspace, "customers", "customer_id")
    by_phone = stable_id("customers", "phone", "+447700900124")  # as the orders export derives
    assert (customers[by_phone]["first_name"], customers[by_phone]["email"]) == ("Eve", None)
    assert customers["7010"]["first_name"] == "Fay"
    order = {"Name": "#0997", "Created at": "2025-07-01 10:00:00 +0000", "Total": "9.00"}
    order.update({"Lineitem quantity": "1", "Lineitem price": "9.00", "Phone": "+447700900124"})
    report = import_file(
        workspace,
        "orders",
        ex.edited_csv(ORDERS, tmp_path, append=[order]),
        format="shopify-orders",
    )
    assert ex.rows_of(workspace, "orders", "order_id")["#0997"]["customer_id"] == by_phone
    assert report.counts["customers"].created == 0


def test_the_overview_shows_gross_and_net_of_refunds(ex, workspace):
    from regulars.services.overview import headline

    import_file(workspace, "orders", ex.export(ORDERS), format="shopify-orders")
    h = headline(workspace)
    # sales with a customer: #1002 (47.60 EUR) and #1001 (12.50 EUR, refunded in full)
    assert (h.revenue_cents, h.refunds_cents, h.net_revenue_cents) == (6010, 1250, 4760)
