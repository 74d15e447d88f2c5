"""Mailchimp's aggregate "all campaigns" report CSV (``mailchimp-campaigns``) -> campaigns.

- campaign_id = ``Unique Id`` when present, else derived from name and send time (the table's
  derivation), so a re-export of the same campaigns updates them rather than adding new ones.
- name = ``Title``; ``Subject``; audience = ``List``; started_at = ``Send Date``
  (``Jun 09, 2018 09:30 pm``, read in the workspace timezone: Mailchimp writes the account's
  local time without an offset); channel = email.
- recipients = ``Total Recipients``, delivered = ``Successful Deliveries``, opens = ``Unique
  Opens``, clicks = ``Unique Clicks``, ``Unsubscribes``, bounces = ``Total Bounces``,
  conversions = ``Total Orders``, revenue_cents = ``Total Revenue``, spend_cents = ``Campaign
  Cost`` when the file has it. Amounts are in the workspace currency (the report names none).
- Rates (``Open Rate``, ``Click Rate``, ...) are derived data and are not stored. ``Open Rate`` is
  cross-checked against Unique Opens / Successful Deliveries: more than 1 percentage point apart
  gives a warning naming the lines (the counts are kept), not an error.
- Everything else (forwards, Facebook likes, Google Analytics columns, ...) is not imported.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.importers import register
from regulars.importers.batch import ImportBatch, canonical_rows
from regulars.importers.coercion import coerce
from regulars.importers.formats._common import Columns, batch, constant, fields, mask
from regulars.importers.options import ImportOptions
from regulars.importers.problems import ProblemLog
from regulars.importers.source import SourceFile
from regulars.schema import Column, table

#: How far (percentage points) a file's Open Rate may be from opens / deliveries before a warning.
RATE_TOLERANCE = 1.0

CAMPAIGN_FIELDS = {
    "campaign_id": ("Unique Id",),
    "name": ("Title",),
    "subject": ("Subject",),
    "audience": ("List",),
    "started_at": ("Send Date",),
    "recipients": ("Total Recipients",),
    "delivered": ("Successful Deliveries",),
    "opens": ("Unique Opens",),
    "clicks": ("Unique Clicks",),
    "unsubscribes": ("Unsubscribes",),
    "bounces": ("Total Bounces",),
    "conversions": ("Total Orders",),
    "revenue_cents": ("Total Revenue",),
    "spend_cents": ("Campaign Cost",),
}


def read_campaigns(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("mailchimp-campaigns", ("Title",), ("Send Date",))
    log = ProblemLog(source.name)
    text, shown_as = fields(cols, CAMPAIGN_FIELDS)
    text["channel"] = constant("email", source.num_rows)
    rows = canonical_rows(
        text,
        table("campaigns"),
        source.lines,
        log,
        timezone=options.timezone,
        currency=options.currency,
        shown_as=shown_as,
    )
    log.raise_if_any(f"{source.num_rows} rows of a Mailchimp campaigns report")
    return batch(source, "mailchimp-campaigns", {"campaigns": rows}, _open_rate_warning(cols, rows))


def _open_rate_warning(cols: Columns, rows: pa.Table) -> tuple[str, ...]:
    rate_text = cols.text("Open Rate")
    if (
        rate_text is None
        or "opens" not in rows.column_names
        or "delivered" not in rows.column_names
    ):
        return ()
    rates, _ = coerce(rate_text, Column("open_rate", "float", ""), "UTC")
    opens = rows["opens"].combine_chunks().to_numpy(zero_copy_only=False).astype(float)
    delivered = rows["delivered"].combine_chunks().to_numpy(zero_copy_only=False).astype(float)
    given = rates.to_numpy(zero_copy_only=False).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        computed = np.where(delivered > 0, opens / delivered * 100.0, np.nan)
    off = np.abs(given - computed) > RATE_TOLERANCE
    off &= mask(pc.is_valid(rates))
    if not off.any():
        return ()
    lines = ", ".join(
        str(v) for v in rows["_source_line"].combine_chunks().filter(pa.array(off)).to_pylist()
    )
    name = cols.find("Open Rate")
    warning = (
        f"{name} disagrees with Unique Opens / Successful Deliveries by more than "
        f"{RATE_TOLERANCE:g} "
        f"percentage point on line(s) {lines}; the counts were imported, the rate was not"
    )
    return (warning,)


register("mailchimp-campaigns", "campaigns", read_campaigns)
