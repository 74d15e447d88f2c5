"""The deals and their stage history as arrays: the first entry into each stage per deal is found in
the database (Ibis), the stage order is learned from the histories (the median position of each
stage), closed stages are the stages of closed deals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from regulars.services.workspace import Workspace

DAY = 86_400.0


@dataclass(frozen=True)
class Deals:
    stages: tuple[str, ...]  # open stages, in order
    deal_ids: np.ndarray
    names: np.ndarray
    source: np.ndarray
    owner: np.ndarray
    amount: np.ndarray  # cents
    closed: np.ndarray
    won: np.ndarray
    created: np.ndarray  # epoch seconds
    close_at: np.ndarray  # epoch seconds (expected or actual), NaN when unknown
    depth: np.ndarray  # furthest open stage reached (-1: none)
    entered: np.ndarray  # (deals, stages) epoch seconds of entry, NaN when not reached
    now: float

    def days_in(self) -> np.ndarray:
        """Days spent in each stage until the next stage (or the close), NaN when not left."""
        nxt = np.full_like(self.entered, np.nan)
        for k in range(len(self.stages)):
            later = self.entered[:, k + 1 :]
            first_later = np.where(np.isfinite(later), later, np.inf).min(axis=1, initial=np.inf)
            closing = np.where(self.closed, self.close_at, np.inf)
            nxt[:, k] = np.minimum(first_later, closing)
        spent = (nxt - self.entered) / DAY
        return np.where(np.isfinite(spent), spent, np.nan)

    @property
    def cycle_days(self) -> np.ndarray:
        return (self.close_at - self.created) / DAY


def _seconds(values) -> np.ndarray:
    return np.array([v.timestamp() if v is not None else np.nan for v in values], dtype=float)


def _stage_order(first: dict, closed_stages: set[str]) -> tuple[str, ...]:
    ranks: dict[str, list[int]] = {}
    for entries in first.values():
        ordered = [s for s, _ in sorted(entries.items(), key=lambda kv: kv[1])]
        for r, s in enumerate(x for x in ordered if x not in closed_stages):
            ranks.setdefault(s, []).append(r)
    return tuple(sorted(ranks, key=lambda s: (np.median(ranks[s]), s)))


def load_deals(ws: Workspace) -> Deals:
    d = ws.store.to_arrow(ws.store.table("deals")).to_pydict()
    h = ws.store.table("deal_stage_history")
    firsts = h.group_by(["deal_id", "stage"]).aggregate(at=h.entered_at.min())
    rows = ws.store.to_arrow(firsts).to_pydict()
    first: dict[str, dict[str, float]] = {}
    for deal, stage, at in zip(rows["deal_id"], rows["stage"], rows["at"]):
        first.setdefault(deal, {})[stage] = at.timestamp()
    closed = np.array([bool(x) for x in d["is_closed"]], dtype=bool)
    closed_stages = {s for s, c in zip(d["stage"], closed) if c and s}
    stages = _stage_order(first, closed_stages)
    for deal, stage, c in zip(d["deal_id"], d["stage"], closed):
        if not c and stage and stage not in stages and stage not in first.get(deal, {}):
            first.setdefault(deal, {})[stage] = np.nan  # a current stage with no history row
    entered = np.full((len(d["deal_id"]), len(stages)), np.nan)
    for i, deal in enumerate(d["deal_id"]):
        for k, s in enumerate(stages):
            entered[i, k] = first.get(deal, {}).get(s, np.nan)
    if stages:
        last = len(stages) - 1 - np.argmax(np.isfinite(entered[:, ::-1]), axis=1)
        depth = np.where(np.isfinite(entered).any(axis=1), last, -1)
    else:
        depth = np.full(len(d["deal_id"]), -1)
    created = _seconds(d["created_at"])
    known = np.concatenate([entered.ravel(), created])
    seen = [float(np.max(known[np.isfinite(known)]))] if np.isfinite(known).any() else []
    now = max(seen) if seen else dt.datetime.now(dt.UTC).timestamp()
    return Deals(
        stages, np.array(d["deal_id"], dtype=object), np.array(d["name"], dtype=object),
        np.array([x or "unknown" for x in d["source"]], dtype=object),
        np.array([x or "unknown" for x in d["owner"]], dtype=object),
        np.array([x or 0 for x in d["amount_cents"]], dtype=np.int64), closed,
        np.array([bool(x) for x in d["is_won"]], dtype=bool) & closed, created,
        _seconds(d["closed_at"]),
        depth, entered, now,
    )  # fmt: skip
