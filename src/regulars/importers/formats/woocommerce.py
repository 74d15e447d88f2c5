"""WooCommerce orders (``woocommerce-orders``): the order export of the WebToffee "Order Export &
Order Import for WooCommerce" plugin (WooCommerce core has no order CSV export), one row per
order; column names as that plugin writes them.

- orders: order_id = ``order_number`` (else ``order_id``); ordered_at = ``order_date`` (read in
  the workspace timezone: WooCommerce writes the shop's local time); ``order_currency``;
  ``order_subtotal``, ``shipping_total``, ``tax_total``, ``discount_total`` (else
  ``cart_discount``), ``order_total``; status from ``status`` (with or without the ``wc-``
  prefix): completed and processing -> paid, on-hold, pending and checkout-draft -> pending,
  cancelled, refunded, failed; any other value is a problem. ``payment_method`` -> channel;
  ``shipping_city``, ``shipping_state`` -> region, ``shipping_country``, ``shipping_postcode``;
  source woocommerce.
- customers: derived from the lower-cased ``customer_email`` (else ``billing_email``), else from
  the normalised ``billing_phone``; ``billing_first_name``, ``billing_last_name``,
  ``billing_company``, ``billing_city``, ``billing_country``.
- order_items: each ``line_item_N`` cell, written ``name:Beans|product_id:12|sku:B-1|quantity:2|
  total:20.00|...``: order_item_id = ``order:N``; product_name, product_id, sku, quantity; unit
  price = ``sub_total`` (else ``total``) / quantity.
- refunds: ``order_refund`` (else ``refund_total``, ``refunded_total``) > 0 -> one refunds row
  per order (``<order>/refund``); the export has no refund date, so refunded_at is
  ``paid_date``, else the order's time.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.importers import register
from regulars.importers.batch import ImportBatch, canonical_rows
from regulars.importers.formats._common import (
    Columns,
    batch,
    clean,
    constant,
    customer_identity,
    fields,
    first_indices,
    lower_email,
    map_values,
    normalize_phone,
    present,
    take,
    typed,
)
from regulars.importers.formats._refunds import refunds_from_totals
from regulars.importers.options import ImportOptions
from regulars.importers.problems import ProblemLog
from regulars.importers.source import SourceFile
from regulars.schema import table

FORMAT = "woocommerce-orders"
STATUS = {
    "completed": "paid",
    "processing": "paid",
    "on-hold": "pending",
    "pending": "pending",
    "checkout-draft": "pending",
    "cancelled": "cancelled",
    "refunded": "refunded",
    "failed": "failed",
}
ORDER_FIELDS = {
    "order_id": ("order_number", "order_id"),
    "ordered_at": ("order_date",),
    "currency": ("order_currency",),
    "subtotal_cents": ("order_subtotal",),
    "shipping_cents": ("shipping_total",),
    "tax_cents": ("tax_total",),
    "discount_cents": ("discount_total", "cart_discount"),
    "total_cents": ("order_total",),
    "channel": ("payment_method",),
    "shipping_city": ("shipping_city",),
    "shipping_region": ("shipping_state",),
    "shipping_country": ("shipping_country",),
    "shipping_postal_code": ("shipping_postcode",),
}
CUSTOMER_FIELDS = {
    "first_name": ("billing_first_name",),
    "last_name": ("billing_last_name",),
    "company": ("billing_company",),
    "city": ("billing_city",),
    "country": ("billing_country",),
}
REFUND = ("order_refund", "refund_total", "refunded_total")


def read_orders(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require(FORMAT, ORDER_FIELDS["order_id"], ("order_date",), ("order_total",))
    log = ProblemLog(source.name)
    emails = lower_email(cols.text("customer_email", "billing_email"))
    phones = normalize_phone(cols.text("billing_phone"))
    customer_ids = customer_identity(emails, phones)
    orders = _orders(cols, customer_ids, log, options)
    customers = _customers(cols, customer_ids, emails, phones, log, options)
    items = _items(cols, orders, log, options)
    refunds = None
    if cols.find(*REFUND) is not None:
        dates = [
            d
            for d in (_paid(cols, log, options), orders["ordered_at"].combine_chunks())
            if d is not None
        ]
        shown_as = {"amount_cents": cols.find(*REFUND), "order_id": cols.find("order_number")}
        refunds = refunds_from_totals(orders, cols.text(*REFUND), dates, log, shown_as)
    log.raise_if_any(f"{source.num_rows} rows of a WooCommerce orders export")
    tables = {"customers": customers, "orders": orders, "order_items": items, "refunds": refunds}
    return batch(source, FORMAT, {k: v for k, v in tables.items() if v is not None})


def _orders(cols: Columns, customer_ids, log: ProblemLog, options: ImportOptions) -> pa.Table:
    text, shown_as = fields(cols, ORDER_FIELDS)
    status = cols.find("status", "order_status")
    if status is not None:
        raw = pc.replace_substring_regex(pc.utf8_lower(clean(cols.text(status))), r"^wc-", "")
        known = ", ".join(STATUS)
        text["status"] = map_values(raw, STATUS, cols.source.lines, log, status, known)
        shown_as["status"] = status
    if customer_ids is not None:
        text["customer_id"] = customer_ids
        shown_as["customer_id"] = cols.find("customer_email", "billing_email") or "billing_phone"
    text["source"] = constant("woocommerce", cols.source.num_rows)
    return canonical_rows(
        text,
        table("orders"),
        cols.source.lines,
        log,
        timezone=options.timezone,
        currency=options.currency,
        shown_as=shown_as,
    )


def _paid(cols: Columns, log: ProblemLog, options: ImportOptions) -> pa.Array | None:
    name = cols.find("paid_date")
    if name is None:
        return None
    reason = "not a date and time Regulars can read"
    return typed(
        cols.text(name), "timestamp", cols.source.lines, log, name, reason, options.timezone
    )


def _customers(cols, customer_ids, emails, phones, log, options) -> pa.Table | None:
    if customer_ids is None:
        return None
    known = np.flatnonzero(present(customer_ids))
    rows = known[first_indices(customer_ids.take(pa.array(known, pa.int64())))]
    text, shown_as = fields(cols, CUSTOMER_FIELDS)
    text.update(customer_id=customer_ids, email=emails, phone=phones)
    text["source"] = constant("woocommerce", cols.source.num_rows)
    shown_as.update(email=cols.find("customer_email", "billing_email") or "email")
    shown_as.update(phone="billing_phone", customer_id=shown_as["email"])
    return canonical_rows(
        take({k: v for k, v in text.items() if v is not None}, rows),
        table("customers"),
        cols.source.lines.take(pa.array(rows, pa.int64())),
        log,
        timezone=options.timezone,
        currency=options.currency,
        shown_as=shown_as,
    )


def _items(cols: Columns, orders: pa.Table, log: ProblemLog, options) -> pa.Table | None:
    names = sorted(
        (n for n in cols.names if n.lower().startswith("line_item_")),
        key=lambda n: int(n.rsplit("_", 1)[-1]) if n.rsplit("_", 1)[-1].isdigit() else 0,
    )
    if not names:
        return None
    ids = orders["order_id"].combine_chunks().to_pylist()
    currencies = orders["currency"].combine_chunks().to_pylist()
    lines = cols.source.lines.to_pylist()
    rows: dict[str, list] = {
        k: []
        for k in (
            "order_item_id",
            "order_id",
            "product_name",
            "product_id",
            "sku",
            "quantity",
            "unit_price_cents",
            "_line",
            "_currency",
        )
    }
    for name in names:
        position = name.rsplit("_", 1)[-1]
        for i, cell in enumerate(cols.text(name).to_pylist()):
            if not cell or ids[i] is None:
                continue
            parts = _pairs(cell)
            quantity = parts.get("quantity") or parts.get("qty")
            rows["order_item_id"].append(f"{ids[i]}:{position}")
            rows["order_id"].append(ids[i])
            rows["product_name"].append(parts.get("name"))
            rows["product_id"].append(parts.get("product_id") or None)
            rows["sku"].append(parts.get("sku") or None)
            rows["quantity"].append(quantity)
            rows["unit_price_cents"].append(_unit_price(parts, quantity))
            rows["_line"].append(lines[i])
            rows["_currency"].append(currencies[i])
    if not rows["order_id"]:
        return None
    line_numbers = pa.array(rows.pop("_line"), pa.int64())
    row_currency = pa.array(rows.pop("_currency"), pa.string())
    text = {k: pa.array(v, pa.string()) for k, v in rows.items()}
    return canonical_rows(
        text,
        table("order_items"),
        line_numbers,
        log,
        timezone=options.timezone,
        currency=options.currency,
        shown_as={k: "line_item_N" for k in text},
        row_currency=row_currency,
    )


def _pairs(cell: str) -> dict[str, str]:
    """``name:Beans|sku:B-1|quantity:2`` -> {"name": "Beans", ...} (a value may hold a colon)."""
    out = {}
    for part in cell.split("|"):
        key, sep, value = part.partition(":")
        if sep:
            out[key.strip().lower()] = value.strip()
    return out


def _unit_price(parts: dict[str, str], quantity: str | None) -> str | None:
    """Line subtotal (before discounts) / quantity, as text in major units."""
    amount = parts.get("sub_total") or parts.get("subtotal") or parts.get("total")
    try:
        return f"{float(amount) / float(quantity):.6f}"
    except (TypeError, ValueError, ZeroDivisionError):
        return amount


register(FORMAT, "orders", read_orders)
