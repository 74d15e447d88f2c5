"""Stripe Dashboard exports: payments (``stripe-payments``) and customers (``stripe-customers``).

Both the classic headers (``id``, ``Created (UTC)``) and the newer ones (``ID``, ``Created date
(UTC)``) are read; columns are found by name, so their order does not matter. Stripe writes times
in UTC, so the workspace timezone is not applied.

Payments -> orders (one order per payment):

- order_id = ``id``; ordered_at = ``Created (UTC)``; total_cents = ``Amount`` (major units);
  ``Currency`` (Stripe writes it lower-case; stored upper-case); source = stripe.
- status from ``Status``: Paid -> paid, Refunded -> refunded, Failed -> failed (also Canceled ->
  cancelled, Pending/Uncaptured -> pending, Partially refunded). A Paid payment with 0 < ``Amount
  Refunded`` < ``Amount`` is partially_refunded. Failed payments are imported with status failed:
  they are real attempts (useful for checkout analysis); revenue measures count paid ones only.
- channel = subscription when ``Description`` starts with "Subscription" (Stripe writes
  "Subscription creation" / "Subscription update"), else stripe.
- ``Amount Refunded`` > 0 -> one refunds row per payment (the export gives only the total
  refunded): refund_id = ``<payment id>/refund``, refunded_at = ``Refunded date (UTC)`` when the
  file has it, else the payment's time. A later export with a larger refunded total updates it.
- customers: customer_id = ``Customer ID``, or, when absent, the id derived from the lower-cased
  ``Customer Email`` (the one every importer derives from an email). A payment with neither has
  no customer. One customer row per id (first row in the file), with its email; source stripe.
- ``key (metadata)`` columns have no place in the canonical orders table (``order_id (metadata)``
  cannot replace the payment id, which is the key Stripe re-exports): they are not imported, and
  a warning names them. Fees, conversions, card and dispute columns are not imported either.

Customers -> customers:

- customer_id = ``id`` (newer) or ``customer_id`` (older variant); derived from the email when
  absent. ``Name``/``name`` -> first word as first name, the rest as last name. ``Email``,
  ``Address City``, ``Address State`` -> region, ``Address Country``, ``Address Postal Code``,
  ``Phone``, ``Description`` -> note, ``Created (UTC)``/``created`` -> created_at; source stripe.
- ``Total Spend``, ``Payment Count``, ``Refunded Volume``, ``Dispute Losses`` and the older
  ``net_volume``, ``payment_count``, ``refund_volume`` are derived from payments: ignored (warning).
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
    customer_id_from_email,
    fields,
    first_indices,
    lower_email,
    map_values,
    mask,
    present,
    require_key,
    split_name,
    take,
    typed,
)
from regulars.importers.options import ImportOptions
from regulars.importers.problems import ProblemLog
from regulars.importers.source import SourceFile
from regulars.schema import table

UTC_NAME = "UTC"
ID = ("id", "ID")
CREATED = ("Created date (UTC)", "Created (UTC)", "created")

PAYMENT_STATUS = {
    "paid": "paid",
    "succeeded": "paid",
    "refunded": "refunded",
    "partially refunded": "partially_refunded",
    "failed": "failed",
    "canceled": "cancelled",
    "cancelled": "cancelled",
    "pending": "pending",
    "uncaptured": "pending",
}

PAYMENT_FIELDS = {
    "order_id": ID,
    "ordered_at": CREATED,
    "currency": ("Currency",),
    "total_cents": ("Amount",),
}

CUSTOMER_FIELDS = {
    "email": ("Email",),
    "city": ("Address City",),
    "region": ("Address State",),
    "country": ("Address Country",),
    "postal_code": ("Address Postal Code", "Address Zip"),
    "phone": ("Phone",),
    "note": ("Description",),
    "created_at": CREATED,
}
CUSTOMER_DERIVED = (
    "Total Spend",
    "Payment Count",
    "Refunded Volume",
    "Dispute Losses",
    "net_volume",
    "payment_count",
    "refund_volume",
)


def read_payments(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("stripe-payments", ID, CREATED, ("Amount",))
    log = ProblemLog(source.name)
    customer_ids = _payment_customer_ids(cols)
    orders = _payments(cols, customer_ids, log, options)
    refunded = _refunded_cents(cols, orders, log)
    orders = _partially_refunded(orders, refunded)
    refunds = _refunds(cols, orders, refunded, log, options)
    customers = _payment_customers(cols, customer_ids, log, options)
    log.raise_if_any(f"{source.num_rows} rows of a Stripe payments export")
    tables = {"customers": customers, "orders": orders, "refunds": refunds}
    return batch(
        source,
        "stripe-payments",
        {k: v for k, v in tables.items() if v is not None},
        _metadata_warning(cols),
    )


def _payment_customer_ids(cols: Columns) -> pa.Array | None:
    ids = cols.text("Customer ID")
    emails = lower_email(cols.text("Customer Email"))
    parts = [
        a
        for a in (
            clean(ids) if ids is not None else None,
            customer_id_from_email(emails) if emails is not None else None,
        )
        if a is not None
    ]
    return pc.coalesce(*parts) if parts else None


def _payments(
    cols: Columns, customer_ids: pa.Array | None, log: ProblemLog, options: ImportOptions
) -> pa.Table:
    text, shown_as = fields(cols, PAYMENT_FIELDS)
    status = cols.find("Status")
    if status is not None:
        text["status"] = map_values(
            cols.text(status),
            PAYMENT_STATUS,
            cols.source.lines,
            log,
            status,
            "Paid, Refunded, Failed, Canceled, Pending, Uncaptured",
        )
        shown_as["status"] = status
    if customer_ids is not None:
        text["customer_id"] = customer_ids
        shown_as["customer_id"] = cols.find("Customer ID") or cols.find("Customer Email")
    descriptions = cols.text("Description")
    n = cols.source.num_rows
    subscription = (
        pc.starts_with(pc.utf8_lower(descriptions), "subscription")
        if descriptions is not None
        else None
    )
    text["channel"] = (
        constant("stripe", n)
        if subscription is None
        else pc.if_else(pc.fill_null(subscription, False), "subscription", "stripe")
    )
    text["source"] = constant("stripe", n)
    return canonical_rows(
        text,
        table("orders"),
        cols.source.lines,
        log,
        timezone=UTC_NAME,
        currency=options.currency,
        shown_as=shown_as,
    )


def _refunded_cents(cols: Columns, orders: pa.Table, log: ProblemLog) -> pa.Array | None:
    """``Amount Refunded`` in minor units of each payment's currency."""
    name = cols.find("Amount Refunded")
    if name is None:
        return None
    text = cols.text(name)
    hundredths = typed(text, "cents", cols.source.lines, log, name, "not an amount of money")
    return to_minor_units(hundredths, orders["currency"].combine_chunks(), text)


