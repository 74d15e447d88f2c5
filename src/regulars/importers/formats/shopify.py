"""Shopify exports: the orders export (``shopify-orders``) and the customers export
(``shopify-customers``).

Orders export (one row per line item; order-level fields only on the first row of each ``Name``):

- Rows are grouped by ``Name`` (#1001). The first row of a run of equal names carries the order;
  a name that comes back after another order's rows is a second order with the same number and is
  reported as a duplicate. Every row with a name is one order item.
- orders: order_id = ``Name``; ordered_at = ``Created at``; ``Currency``; ``Subtotal``,
  ``Shipping``, ``Taxes``, ``Total``, ``Discount Amount``, ``Discount Code``; status from
  ``Financial Status`` (paid, pending, authorized and partially_paid -> pending, refunded,
  partially_refunded, voided -> cancelled, expired -> failed; any other value is a problem);
  ``Cancelled at``; channel = ``Source`` as given (web, pos, shopify_draft_order, ...); the
  shipping city, province (code), country (code) and zip; source = shopify.
- customers: one per distinct lower-cased ``Email``, else per normalised ``Phone`` (else
  ``Billing Phone``, ``Shipping Phone``): a phone-only buyer is a customer too. The id is the one
  every importer derives from an email (or, with none, from the phone), so importers that know
  only an email or a phone land on the same customer; an order with neither has no customer.
  Names come from ``Billing Name`` (first word -> first name, the rest -> last name) of the
  customer's first order in the file (Shopify lists newest first).
- order_items: order_item_id = ``Name:position`` (1, 2, ... in file order within the order);
  ``Lineitem quantity``, ``Lineitem name``, ``Lineitem price``, ``Lineitem sku``,
  ``Lineitem discount``. The export has no product id, so product_id stays empty.
- consents: when ``Accepts Marketing`` is yes/no, a marketing consent granted or refused, recorded
  at the order's time, source shopify.
- Ignored: payment, fulfilment, billing address, tax lines and the rest (the warning lists them).
- refunds: ``Refunded Amount`` > 0 -> one refunds row per order (``<Name>/refund``). The export
  has no refund date: refunded_at is ``Cancelled at`` when set, else the order's time.

Customers export:

- customer_id: derived from the lower-cased ``Email`` (the same id as the orders export gives),
  else from the normalised ``Phone`` (else Default Address Phone; the orders export derives the
  same), else ``Customer ID`` (leading ``'`` removed): a customer without an email is imported.
  The orders export carries no customer id, so keying on Customer ID would split each person in
  two.
- First/Last Name, Email, Phone (else Default Address Phone), Default Address Company, City,
  Province Code -> region, Country Code -> country, Zip -> postal_code, Tags, Note; source shopify.
- ``Accepts Email Marketing`` (or the older ``Accepts Marketing``) -> a marketing consent. The
  export has no date for it, so it is recorded as of the file's modification time, and its id is
  derived from customer, purpose, source and the answer: re-importing the same file changes
  nothing, and a changed answer in a later export adds a new consent record (latest wins).
- ``Accepts SMS Marketing`` is not stored: consents are per purpose, not per channel, so an SMS
  answer would overwrite the email answer for "marketing". A warning says so.
- ``Total Spent`` and ``Total Orders`` are derived from orders and are ignored (warning).
"""

from __future__ import annotations

from datetime import UTC, datetime

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
    first_of_duplicates,
    lower_email,
    map_values,
    normalize_phone,
    position_in_group,
    present,
    require_key,
    run_starts,
    split_name,
    strip_apostrophe,
    take,
    typed,
)
from regulars.importers.formats._refunds import refunds_from_totals
from regulars.importers.keys import stable_id
from regulars.importers.options import ImportOptions
from regulars.importers.problems import ProblemLog
from regulars.importers.source import SourceFile
from regulars.schema import table

FINANCIAL_STATUS = {
    "paid": "paid",
    "pending": "pending",
    "authorized": "pending",
    "partially_paid": "pending",
    "refunded": "refunded",
    "partially_refunded": "partially_refunded",
    "voided": "cancelled",
    "expired": "failed",
}

