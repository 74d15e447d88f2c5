"""Refund rows from exports that give a refunded total per order (Shopify ``Refunded Amount``,
WooCommerce ``refund_total``, a cancellation line in a line-level file).

One refunds row per order with a refunded amount above 0: refund_id = ``<order id>/refund`` (so a
later export with a larger refunded total updates the same row, and re-importing changes nothing);
refunded_at = the first of the given date columns that has a value (the exports have no refund
date, so the caller names the nearest: cancelled at, paid at, the order's time).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.importers.batch import canonical_rows, to_minor_units
from regulars.importers.formats._common import as_text, mask, present, take, typed
from regulars.importers.problems import ProblemLog
from regulars.schema import table


def refunds_from_totals(
    orders: pa.Table,
    amounts: pa.Array,
    dates: list[pa.Array],
    log: ProblemLog,
    shown_as: dict[str, str],
) -> pa.Table | None:
    """Refunds of ``orders`` (canonical rows: order_id, currency, _source_line) from one text
    amount per order in major units and candidate dates (text or timestamps) per order."""
    lines = orders["_source_line"].combine_chunks()
    currencies = orders["currency"].combine_chunks()
    column = shown_as.get("amount_cents", "amount")
    hundredths = typed(amounts, "cents", lines, log, column, "not an amount of money")
    cents = to_minor_units(hundredths, currencies, amounts)
    order_ids = orders["order_id"].combine_chunks()
    rows = np.flatnonzero(present(order_ids) & mask(pc.greater(cents, 0)))
    if len(rows) == 0:
        return None
    when = pc.coalesce(*[as_text(d) for d in dates])
    text = {
        "refund_id": pc.binary_join_element_wise(order_ids, "refund", "/"),
        "order_id": order_ids,
        "refunded_at": when,
        "amount_cents": as_text(cents),
        "currency": currencies,
    }
    return canonical_rows(
        take(text, rows),
        table("refunds"),
        lines.take(pa.array(rows, pa.int64())),
        log,
        timezone="UTC",
        currency="USD",
        shown_as=shown_as,
        in_cents=frozenset({"amount_cents"}),
    )