def _partially_refunded(orders: pa.Table, refunded: pa.Array | None) -> pa.Table:
    if refunded is None or "status" not in orders.column_names:
        return orders
    status = orders["status"].combine_chunks()
    total = orders["total_cents"].combine_chunks()
    partial = pc.and_(
        pc.and_(pc.equal(status, "paid"), pc.greater(refunded, 0)), pc.less(refunded, total)
    )
    new_status = pc.if_else(pc.fill_null(partial, False), "partially_refunded", status)
    return orders.set_column(orders.schema.get_field_index("status"), "status", new_status)


def _refunds(
    cols: Columns,
    orders: pa.Table,
    refunded: pa.Array | None,
    log: ProblemLog,
    options: ImportOptions,
) -> pa.Table | None:
    if refunded is None:
        return None
    payment_ids = orders["order_id"].combine_chunks()
    rows = np.flatnonzero(present(payment_ids) & mask(pc.greater(refunded, 0)))
    created = as_text(orders["ordered_at"].combine_chunks())
    dates = cols.text("Refunded date (UTC)", "Refunded (UTC)")
    text = {
        "refund_id": pc.binary_join_element_wise(payment_ids, "refund", "/"),
        "order_id": payment_ids,
        "refunded_at": created if dates is None else pc.coalesce(clean(dates), created),
        "amount_cents": as_text(refunded),
        "currency": cols.text("Currency"),
    }
    shown_as = {
        "refund_id": cols.find(*ID),
        "order_id": cols.find(*ID),
        "amount_cents": cols.find("Amount Refunded"),
        "refunded_at": cols.find("Refunded date (UTC)", "Refunded (UTC)") or cols.find(*CREATED),
        "currency": cols.find("Currency") or "Currency",
    }
    return canonical_rows(
        take(text, rows),
        table("refunds"),
        cols.source.lines.take(pa.array(rows, pa.int64())),
        log,
        timezone=UTC_NAME,
        currency=options.currency,
        shown_as=shown_as,
        in_cents=frozenset({"amount_cents"}),
    )