ORDER_FIELDS = {
    "order_id": ("Name",),
    "ordered_at": ("Created at",),
    "currency": ("Currency",),
    "subtotal_cents": ("Subtotal",),
    "shipping_cents": ("Shipping",),
    "tax_cents": ("Taxes",),
    "total_cents": ("Total",),
    "discount_cents": ("Discount Amount",),
    "discount_code": ("Discount Code",),
    "cancelled_at": ("Cancelled at",),
    "channel": ("Source",),
    "shipping_city": ("Shipping City",),
    "shipping_region": ("Shipping Province",),
    "shipping_country": ("Shipping Country",),
    "shipping_postal_code": ("Shipping Zip",),
}

ITEM_FIELDS = {
    "product_name": ("Lineitem name",),
    "quantity": ("Lineitem quantity",),
    "unit_price_cents": ("Lineitem price",),
    "sku": ("Lineitem sku",),
    "discount_cents": ("Lineitem discount",),
}

CUSTOMER_FIELDS = {
    "first_name": ("First Name",),
    "last_name": ("Last Name",),
    "company": ("Default Address Company",),
    "city": ("Default Address City",),
    "region": ("Default Address Province Code",),
    "country": ("Default Address Country Code",),
    "postal_code": ("Default Address Zip",),
    "tags": ("Tags",),
    "note": ("Note",),
}

_ORDER_USED = {n for names in (*ORDER_FIELDS.values(), *ITEM_FIELDS.values()) for n in names} | {
    "Email",
    "Financial Status",
    "Accepts Marketing",
    "Billing Name",
    "Phone",
    "Billing Phone",
    "Shipping Phone",
    "Refunded Amount",
}
_CUSTOMER_DERIVED = ("Total Spent", "Total Orders")


