"""PayPal activity download (``paypal-activity``: Activity > Statements > Activity download, CSV,
"All transactions"): one row per balance movement.

- orders: rows whose ``Type`` names a payment received (Express Checkout Payment, Website
  Payment, Mobile Payment, Subscription Payment, Payment Received, ...) with a positive ``Gross``:
  order_id = ``Transaction ID``; ordered_at = ``Date`` + ``Time`` (the column decides whether the
  day or the month comes first; read in the workspace timezone, the statement's ``TimeZone`` is not
  converted); ``Currency``; total = ``Gross``; shipping = ``Shipping and Handling Amount``; tax =
  ``Sales Tax``; status from ``Status``: Completed -> paid, Pending / Held -> pending, Refunded /
  Partially Refunded -> refunded / partially_refunded, Reversed / Canceled -> cancelled, Denied /
  Failed -> failed; channel paypal; source paypal; shipping country = ``Country Code``.
- customers: derived from the lower-cased ``From Email Address``, else the normalised ``Contact
  Phone Number``; ``Name`` -> first word as first name, the rest as last name.
- refunds: rows whose ``Type`` contains "Refund" (a negative ``Gross``): refund_id = ``Transaction
  ID``, order_id = ``Reference Txn ID`` (the payment refunded), amount = -``Gross``, refunded_at =
  Date + Time. A refund of a payment that is neither in the file nor imported before is a problem
  naming the line.
- Everything else (transfers, withdrawals, currency conversions, fees, holds) moves money but is no
  sale: left out, and a warning counts them.
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
    customer_identity,
    fields,
    first_indices,
    lower_email,
    map_values,
    mask,
    normalize_phone,
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

FORMAT = "paypal-activity"
STATUS = {
    "completed": "paid",
    "pending": "pending",
    "held": "pending",
    "refunded": "refunded",
    "partially refunded": "partially_refunded",
    "reversed": "cancelled",
    "canceled": "cancelled",
    "cancelled": "cancelled",
    "denied": "failed",
    "failed": "failed",
}
ORDER_FIELDS = {
    "order_id": ("Transaction ID",),
    "currency": ("Currency",),
    "total_cents": ("Gross",),
    "shipping_cents": ("Shipping and Handling Amount",),
    "tax_cents": ("Sales Tax",),
    "shipping_country": ("Country Code",),
}


def read_activity(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require(FORMAT, ("Date",), ("Type",), ("Gross",), ("Transaction ID",))
    log = ProblemLog(source.name)
    lines = source.lines
    when = cols.text("Date")
    if cols.find("Time"):
        when = pc.binary_join_element_wise(
            clean(when), pc.fill_null(clean(cols.text("Time")), ""), " "
        )
    stamps, warnings = slashed_dates(when, options.timezone, lines, log, "Date")
    gross = typed(cols.text("Gross"), "cents", lines, log, "Gross", "not an amount of money")
    log.raise_if_any(f"{source.num_rows} rows of a PayPal activity download")
    kinds = pc.utf8_lower(pc.fill_null(clean(cols.text("Type")), ""))
    refund = mask(pc.match_substring(kinds, "refund")) & mask(pc.less(gross, 0))
    payment = mask(pc.match_substring(kinds, "payment")) & mask(pc.greater(gross, 0)) & ~refund
    emails = lower_email(cols.text("From Email Address"))
    phones = normalize_phone(cols.text("Contact Phone Number"))
    ids = customer_identity(emails, phones)
    orders = _orders(cols, np.flatnonzero(payment), stamps, ids, log, options)
    refunds = _refunds(cols, np.flatnonzero(refund), stamps, gross, log, options)
    customers = _customers(cols, np.flatnonzero(payment), ids, emails, phones, log, options)
    log.raise_if_any(f"{source.num_rows} rows of a PayPal activity download")
    other = int((~payment & ~refund).sum())
    if other:
        warnings += (f"{other} rows are not payments or refunds (transfers, conversions, ...): "
                     "left out",)  # fmt: skip
    tables = {"customers": customers, "orders": orders, "refunds": refunds}
    return batch(source, FORMAT, {k: v for k, v in tables.items() if v is not None}, warnings)


def _orders(cols, rows, stamps, ids, log, options) -> pa.Table:
    text, shown_as = fields(cols, ORDER_FIELDS)
    text["ordered_at"], shown_as["ordered_at"] = as_text(stamps), "Date"
    status = cols.find("Status")
    if status is not None:
        values = pc.utf8_lower(clean(cols.text(status)))
        text["status"] = map_values(
            values, STATUS, cols.source.lines, log, status, "Completed, ..."
        )
        shown_as["status"] = status
    if ids is not None:
        text["customer_id"], shown_as["customer_id"] = ids, "From Email Address"
    text["channel"] = constant("paypal", cols.source.num_rows)
    text["source"] = constant("paypal", cols.source.num_rows)
    picked = pa.array(rows, pa.int64())
    return canonical_rows(
        take(text, rows),
        table("orders"),
        cols.source.lines.take(picked),
        log,
        timezone="UTC",
        currency=options.currency,
        shown_as=shown_as,
    )


def _refunds(cols, rows, stamps, gross, log, options) -> pa.Table | None:
    if len(rows) == 0:
        return None
    text = {
        "refund_id": cols.text("Transaction ID"),
        "order_id": clean(cols.text("Reference Txn ID")) if cols.find("Reference Txn ID") else None,
        "refunded_at": as_text(stamps),
        "amount_cents": pc.replace_substring_regex(clean(cols.text("Gross")), r"^-", ""),
        "currency": cols.text("Currency"),
    }
    shown_as = {"refund_id": "Transaction ID", "order_id": "Reference Txn ID",
                "amount_cents": "Gross", "refunded_at": "Date"}  # fmt: skip
    picked = pa.array(rows, pa.int64())
    return canonical_rows(
        take({k: v for k, v in text.items() if v is not None}, rows),
        table("refunds"),
        cols.source.lines.take(picked),
        log,
        timezone="UTC",
        currency=options.currency,
        shown_as=shown_as,
    )


def _customers(cols, rows, ids, emails, phones, log, options) -> pa.Table | None:
    if ids is None or len(rows) == 0:
        return None
    known = rows[present(ids.take(pa.array(rows, pa.int64())))]
    known = known[first_indices(ids.take(pa.array(known, pa.int64())))]
    first, last = split_name(cols.text("Name"))
    text = {"customer_id": ids, "email": emails, "phone": phones, "first_name": first,
            "last_name": last, "source": constant("paypal", cols.source.num_rows)}  # fmt: skip
    return canonical_rows(
        take({k: v for k, v in text.items() if v is not None}, known),
        table("customers"),
        cols.source.lines.take(pa.array(known, pa.int64())),
        log,
        timezone="UTC",
        currency=options.currency,
        shown_as={"customer_id": "From Email Address", "email": "From Email Address",
                  "phone": "Contact Phone Number", "first_name": "Name", "last_name": "Name"},
    )  # fmt: skip


register(FORMAT, "orders", read_activity)
