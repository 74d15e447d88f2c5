"""Line-level sales exports (``line-items``): one row per product line, as in the UCI Online
Retail data set and the exports of many till and web-shop systems.

Columns (found by name; the Online Retail II spellings too): ``InvoiceNo`` (``Invoice``),
``StockCode``, ``Description``, ``Quantity``, ``InvoiceDate``, ``UnitPrice`` (``Price``),
``CustomerID`` (``Customer ID``), ``Country``; optional ``Currency``.

- orders: one per distinct invoice that is not a cancellation: order_id = the invoice number;
  ordered_at = its first line's ``InvoiceDate``; total = the sum of quantity x unit price of its
  lines (in minor units, exact); customer_id = ``CustomerID`` (a spreadsheet's "17850.0" is
  17850); shipping_country = ``Country``; source = line-items.
- order_items: every line of those invoices: order_item_id = ``invoice:position`` (1, 2, ... in
  file order within the invoice, so identical lines stay separate); sku = ``StockCode``,
  product_name = ``Description``, quantity, unit_price.
- refunds: an invoice whose number starts with "C" is a cancellation: one refund of the sum of
  its lines (quantities are negative there; the refund is positive), refund_id = the cancellation
  number, refunded_at = its date, reason "cancellation C536379". The file does not say which
  invoice was cancelled: the refund goes to the customer's latest earlier invoice holding the same
  stock code, else their latest earlier invoice. A cancellation with no such invoice (no customer,
  or its sale is older than the file) cannot be attached and is left out, with a warning.
- customers: one per ``CustomerID`` with its ``Country``; source line-items.
- Invoices starting with "A" (bad-debt adjustments in the UCI data) are not sales: left out, with a
  warning.
- ``InvoiceDate`` like ``12/1/2010 8:26``: month or day first is decided from the whole column (a
  first number above 12 means day first, a second above 12 month first); when no value settles
  it, month first is used (the UCI data's own format) and a warning says so. ISO dates are read as
  they are.
"""

from __future__ import annotations

from bisect import bisect_right

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
    mask,
    position_in_group,
    present,
    take,
    typed,
)
from regulars.importers.formats._dates import slashed_dates
from regulars.importers.options import ImportOptions
from regulars.importers.problems import ProblemLog
from regulars.importers.source import SourceFile
from regulars.schema import table

FORMAT = "line-items"
INVOICE = ("InvoiceNo", "Invoice", "Invoice Number", "Receipt Number")
STOCK = ("StockCode", "SKU", "Stock Code")
PRICE = ("UnitPrice", "Price", "Unit Price")
CUSTOMER = ("CustomerID", "Customer ID")
DATE = ("InvoiceDate", "Invoice Date", "Date")


