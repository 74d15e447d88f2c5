"""Square exports (Dashboard > Transactions > Export): ``square-transactions`` (one row per
payment or refund) and ``square-items`` (item details: one row per item sold).

Transactions:

- orders: rows whose ``Event Type`` is Payment: order_id = ``Transaction ID``; ordered_at =
  ``Date`` + ``Time`` (read in the workspace timezone; ``Time Zone`` names Square's account zone
  and is not converted); total = ``Total Collected``; tax = ``Tax``; discount = ``Discounts``
  (Square writes it negative; stored as a positive discount); channel = ``Source`` (Point of
  Sale, Square Online, ...); ``Location`` is not kept; status paid; source square.
- customers: customer_id = ``Customer ID`` (Square's), names from ``Customer Name``; a payment
  without one has no customer.
- refunds: rows whose ``Event Type`` is Refund: refund_id = ``Payment ID`` (else ``<Transaction
  ID>/refund``), order_id = ``Transaction ID`` (the payment refunded), amount = -``Total
  Collected``, reason = ``Refund Reason``; refunded_at = the refund row's Date + Time.
- Money is written with a currency sign (``$12.50``, ``-$3.00``); the workspace currency is used.

Item details (import the transactions first: items refer to their order):

- order_items: rows whose ``Event Type`` is Payment: order_item_id = ``Transaction ID:N`` (N =
  1, 2... in file order within the transaction); product_name = ``Item`` (with ``Price Point
  Name`` after a dash when given); sku = ``SKU``; quantity = ``Qty``; unit price = ``Gross Sales`` /
  ``Qty``; discount = -``Discounts``.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.importers import register
from regulars.importers.batch import ImportBatch, canonical_rows, to_minor_units
from regulars.importers.formats._common import (
    Columns,
    as_text,
    batch,
    clean,
    constant,
    first_indices,
    position_in_group,
    present,
    split_name,
    take,
    typed,
)
from regulars.importers.formats._dates import slashed_dates
from regulars.importers.options import ImportOptions
from regulars.importers.problems import ProblemLog
from regulars.importers.source import SourceFile
from regulars.schema import table


def _positive(values: pa.Array) -> pa.Array:
    """Square's negative amounts (``-$2.00``, ``($2.00)``) as positive text."""
    return pc.replace_substring_regex(clean(values), r"^-|^\((.*)\)$", r"\1")


def _when(cols: Columns, log: ProblemLog, options: ImportOptions):
    when = clean(cols.text("Date"))
    if cols.find("Time"):
        when = pc.binary_join_element_wise(when, pc.fill_null(clean(cols.text("Time")), ""), " ")
    return slashed_dates(when, options.timezone, cols.source.lines, log, "Date")


def _events(cols: Columns, kind: str) -> np.ndarray:
    events = pc.utf8_lower(pc.fill_null(clean(cols.text("Event Type")), "payment"))
    return np.asarray(pc.equal(events, kind).to_numpy(zero_copy_only=False), dtype=bool)


