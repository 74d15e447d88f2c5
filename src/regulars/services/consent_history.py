"""Consent dated by its source, never by a file's arrival. A Shopify customers export carries no
date for its consent answers, so the importer dates them by the file's modification time, and an
upload is always "now": re-uploading an older export would re-date its answers and reverse a later
withdrawal. So for the formats dated by arrival (``ARRIVAL_DATED``), an answer already on record
(the same consent id: the same customer, purpose, source and answer) keeps the date it was first
recorded; only an answer never seen before takes the file's date. The import says how many."""

from __future__ import annotations

import ibis
import pyarrow as pa

from regulars.services.workspace import Workspace

#: Import formats whose consent answers are dated by the file's arrival, not by the data.
ARRIVAL_DATED = frozenset({"shopify-customers"})


def keep_first_dates(
    ws: Workspace, file_format: str, tables: dict[str, pa.Table]
) -> tuple[dict[str, pa.Table], tuple[str, ...]]:
    """The file's tables with known answers' first dates, and what to say about it."""
    consents = tables.get("consents")
    if file_format not in ARRIVAL_DATED or consents is None or not consents.num_rows:
        return tables, ()
    if "recorded_at" not in consents.column_names:
        return tables, ()
    known = _recorded(ws, consents["consent_id"])
    if not known:
        return tables, ()
    ids, dates = consents["consent_id"].to_pylist(), consents["recorded_at"].to_pylist()
    first = [known.get(i, d) for i, d in zip(ids, dates)]
    changed = sum(1 for a, b in zip(first, dates) if a != b)
    at = consents.column_names.index("recorded_at")
    column = pa.array(first, consents["recorded_at"].type)
    tables = {**tables, "consents": consents.set_column(at, "recorded_at", column)}
    said = (
        f"{len(known):,} consent answers already on record keep the date first recorded "
        f"({changed:,} would have been re-dated): this format dates consent by the file's "
        "arrival, so an older file never overrides a newer answer"
    )
    return tables, (said,)


def _recorded(ws: Workspace, consent_ids: pa.ChunkedArray) -> dict:
    wanted = ibis.memtable(pa.table({"consent_id": consent_ids.combine_chunks()}))
    c = ws.store.table("consents")
    found = c.semi_join(wanted, "consent_id").select("consent_id", "recorded_at")
    rows = ws.store.to_arrow(found)
    return dict(zip(rows["consent_id"].to_pylist(), rows["recorded_at"].to_pylist()))
