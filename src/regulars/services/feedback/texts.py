"""The feedback texts of the shop, read once per data version: ids, kind, channel, customer,
order, day, answers and the words (masked for personal data before anything sees them). Besides
the ``feedback`` rows (reviews, tickets, surveys, notes), each capability's ``feedback_texts``
join them: the customers' own chat messages (kind ``chat``) from the customer assistant."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.analytics.feedback.privacy import mask_pii
from regulars.services.workspace import Workspace

_UTC = pa.timestamp("us", tz="UTC")
COLUMNS = (
    "feedback_id",
    "kind",
    "channel",
    "customer_id",
    "order_id",
    "created_at",
    "rating",
    "nps",
    "csat",
    "text",
    "author_name",
)


@dataclass(frozen=True)
class Corpus:
    ids: np.ndarray
    kind: np.ndarray
    channel: np.ndarray
    customer: np.ndarray
    order: np.ndarray
    day: np.ndarray  # datetime64[D]
    rating: np.ndarray  # float, nan where none
    nps: np.ndarray
    csat: np.ndarray
    text: list[str]  # masked; "" where none

    def __len__(self) -> int:
        return len(self.ids)


def _floats(table, name: str) -> np.ndarray:
    return np.asarray(table.column(name).cast("double").to_numpy(zero_copy_only=False), float)


def _objects(table, name: str) -> np.ndarray:
    return np.asarray(table.column(name).to_pylist(), dtype=object)


def _other_texts(ws: Workspace, schema: pa.Schema) -> pa.Table | None:
    from regulars.services.capabilities import all_capabilities

    rows = [r for c in all_capabilities() if c.feedback_texts for r in c.feedback_texts(ws)]
    if not rows:
        return None
    return pa.Table.from_pylist([{k: r.get(k) for k in COLUMNS} for r in rows], schema=schema)


def read_corpus(ws: Workspace) -> Corpus:
    """Every feedback row with words and every capability's texts, oldest first."""
    f = ws.store.table("feedback")
    f = f.filter(f.text.notnull() & (f.text != "")).select(*COLUMNS).order_by("created_at")
    t = ws.store.to_arrow(f)
    t = t.cast(t.schema.set(COLUMNS.index("created_at"), pa.field("created_at", _UTC)))
    other = _other_texts(ws, t.schema)
    if other is not None:
        t = pa.concat_tables([t, other])
        t = t.take(pc.sort_indices(t, [("created_at", "ascending"), ("feedback_id", "ascending")]))
    authors = t.column("author_name").to_pylist()
    texts = [
        mask_pii(x, (a,) if a else ()) or "" for x, a in zip(t.column("text").to_pylist(), authors)
    ]
    created = t.column("created_at").cast("timestamp[us]").to_numpy(zero_copy_only=False)
    return Corpus(
        _objects(t, "feedback_id"),
        _objects(t, "kind"),
        _objects(t, "channel"),
        _objects(t, "customer_id"),
        _objects(t, "order_id"),
        np.asarray(created, "datetime64[us]").astype("datetime64[D]"),
        _floats(t, "rating"),
        _floats(t, "nps"),
        _floats(t, "csat"),
        texts,
    )