def read_transactions(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("square-transactions", ("Date",), ("Transaction ID",), ("Total Collected",))
    log = ProblemLog(source.name)
    stamps, warnings = _when(cols, log, options)
    log.raise_if_any(f"{source.num_rows} rows of a Square transactions export")
    payments = np.flatnonzero(_events(cols, "payment"))
    refunds = np.flatnonzero(_events(cols, "refund"))
    ids = clean(cols.text("Customer ID")) if cols.find("Customer ID") else None
    text = {
        "order_id": clean(cols.text("Transaction ID")),
        "ordered_at": as_text(stamps),
        "total_cents": cols.text("Total Collected"),
        "tax_cents": cols.text("Tax"),
        "discount_cents": _positive(cols.text("Discounts")) if cols.find("Discounts") else None,
        "channel": cols.text("Source"),
        "customer_id": ids,
        "status": constant("paid", source.num_rows),
        "source": constant("square", source.num_rows),
    }
    shown_as = {"order_id": "Transaction ID", "ordered_at": "Date",
                "total_cents": "Total Collected", "tax_cents": "Tax",
                "discount_cents": "Discounts", "channel": "Source",
                "customer_id": "Customer ID"}  # fmt: skip
    orders = _rows("orders", text, payments, cols, log, options, shown_as)
    tables = {
        "customers": _customers(cols, ids, payments, log, options),
        "orders": orders,
        "refunds": _refunds(cols, refunds, stamps, log, options) if len(refunds) else None,
    }
    log.raise_if_any(f"{source.num_rows} rows of a Square transactions export")
    kept = {k: v for k, v in tables.items() if v is not None}
    return batch(source, "square-transactions", kept, warnings)


def _rows(name, text, rows, cols, log, options, shown_as) -> pa.Table:
    return canonical_rows(
        take({k: v for k, v in text.items() if v is not None}, rows),
        table(name),
        cols.source.lines.take(pa.array(rows, pa.int64())),
        log,
        timezone="UTC",
        currency=options.currency,
        shown_as=shown_as,
    )


def _refunds(cols, rows, stamps, log, options) -> pa.Table:
    order_ids = clean(cols.text("Transaction ID"))
    fallback = pc.binary_join_element_wise(order_ids, "refund", "/")
    payment_ids = clean(cols.text("Payment ID")) if cols.find("Payment ID") else None
    text = {
        "refund_id": pc.coalesce(payment_ids, fallback) if payment_ids is not None else fallback,
        "order_id": order_ids,
        "refunded_at": as_text(stamps),
        "amount_cents": _positive(cols.text("Total Collected")),
        "reason": cols.text("Refund Reason"),
    }
    shown_as = {"refund_id": "Payment ID", "order_id": "Transaction ID",
                "amount_cents": "Total Collected", "refunded_at": "Date"}  # fmt: skip
    return _rows("refunds", text, rows, cols, log, options, shown_as)


def _customers(cols, ids, payments, log, options) -> pa.Table | None:
    if ids is None:
        return None
    known = payments[present(ids.take(pa.array(payments, pa.int64())))]
    known = known[first_indices(ids.take(pa.array(known, pa.int64())))]
    first, last = split_name(cols.text("Customer Name"))
    text = {"customer_id": ids, "first_name": first, "last_name": last,
            "source": constant("square", cols.source.num_rows)}  # fmt: skip
    shown_as = {"customer_id": "Customer ID", "first_name": "Customer Name"}
    return _rows("customers", text, known, cols, log, options, shown_as)


def read_items(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("square-items", ("Transaction ID",), ("Item",), ("Qty",), ("Gross Sales",))
    log = ProblemLog(source.name)
    rows = np.flatnonzero(_events(cols, "payment"))
    order_ids = clean(cols.text("Transaction ID"))
    quantity = typed(cols.text("Qty"), "float", source.lines, log, "Qty", "not a number")
    gross = typed(cols.text("Gross Sales"), "cents", source.lines, log, "Gross Sales", "not money")
    log.raise_if_any(f"{source.num_rows} rows of a Square item details export")
    gross = to_minor_units(gross, None, cols.text("Gross Sales"), options.currency)
    unit = pc.divide(pc.cast(gross, pa.float64()), pc.if_else(pc.equal(quantity, 0), 1.0, quantity))
    names = clean(cols.text("Item"))
    if cols.find("Price Point Name"):
        point = clean(cols.text("Price Point Name"))
        joined = pc.binary_join_element_wise(names, point, " - ")
        names = pc.if_else(pc.is_valid(point), joined, names)
    position = pc.cast(pa.array(position_in_group(order_ids)), pa.string())
    text = {
        "order_item_id": pc.binary_join_element_wise(order_ids, position, ":"),
        "order_id": order_ids,
        "product_name": names,
        "sku": cols.text("SKU"),
        "quantity": pc.cast(pc.cast(pc.round(quantity), pa.int64()), pa.string()),
        "unit_price_cents": pc.cast(pc.cast(pc.round(unit), pa.int64()), pa.string()),
        "discount_cents": _positive(cols.text("Discounts")) if cols.find("Discounts") else None,
    }
    items = canonical_rows(
        take({k: v for k, v in text.items() if v is not None}, rows),
        table("order_items"),
        source.lines.take(pa.array(rows, pa.int64())),
        log,
        timezone="UTC",
        currency=options.currency,
        shown_as={"order_id": "Transaction ID", "quantity": "Qty", "product_name": "Item"},
        in_cents=frozenset({"unit_price_cents"}),
    )
    log.raise_if_any(f"{source.num_rows} rows of a Square item details export")
    return batch(source, "square-items", {"order_items": items})


register("square-transactions", "orders", read_transactions)
register("square-items", "order_items", read_items)