def _payment_customers(
    cols: Columns, customer_ids: pa.Array | None, log: ProblemLog, options: ImportOptions
) -> pa.Table | None:
    if customer_ids is None:
        return None
    with_id = np.flatnonzero(present(customer_ids))
    rows = with_id[first_indices(customer_ids.take(pa.array(with_id, pa.int64())))]
    text = {
        "customer_id": customer_ids,
        "email": lower_email(cols.text("Customer Email")),
        "source": constant("stripe", cols.source.num_rows),
    }
    shown_as = {
        "customer_id": cols.find("Customer ID") or "Customer Email",
        "email": "Customer Email",
    }
    return canonical_rows(
        take(text, rows),
        table("customers"),
        cols.source.lines.take(pa.array(rows, pa.int64())),
        log,
        timezone=UTC_NAME,
        currency=options.currency,
        shown_as=shown_as,
    )


def read_customers(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    if cols.find("id", "customer_id") is None:
        cols.require("stripe-customers", ("id", "customer_id"), ("Email",))
    log = ProblemLog(source.name)
    text, shown_as = fields(cols, CUSTOMER_FIELDS)
    emails = lower_email(text.get("email"))
    if emails is not None:
        text["email"] = emails
    ids = [
        a
        for a in (
            clean(cols.text("id", "customer_id")) if cols.find("id", "customer_id") else None,
            customer_id_from_email(emails) if emails is not None else None,
        )
        if a is not None
    ]
    text["customer_id"] = pc.coalesce(*ids)
    shown_as["customer_id"] = cols.find("id", "customer_id") or cols.find("Email")
    require_key(
        text["customer_id"],
        source.lines,
        log,
        shown_as["customer_id"],
        "a customer needs an id or an Email",
    )
    text["first_name"], text["last_name"] = split_name(cols.text("Name"))
    shown_as.update(first_name=cols.find("Name") or "Name", last_name=cols.find("Name") or "Name")
    text["source"] = constant("stripe", source.num_rows)
    rows = canonical_rows(
        {k: v for k, v in text.items() if v is not None},
        table("customers"),
        source.lines,
        log,
        timezone=UTC_NAME,
        currency=options.currency,
        shown_as=shown_as,
    )
    log.raise_if_any(f"{source.num_rows} rows of a Stripe customers export")
    derived = list(dict.fromkeys(n for n in (cols.find(c) for c in CUSTOMER_DERIVED) if n))
    warnings = (
        (f"{', '.join(derived)} ignored: Regulars derives them from the payments you import",)
        if derived
        else ()
    )
    return batch(
        source, "stripe-customers", {"customers": rows}, warnings + _metadata_warning(cols)
    )


def _metadata_warning(cols: Columns) -> tuple[str, ...]:
    names = cols.metadata()
    if not names:
        return ()
    return (f"metadata columns not imported (no canonical column for them): {', '.join(names)}",)


register("stripe-payments", "orders", read_payments)
register("stripe-customers", "customers", read_customers)