def read_orders(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require(
        "shopify-orders",
        ("Name",),
        ("Created at",),
        ("Total",),
        ("Lineitem quantity",),
        ("Lineitem price",),
    )
    log = ProblemLog(source.name)
    names = clean(cols.text("Name"))
    log.add_rows(
        ~present(names), source.lines, None, cols.find("Name"), "required value is missing"
    )
    emails = lower_email(cols.text("Email"))
    phones = _phones(cols, "Phone", "Billing Phone", "Shipping Phone")
    customer_ids = customer_identity(emails, phones)
    starts = np.flatnonzero(run_starts(names) & present(names))
    orders = _orders(cols, starts, customer_ids, log, options)
    items = _order_items(cols, names, orders, log, options)
    customers = _order_customers(cols, starts, emails, phones, customer_ids, log, options)
    consents = _order_consents(cols, starts, orders, log, options)
    refunds = _order_refunds(cols, starts, orders, log)
    log.raise_if_any(f"{source.num_rows} rows of a Shopify orders export")
    ignored = [n for n in cols.names if n not in _ORDER_USED]
    warnings = (
        (f"columns not imported (no place in Regulars): {', '.join(ignored)}",) if ignored else ()
    )
    tables = {
        "customers": customers,
        "orders": orders,
        "order_items": items,
        "consents": consents,
        "refunds": refunds,
    }
    return batch(
        source, "shopify-orders", {k: v for k, v in tables.items() if v is not None}, warnings
    )


def _orders(
    cols: Columns,
    starts: np.ndarray,
    customer_ids: pa.Array | None,
    log: ProblemLog,
    options: ImportOptions,
) -> pa.Table:
    text, shown_as = fields(cols, ORDER_FIELDS)
    text["shipping_postal_code"] = strip_apostrophe(text.get("shipping_postal_code"))
    status = cols.find("Financial Status")
    if status is not None:
        text["status"] = map_values(
            cols.text(status),
            FINANCIAL_STATUS,
            cols.source.lines,
            log,
            status,
            ", ".join(FINANCIAL_STATUS),
        )
        shown_as["status"] = status
    text["customer_id"] = customer_ids
    shown_as["customer_id"] = cols.find("Email") or "Email"
    text["source"] = constant("shopify", cols.source.num_rows)
    lines = cols.source.lines.take(pa.array(starts, pa.int64()))
    return canonical_rows(
        take(text, starts),
        table("orders"),
        lines,
        log,
        timezone=options.timezone,
        currency=options.currency,
        shown_as=shown_as,
    )


def _order_items(
    cols: Columns, names: pa.Array, orders: pa.Table, log: ProblemLog, options: ImportOptions
) -> pa.Table:
    rows = np.flatnonzero(present(names))
    order_currency = pc.take(
        orders["currency"].combine_chunks(),
        pc.index_in(names.take(pa.array(rows, pa.int64())), value_set=orders["order_id"]),
    )
    text, shown_as = fields(cols, ITEM_FIELDS)
    position = pc.cast(pa.array(position_in_group(names)), pa.string())
    text["order_item_id"] = pc.binary_join_element_wise(names, position, ":")
    text["order_id"] = names
    shown_as.update(order_item_id="Name", order_id="Name")
    lines = cols.source.lines.take(pa.array(rows, pa.int64()))
    return canonical_rows(
        take(text, rows),
        table("order_items"),
        lines,
        log,
        timezone=options.timezone,
        currency=options.currency,
        shown_as=shown_as,
        row_currency=order_currency,
    )


def _phones(cols: Columns, *names: str) -> pa.Array | None:
    found = [normalize_phone(strip_apostrophe(cols.text(n))) for n in names if cols.find(n)]
    return pc.coalesce(*found) if found else None


def _order_customers(
    cols: Columns,
    starts: np.ndarray,
    emails: pa.Array | None,
    phones: pa.Array | None,
    customer_ids: pa.Array | None,
    log: ProblemLog,
    options: ImportOptions,
) -> pa.Table | None:
    if customer_ids is None:
        return None
    known = starts[present(customer_ids.take(pa.array(starts, pa.int64())))]
    rows = known[first_indices(customer_ids.take(pa.array(known, pa.int64())))]
    first, last = split_name(cols.text("Billing Name"))
    text = {
        "customer_id": customer_ids,
        "email": emails,
        "phone": phones,
        "first_name": first,
        "last_name": last,
        "source": constant("shopify", cols.source.num_rows),
    }
    text = {k: v for k, v in text.items() if v is not None}
    shown_as = {
        "customer_id": "Email",
        "email": "Email",
        "phone": cols.find("Phone") or "Phone",
        "first_name": "Billing Name",
        "last_name": "Billing Name",
    }
    return _customer_rows(cols, text, rows, log, options, shown_as)


def _customer_rows(
    cols: Columns,
    text: dict,
    rows,
    log: ProblemLog,
    options: ImportOptions,
    shown_as: dict[str, str],
) -> pa.Table:
    """Canonical customers from the file's ``rows`` (their physical lines kept for problems)."""
    lines = cols.source.lines.take(pa.array(rows, pa.int64()))
    return canonical_rows(
        take(text, rows),
        table("customers"),
        lines,
        log,
        timezone=options.timezone,
        currency=options.currency,
        shown_as=shown_as,
    )


def _order_consents(
    cols: Columns, starts: np.ndarray, orders: pa.Table, log: ProblemLog, options: ImportOptions
) -> pa.Table | None:
    accepts = cols.find("Accepts Marketing")
    if accepts is None or "customer_id" not in orders.column_names:
        return None
    answers = cols.text(accepts).take(pa.array(starts, pa.int64()))
    customer_ids = orders["customer_id"].combine_chunks()
    recorded = orders["ordered_at"].combine_chunks()
    usable = present(answers) & present(customer_ids) & present(recorded)
    key = pc.binary_join_element_wise(customer_ids, as_text(recorded), "|")
    rows = np.flatnonzero(usable)
    rows = rows[first_indices(key.take(pa.array(rows, pa.int64())))]
    text = {
        "customer_id": customer_ids,
        "purpose": constant("marketing", len(starts)),
        "granted": answers,
        "recorded_at": as_text(recorded),
        "source": constant("shopify", len(starts)),
    }
    shown_as = {"customer_id": "Email", "granted": accepts, "recorded_at": "Created at"}
    lines = orders["_source_line"].combine_chunks().take(pa.array(rows, pa.int64()))
    return canonical_rows(
        take(text, rows),
        table("consents"),
        lines,
        log,
        timezone="UTC",
        currency=options.currency,
        shown_as=shown_as,
    )


def _order_refunds(
    cols: Columns, starts: np.ndarray, orders: pa.Table, log: ProblemLog
) -> pa.Table | None:
    name = cols.find("Refunded Amount")
    if name is None:
        return None
    amounts = clean(cols.text(name)).take(pa.array(starts, pa.int64()))
    dates = [
        orders[c].combine_chunks()
        for c in ("cancelled_at", "ordered_at")
        if c in orders.column_names
    ]
    shown_as = {"amount_cents": name, "refunded_at": cols.find("Cancelled at") or "Created at"}
    shown_as.update(refund_id="Name", order_id="Name", currency=cols.find("Currency") or "Currency")
    return refunds_from_totals(orders, amounts, dates, log, shown_as)


def read_customers(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    if cols.find("Email") is None and cols.find("Customer ID") is None:
        cols.require("shopify-customers", ("Email",))
    log = ProblemLog(source.name)
    emails = lower_email(cols.text("Email"))
    keep = (
        np.ones(source.num_rows, dtype=bool)
        if emails is None
        else first_of_duplicates(emails, source.lines, log, "Email")
    )
    rows = np.flatnonzero(keep)
    customers = _customers(cols, emails, rows, log, options)
    consents = _customer_consents(cols, customers, rows, log, options)
    log.raise_if_any(f"{source.num_rows} rows of a Shopify customers export")
    return batch(
        source,
        "shopify-customers",
        {"customers": customers, "consents": consents},
        _customer_warnings(cols),
    )


def _customers(
    cols: Columns,
    emails: pa.Array | None,
    rows: np.ndarray,
    log: ProblemLog,
    options: ImportOptions,
) -> pa.Table:
    text, shown_as = fields(cols, CUSTOMER_FIELDS)
    text["postal_code"] = strip_apostrophe(text.get("postal_code"))
    phones = [
        strip_apostrophe(cols.text(n)) for n in ("Phone", "Default Address Phone") if cols.find(n)
    ]
    if phones:
        text["phone"] = pc.coalesce(*phones)
        shown_as["phone"] = cols.find("Phone") or cols.find("Default Address Phone")
    ids = strip_apostrophe(cols.text("Customer ID"))
    derived = customer_identity(emails, _phones(cols, "Phone", "Default Address Phone"))
    text["customer_id"] = pc.coalesce(*[a for a in (derived, ids) if a is not None])
    shown_as["customer_id"] = cols.find("Customer ID") or "Email"
    require_key(
        text["customer_id"].take(pa.array(rows, pa.int64())),
        cols.source.lines.take(pa.array(rows, pa.int64())),
        log,
        shown_as["customer_id"],
        "a customer needs an Email or a Customer ID",
    )
    if emails is not None:
        text["email"], shown_as["email"] = emails, cols.find("Email")
    text["source"] = constant("shopify", cols.source.num_rows)
    return _customer_rows(cols, text, rows, log, options, shown_as)


def _customer_consents(
    cols: Columns, customers: pa.Table, rows: np.ndarray, log: ProblemLog, options: ImportOptions
) -> pa.Table | None:
    column = cols.find("Accepts Email Marketing", "Accepts Marketing")
    if column is None:
        return None
    lines = customers["_source_line"].combine_chunks()
    granted = typed(
        cols.text(column).take(pa.array(rows, pa.int64())),
        "bool",
        lines,
        log,
        column,
        "not yes/no (true/false, yes/no, 1/0)",
    )
    customer_ids = customers["customer_id"].combine_chunks()
    use = np.flatnonzero(present(granted) & present(customer_ids))
    ids = [
        stable_id("consents", c, "marketing", "shopify", g)
        for c, g in zip(customer_ids.take(use).to_pylist(), granted.take(use).to_pylist())
    ]
    recorded = datetime.fromtimestamp(int(cols.source.path.stat().st_mtime), UTC).isoformat()
    text = {
        "consent_id": pa.array(ids, pa.string()),
        "customer_id": customer_ids.take(use),
        "purpose": constant("marketing", len(use)),
        "granted": as_text(granted.take(use)),
        "recorded_at": constant(recorded, len(use)),
        "source": constant("shopify", len(use)),
    }
    return canonical_rows(
        text,
        table("consents"),
        lines.take(use),
        log,
        timezone="UTC",
        currency=options.currency,
        shown_as={"granted": column, "customer_id": "Email"},
    )


def _customer_warnings(cols: Columns) -> tuple[str, ...]:
    warnings = []
    derived = [n for n in (cols.find(c) for c in _CUSTOMER_DERIVED) if n]
    if derived:
        warnings.append(
            f"{', '.join(derived)} ignored: Regulars derives them from the orders you import"
        )
    sms = cols.text("Accepts SMS Marketing")
    if sms is not None and present(clean(sms)).any():
        warnings.append(
            "Accepts SMS Marketing not imported: consents are kept per purpose, and an SMS answer "
            "would overwrite the email marketing answer"
        )
    return tuple(warnings)


register("shopify-orders", "orders", read_orders)
register("shopify-customers", "customers", read_customers)
