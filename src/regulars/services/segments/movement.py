"""How customers moved between RFM segments from one date to another, with the customers behind each
cell."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

import ibis

from regulars.analytics.segments.rfm_grid import SEGMENT_NAMES
from regulars.errors import InputError
from regulars.services.cache import cached
from regulars.services.segments.rfm import customer_rfm, last_order_time
from regulars.services.workspace import Workspace

#: The "from" segment of customers who had not bought yet at the start date.
NOT_YET = "Not yet a customer"
#: How far back "since last quarter" looks by default.
DEFAULT_DAYS = 91


@dataclass(frozen=True)
class MovementCell:
    from_segment: str
    to_segment: str
    customers: int


@dataclass(frozen=True)
class MovementMatrix:
    start: datetime
    end: datetime
    from_segments: tuple[str, ...]
    to_segments: tuple[str, ...]
    cells: tuple[MovementCell, ...]

    def count(self, from_segment: str, to_segment: str) -> int:
        return next(
            (
                c.customers
                for c in self.cells
                if (c.from_segment, c.to_segment) == (from_segment, to_segment)
            ),
            0,
        )

    def rows(self) -> list[dict]:
        """One row per from-segment: its counts per to-segment (the matrix as a table)."""
        return [
            {
                "from": f,
                "counts": [self.count(f, t) for t in self.to_segments],
                "total": sum(self.count(f, t) for t in self.to_segments),
            }
            for f in self.from_segments
        ]

    def to_dict(self) -> dict:
        return {**asdict(self), "rows": self.rows()}


def movement_window(
    ws: Workspace, start: datetime | None, end: datetime | None
) -> tuple[datetime, datetime]:
    """Default end: the last order; default start: 91 days (a quarter) before the end."""
    end = end or last_order_time(ws)
    if end is None:
        raise InputError("no orders yet: import orders first")
    start = start or end - timedelta(days=DEFAULT_DAYS)
    if start >= end:
        raise InputError(f"the start {start:%Y-%m-%d} must be before the end {end:%Y-%m-%d}")
    return start, end


def _moves(ws: Workspace, start: datetime, end: datetime) -> ibis.Table:
    before = customer_rfm(ws, start).select("customer_id", from_segment="segment")
    after = customer_rfm(ws, end).select("customer_id", to_segment="segment")
    j = after.left_join(before, "customer_id")
    return j.select(
        j.customer_id, from_segment=j.from_segment.fill_null(NOT_YET), to_segment=j.to_segment
    )


@cached
def movement_matrix(
    ws: Workspace, start: datetime | None = None, end: datetime | None = None
) -> MovementMatrix:
    """Counts of customers per (segment at ``start``, segment at ``end``); both computed as of their
    date."""
    start, end = movement_window(ws, start, end)
    m = _moves(ws, start, end)
    rows = ws.store.to_arrow(
        m.group_by("from_segment", "to_segment").aggregate(customers=m.count())
    ).to_pylist()
    cells = tuple(
        MovementCell(r["from_segment"], r["to_segment"], int(r["customers"]))
        for r in sorted(rows, key=lambda r: (_order(r["from_segment"]), _order(r["to_segment"])))
    )
    return MovementMatrix(start, end, (*SEGMENT_NAMES, NOT_YET), SEGMENT_NAMES, cells)


def movement_customers(
    ws: Workspace,
    from_segment: str,
    to_segment: str,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[str]:
    """The customer ids behind one cell of the movement matrix, sorted."""
    for name in (from_segment, to_segment):
        if name not in (*SEGMENT_NAMES, NOT_YET):
            raise InputError(f"unknown segment {name!r}; segments: {', '.join(SEGMENT_NAMES)}")
    start, end = movement_window(ws, start, end)
    m = _moves(ws, start, end)
    cell = m.filter((m.from_segment == from_segment) & (m.to_segment == to_segment)).select(
        "customer_id"
    )
    return sorted(ws.store.to_arrow(cell)["customer_id"].to_pylist())


def _order(name: str) -> int:
    return SEGMENT_NAMES.index(name) if name in SEGMENT_NAMES else len(SEGMENT_NAMES)