def read_line_items(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require(FORMAT, INVOICE, DATE, ("Quantity",), PRICE)
    log = ProblemLog(source.name)
    lines = source.lines
    invoices = clean(cols.text(*INVOICE))
    log.add_rows(~present(invoices), lines, None, cols.find(*INVOICE), "required value is missing")
    dates, warnings = slashed_dates(
        cols.text(*DATE), options.timezone, lines, log, cols.find(*DATE)
    )
    currency = cols.text("Currency")
    currencies = clean(currency) if currency is not None else constant(options.currency, len(lines))
    quantity = typed(cols.text("Quantity"), "int", lines, log, "Quantity", "not a whole number")
    price_text = cols.text(*PRICE)
    price = typed(price_text, "cents", lines, log, cols.find(*PRICE), "not an amount of money")
    price = to_minor_units(price, pc.utf8_upper(currencies), price_text, options.currency)
    line_cents = pc.multiply(pc.cast(quantity, pa.int64()), price)
    log.raise_if_any(f"{source.num_rows} rows of a line-level sales export")  # each problem once
    kind = _kind(invoices)
    customers = pc.replace_substring_regex(
        clean(cols.text(*CUSTOMER) or _nulls(lines)), r"\.0$", ""
    )
    sale = kind == "sale"
    orders = _orders(cols, invoices, dates, customers, currencies, line_cents, sale, log, options)
    items = _items(cols, invoices, quantity, price_text, currencies, sale, log, options)
    refunds, left = _refunds(invoices, dates, customers, currencies, line_cents, kind, cols, log)
    people = _customers(cols, customers, log, options)
    log.raise_if_any(f"{source.num_rows} rows of a line-level sales export")
    warnings += _warnings(kind, invoices, left)
    tables = {"customers": people, "orders": orders, "order_items": items, "refunds": refunds}
    return batch(source, FORMAT, {k: v for k, v in tables.items() if v is not None}, warnings)


def _nulls(lines: pa.Array) -> pa.Array:
    return pa.nulls(len(lines), pa.string())


def _kind(invoices: pa.Array) -> np.ndarray:
    upper = pc.utf8_upper(pc.fill_null(invoices, ""))
    kind = np.full(len(invoices), "sale", dtype=object)
    kind[np.asarray(pc.starts_with(upper, "C").to_numpy(zero_copy_only=False), bool)] = "cancel"
    kind[np.asarray(pc.starts_with(upper, "A").to_numpy(zero_copy_only=False), bool)] = "adjust"
    kind[~present(invoices)] = "none"
    return kind


def _orders(cols, invoices, dates, customers, currencies, line_cents, sale, log, options):
    rows = np.flatnonzero(sale)
    if len(rows) == 0:
        return None
    sales = pa.table(
        {
            "order_id": invoices.take(pa.array(rows)),
            "cents": line_cents.take(pa.array(rows)),
            "row": pa.array(rows, pa.int64()),
        }
    )
    totals = sales.group_by("order_id", use_threads=False).aggregate(
        [("cents", "sum"), ("row", "min")]
    )
    first = totals["row_min"].combine_chunks()
    text = {
        "order_id": totals["order_id"].combine_chunks(),
        "ordered_at": as_text(dates.take(first)),
        "customer_id": customers.take(first),
        "total_cents": as_text(totals["cents_sum"].combine_chunks()),
        "currency": currencies.take(first),
        "source": constant(FORMAT, totals.num_rows),
    }
    country = cols.text("Country")
    if country is not None:
        text["shipping_country"] = clean(country).take(first)
    shown_as = {
        "order_id": cols.find(*INVOICE),
        "ordered_at": cols.find(*DATE),
        "customer_id": cols.find(*CUSTOMER) or "CustomerID",
        "total_cents": "Quantity x " + cols.find(*PRICE),
        "shipping_country": "Country",
    }
    order = np.argsort(first.to_numpy(), kind="stable")
    return canonical_rows(
        take(text, order),
        table("orders"),
        cols.source.lines.take(first).take(pa.array(order)),
        log,
        timezone="UTC",
        currency=options.currency,
        shown_as=shown_as,
        in_cents=frozenset({"total_cents"}),
    )


def _items(cols, invoices, quantity, price_text, currencies, sale, log, options):
    rows = np.flatnonzero(sale)
    if len(rows) == 0:
        return None
    position = pc.cast(pa.array(position_in_group(invoices)), pa.string())
    text = {
        "order_item_id": pc.binary_join_element_wise(invoices, position, ":"),
        "order_id": invoices,
        "sku": cols.text(*STOCK),
        "product_name": cols.text("Description"),
        "quantity": as_text(quantity),
        "unit_price_cents": price_text,
    }
    shown_as = {
        "order_item_id": cols.find(*INVOICE),
        "order_id": cols.find(*INVOICE),
        "sku": cols.find(*STOCK) or "StockCode",
        "product_name": "Description",
        "unit_price_cents": cols.find(*PRICE),
    }
    picked = pa.array(rows, pa.int64())
    return canonical_rows(
        take(text, rows),
        table("order_items"),
        cols.source.lines.take(picked),
        log,
        timezone="UTC",
        currency=options.currency,
        shown_as=shown_as,
        row_currency=pc.utf8_upper(currencies.take(picked)),
    )


def _refunds(invoices, dates, customers, currencies, line_cents, kind, cols, log):
    """Cancellations as refunds of the customer's latest earlier invoice (same stock code first);
    returns the refunds and how many cancellations could not be attached."""
    cancel = np.flatnonzero(kind == "cancel")
    if len(cancel) == 0:
        return None, 0
    stock = clean(cols.text(*STOCK) or _nulls(cols.source.lines))
    targets = _cancelled_invoices(invoices, dates, customers, stock, kind, cancel)
    found = np.array([t is not None for t in targets])
    per = pa.table(
        {
            "refund_id": invoices.take(pa.array(cancel)),
            "order_id": pa.array(targets, pa.string()),
            "cents": pc.abs(line_cents.take(pa.array(cancel))),
            "row": pa.array(cancel, pa.int64()),
        }
    ).filter(pa.array(found))
    if per.num_rows == 0:
        return None, len(np.unique(invoices.take(pa.array(cancel)).to_pylist()))
    g = per.group_by("refund_id", use_threads=False).aggregate(
        [("cents", "sum"), ("row", "min"), ("order_id", "last")]
    )
    first = g["row_min"].combine_chunks()
    ids = g["refund_id"].combine_chunks()
    text = {
        "refund_id": ids,
        "order_id": g["order_id_last"].combine_chunks(),
        "refunded_at": as_text(dates.take(first)),
        "amount_cents": as_text(g["cents_sum"].combine_chunks()),
        "currency": currencies.take(first),
        "reason": pc.binary_join_element_wise("cancellation", ids, " "),
    }
    all_cancelled = set(invoices.take(pa.array(cancel)).to_pylist())
    rows = canonical_rows(
        text,
        table("refunds"),
        cols.source.lines.take(first),
        log,
        timezone="UTC",
        currency="USD",
        shown_as={"refund_id": cols.find(*INVOICE), "amount_cents": "Quantity"},
        in_cents=frozenset({"amount_cents"}),
    )
    return rows, len(all_cancelled) - g.num_rows


def _cancelled_invoices(invoices, dates, customers, stock, kind, cancel) -> list[str | None]:
    """For each cancellation line: the invoice it most likely cancels (None when none)."""
    wanted = pc.is_in(customers, value_set=customers.take(pa.array(cancel)))
    rows = np.flatnonzero(mask(wanted) & ((kind == "sale") | (kind == "cancel")))
    picked = pa.array(rows, pa.int64())
    inv, who = invoices.take(picked).to_pylist(), customers.take(picked).to_pylist()
    code, when = stock.take(picked).to_pylist(), dates.take(picked).cast(pa.int64()).to_pylist()
    sale = kind[rows] == "sale"
    history: dict[str, list[tuple[int, str, str]]] = {}
    for i in np.flatnonzero(sale):
        if who[i] is not None and when[i] is not None:
            history.setdefault(who[i], []).append((when[i], inv[i], code[i]))
    times: dict[str, list[int]] = {}
    for c, bought in history.items():
        bought.sort(key=lambda r: r[0])
        times[c] = [r[0] for r in bought]
    found: dict[int, str] = {}
    for i in np.flatnonzero(kind[rows] == "cancel"):
        c = who[i]
        if c not in history or when[i] is None:
            continue
        earlier = history[c][: bisect_right(times[c], when[i])]
        same = next((r for r in reversed(earlier) if r[2] == code[i]), None)
        pick = same or (earlier[-1] if earlier else None)
        if pick is not None:
            found[int(rows[i])] = pick[1]
    return [found.get(int(j)) for j in cancel]


def _customers(cols, customers, log, options):
    rows = np.flatnonzero(present(customers))
    if len(rows) == 0:
        return None
    rows = rows[first_indices(customers.take(pa.array(rows, pa.int64())))]
    text = {"customer_id": customers, "source": constant(FORMAT, len(customers))}
    country = cols.text("Country")
    if country is not None:
        text["country"] = clean(country)
    return canonical_rows(
        take(text, rows),
        table("customers"),
        cols.source.lines.take(pa.array(rows, pa.int64())),
        log,
        timezone="UTC",
        currency=options.currency,
        shown_as={"customer_id": cols.find(*CUSTOMER) or "CustomerID", "country": "Country"},
    )


def _warnings(kind: np.ndarray, invoices: pa.Array, unattached: int) -> tuple[str, ...]:
    out = []
    adjust = np.flatnonzero(kind == "adjust")
    if len(adjust):
        n = len(set(invoices.take(pa.array(adjust)).to_pylist()))
        out.append(f"{n} adjustment invoices (numbers starting with A) left out: not sales")
    if unattached:
        out.append(
            f"{unattached} cancellations left out: no earlier invoice of the same customer in "
            "the file to refund"
        )
    return tuple(out)


register(FORMAT, "orders", read_line_items)
