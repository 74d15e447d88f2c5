"""HubSpot CRM deals export (``hubspot-deals``) -> deals and deal_stage_history.

- deal_id = ``Record ID`` (always the first column of a HubSpot export; found by name here).
- name = ``Deal Name``; stage = ``Deal Stage`` as written (an internal value such as
  ``qualifiedtobuy`` or a label such as "Closed Won"); ``Pipeline``; owner = ``Deal owner``;
  amount_cents = ``Amount``; currency = ``Currency`` when the file has it, else the workspace's;
  created_at = ``Create Date``; closed_at = ``Close Date`` (expected or actual, as HubSpot means
  it); dates without an offset are read in the workspace timezone. source = hubspot.
- is_closed / is_won: "closedwon" / "Closed Won" (any case, spaces or not) -> closed and won;
  "closedlost" / "Closed Lost" -> closed, not won; any other stage -> open (false, false). Custom
  pipelines whose closing stages are named otherwise are read as open: rename or map them first.
- company_ids = ``Associated Company IDs`` kept as written, ';'-separated, spaces removed.
- customer_id = the first of ``Associated Contact IDs`` when there is one, else empty. HubSpot
  contact ids are not Shopify or Stripe ids, so such a customer is created known only by its id
  (the import says so) until a contacts file describes it; the other contacts are not kept.
- ``Date entered current stage`` -> one deal_stage_history row (deal, stage, entered_at) per deal
  that has it; its id is derived from deal, stage and time, so re-imports do not repeat it.
- ``Last Activity Date`` and other columns are not imported.
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
    present,
    take,
)
from regulars.importers.options import ImportOptions
from regulars.importers.problems import ProblemLog
from regulars.importers.source import SourceFile
from regulars.schema import table

DEAL_FIELDS = {
    "deal_id": ("Record ID",),
    "name": ("Deal Name",),
    "stage": ("Deal Stage",),
    "pipeline": ("Pipeline",),
    "owner": ("Deal owner",),
    "amount_cents": ("Amount",),
    "currency": ("Currency",),
    "created_at": ("Create Date",),
    "closed_at": ("Close Date",),
}

WON = r"^closed\s*won$"
LOST = r"^closed\s*lost$"


def read_deals(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("hubspot-deals", ("Record ID",), ("Deal Name",), ("Create Date",))
    log = ProblemLog(source.name)
    deals = _deals(cols, log, options)
    history = _stage_history(cols, deals, log, options)
    log.raise_if_any(f"{source.num_rows} rows of a HubSpot deals export")
    tables = (
        {"deals": deals} if history is None else {"deals": deals, "deal_stage_history": history}
    )
    return batch(source, "hubspot-deals", tables)


def _deals(cols: Columns, log: ProblemLog, options: ImportOptions) -> pa.Table:
    text, shown_as = fields(cols, DEAL_FIELDS)
    stage = cols.text("Deal Stage")
    if stage is not None:
        normalized = pc.utf8_lower(clean(stage))
        won = pc.match_substring_regex(normalized, WON)
        lost = pc.match_substring_regex(normalized, LOST)
        text["is_won"] = as_text(won)
        text["is_closed"] = as_text(pc.or_(won, lost))
    companies = cols.text("Associated Company IDs")
    if companies is not None:
        text["company_ids"] = clean(pc.replace_substring_regex(companies, r"\s+", ""))
        shown_as["company_ids"] = cols.find("Associated Company IDs")
    contacts = cols.text("Associated Contact IDs")
    if contacts is not None:
        text["customer_id"] = clean(
            pc.struct_field(pc.extract_regex(clean(contacts), r"^(?P<id>[^;]*)"), "id")
        )
        shown_as["customer_id"] = cols.find("Associated Contact IDs")
    text["source"] = constant("hubspot", cols.source.num_rows)
    return canonical_rows(
        text,
        table("deals"),
        cols.source.lines,
        log,
        timezone=options.timezone,
        currency=options.currency,
        shown_as=shown_as,
    )


def _stage_history(
    cols: Columns, deals: pa.Table, log: ProblemLog, options: ImportOptions
) -> pa.Table | None:
    entered_name = cols.find("Date entered current stage")
    if entered_name is None:
        return None
    entered = clean(cols.text(entered_name))
    rows = np.flatnonzero(present(entered) & present(deals["deal_id"].combine_chunks()))
    stage = cols.text("Deal Stage")
    text = {
        "deal_id": deals["deal_id"].combine_chunks(),
        "entered_at": entered,
        "stage": clean(stage) if stage is not None else pa.nulls(cols.source.num_rows, pa.string()),
    }
    shown_as = {
        "deal_id": cols.find("Record ID"),
        "entered_at": entered_name,
        "stage": cols.find("Deal Stage") or "Deal Stage",
    }
    return canonical_rows(
        take(text, rows),
        table("deal_stage_history"),
        cols.source.lines.take(pa.array(rows, pa.int64())),
        log,
        timezone=options.timezone,
        currency=options.currency,
        shown_as=shown_as,
    )


register("hubspot-deals", "deals", read_deals)
