"""Etsy shop exports (Shop Manager > Settings > Options > Download Data): ``etsy-orders``
(EtsySoldOrders: one row per order) and ``etsy-items`` (EtsySoldOrderItems: one row per item).

Orders:

- orders: order_id = ``Order ID``; ordered_at = ``Sale Date`` (``03/14/25``: month first, as
  Etsy writes it, unless the column shows otherwise; read in the workspace timezone);
  ``Currency``; subtotal = ``Order Value``; discount = ``Discount Amount``; shipping =
  ``Shipping``; tax = ``Sales Tax``; total = ``Order Total``; ``Coupon Code`` -> discount_code;
  shipping city, state, zip and country from ``Ship City``, ``Ship State``, ``Ship Zipcode``,
  ``Ship Country``; status paid; channel etsy; source etsy.
- customers: the export has no email: customer_id = ``etsy:<Buyer User ID>`` (else
  ``etsy:<Buyer>``, the buyer's Etsy username), with ``First Name`` and ``Last Name``.
- refunds: ``Adjusted Order Total`` below ``Order Total`` means part or all of the order was
  refunded: one refund of the difference (``<Order ID>/refund``), refunded_at = ``Date Shipped``
  when given, else the sale date (the export has no refund date).

Items (import the orders first: items refer to their order):

- order_items: order_item_id = ``Transaction ID``; order_id = ``Order ID``; product_name = ``Item
  Name``; sku = ``SKU``; quantity = ``Quantity``; unit price = ``Price``; discount = ``Discount
  Amount``.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.importers import register
from regulars.importers.batch import ImportBatch, canonical_rows
from regulars.importers.formats._common import (
    Columns,
    as_text,
    batch,
    clean,
    constant,
    fields,
    first_indices,
    present,
    take,
    typed,
)
from regulars.importers.formats._dates import slashed_dates
from regulars.importers.formats._refunds import refunds_from_totals
from regulars.importers.options import ImportOptions
from regulars.importers.problems import ProblemLog
from regulars.importers.source import SourceFile
from regulars.schema import table

ORDER_FIELDS = {
    "order_id": ("Order ID",),
    "currency": ("Currency",),
    "subtotal_cents": ("Order Value",),
    "discount_cents": ("Discount Amount",),
    "shipping_cents": ("Shipping",),
    "tax_cents": ("Sales Tax",),
    "total_cents": ("Order Total",),
    "discount_code": ("Coupon Code",),
    "shipping_city": ("Ship City",),
    "shipping_region": ("Ship State",),
    "shipping_postal_code": ("Ship Zipcode",),
    "shipping_country": ("Ship Country",),
}
ITEM_FIELDS = {
    "order_item_id": ("Transaction ID",),
    "order_id": ("Order ID",),
    "product_name": ("Item Name",),
    "sku": ("SKU",),
    "quantity": ("Quantity",),
    "unit_price_cents": ("Price",),
    "discount_cents": ("Discount Amount",),
}


def read_orders(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("etsy-orders", ("Sale Date",), ("Order ID",), ("Order Total",))
    log = ProblemLog(source.name)
    stamps, warnings = slashed_dates(cols.text("Sale Date"), options.timezone, source.lines, log,
                                     "Sale Date")  # fmt: skip
    log.raise_if_any(f"{source.num_rows} rows of an Etsy orders export")
    text, shown_as = fields(cols, ORDER_FIELDS)
    buyer = clean(cols.text("Buyer User ID", "Buyer"))
    ids = pc.binary_join_element_wise("etsy", buyer, ":") if buyer is not None else None
    text.update(ordered_at=as_text(stamps), customer_id=ids, status=constant("paid", len(stamps)))
    text.update(channel=constant("etsy", len(stamps)), source=constant("etsy", len(stamps)))
    shown_as.update(ordered_at="Sale Date", customer_id=cols.find("Buyer User ID", "Buyer") or "")
    orders = canonical_rows({k: v for k, v in text.items() if v is not None}, table("orders"),
                            source.lines, log, timezone="UTC", currency=options.currency,
                            shown_as=shown_as)  # fmt: skip
    tables = {"customers": _customers(cols, ids, log, options), "orders": orders,
              "refunds": _refunds(cols, orders, stamps, log, options)}  # fmt: skip
    log.raise_if_any(f"{source.num_rows} rows of an Etsy orders export")
    kept = {k: v for k, v in tables.items() if v is not None}
    return batch(source, "etsy-orders", kept, warnings)


def _refunds(cols, orders, stamps, log, options) -> pa.Table | None:
    adjusted = cols.find("Adjusted Order Total")
    if adjusted is None:
        return None
    lines = cols.source.lines
    total = typed(cols.text("Order Total"), "float", lines, log, "Order Total", "not money")
    after = typed(cols.text(adjusted), "float", lines, log, adjusted, "not money")
    refunded = pc.subtract(total, pc.fill_null(after, total))
    amounts = pc.cast(pc.round(refunded, 2), pa.string())
    dates = [stamps]
    if cols.find("Date Shipped"):
        shipped, _ = slashed_dates(cols.text("Date Shipped"), options.timezone, lines, log,
                                   "Date Shipped")  # fmt: skip
        dates = [shipped, stamps]
    shown_as = {"amount_cents": adjusted, "order_id": "Order ID", "refund_id": "Order ID"}
    return refunds_from_totals(orders, amounts, dates, log, shown_as)


def _customers(cols, ids, log, options) -> pa.Table | None:
    if ids is None:
        return None
    rows = np.flatnonzero(present(ids))
    rows = rows[first_indices(ids.take(pa.array(rows, pa.int64())))]
    text = {"customer_id": ids, "first_name": cols.text("First Name"),
            "last_name": cols.text("Last Name"),
            "source": constant("etsy", cols.source.num_rows)}  # fmt: skip
    return canonical_rows(
        take({k: v for k, v in text.items() if v is not None}, rows),
        table("customers"),
        cols.source.lines.take(pa.array(rows, pa.int64())),
        log,
        timezone="UTC",
        currency=options.currency,
        shown_as={"customer_id": "Buyer User ID"},
    )


def read_items(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("etsy-items", ("Transaction ID",), ("Order ID",), ("Quantity",), ("Price",))
    log = ProblemLog(source.name)
    text, shown_as = fields(cols, ITEM_FIELDS)
    items = canonical_rows(text, table("order_items"), source.lines, log, timezone="UTC",
                           currency=options.currency, shown_as=shown_as)  # fmt: skip
    log.raise_if_any(f"{source.num_rows} rows of an Etsy sold items export")
    return batch(source, "etsy-items", {"order_items": items})


register("etsy-orders", "orders", read_orders)
register("etsy-items", "order_items", read_items)
