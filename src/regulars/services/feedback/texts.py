"""The feedback texts of the shop, read once per data version: ids, kind, channel, customer,
order, day, answers and the words (masked for personal data before anything sees them)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.analytics.feedback.privacy import mask_pii
from regulars.services.workspace import Workspace

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


def read_corpus(ws: Workspace) -> Corpus:
    """Every feedback row with words, oldest first."""
    f = ws.store.table("feedback")
    f = f.filter(f.text.notnull() & (f.text != "")).select(*COLUMNS).order_by("created_at")
    t = ws.store.to_arrow(f)
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
