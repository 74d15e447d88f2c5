"""Real Shopify exports raise no false "total is not subtotal - discount + shipping + tax" warning:
their Subtotal is already after discounts, and taxes may be included in prices."""

from __future__ import annotations

from regulars.services.imports import import_file
from regulars.services.status import workspace_status

HEAD = (
    "Name,Email,Financial Status,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,"
    "Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price\n"
)
ORDERS = (
    # 40.00 of items, 5.00 off: Subtotal 35.00 (after the discount) + 5.00 + 7.60 tax added
    "#1001,ada@example.com,paid,USD,35.00,5.00,7.60,47.60,WELCOME5,5.00,"
    "2025-10-07 09:50:26 +0200,2,Beans,20.00\n"
    # prices include 20% VAT: Subtotal 40.00 + 5.00 shipping = 45.00; Taxes 7.50 are inside it
    "#1002,bob@example.com,paid,EUR,40.00,5.00,7.50,45.00,,0.00,"
    "2025-10-08 10:00:00 +0200,1,Grinder,40.00\n"
)
BROKEN = (
    "#1003,carol@example.com,paid,USD,30.00,5.00,3.00,99.00,,0.00,"
    "2025-10-09 10:00:00 +0200,1,Jug,30.00\n"
)


def _warnings(ws, tmp_path, rows: str) -> str:
    f = tmp_path / "orders_export.csv"
    f.write_text(HEAD + rows, encoding="utf-8")
    import_file(ws, "orders", f, format="shopify-orders")
    return " | ".join(workspace_status(ws).warnings)


def test_shopify_totals_after_discounts_and_with_taxes_included_raise_no_warning(
    duckdb_workspace, tmp_path
):
    assert "is not subtotal" not in _warnings(duckdb_workspace, tmp_path, ORDERS)


def test_a_total_no_convention_explains_is_still_reported(duckdb_workspace, tmp_path):
    text = _warnings(duckdb_workspace, tmp_path, ORDERS + BROKEN)
    assert "1 orders have a total that is not subtotal" in text
