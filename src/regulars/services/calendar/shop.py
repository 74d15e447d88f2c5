"""The shop's clock over some timestamps: the UTC offsets of the shop's timezone in force over their
time range (one query; none for a fixed zone)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import ibis

from regulars.services.calendar.clock import DAY, Clock, fixed_zone, offset_at, offsets_between
from regulars.services.workspace import Workspace
from regulars.store import Store


def clock_over(store: Store, columns: dict[str, list[str]]) -> Clock:
    """The shop's clock over the time range of some tables' timestamp columns
    (``{table: [column, ...]}``)."""
    if fixed_zone(store.timezone):
        return Clock(store.dialect, ((0, offset_at(ZoneInfo(store.timezone), 0)),))
    if not columns:
        return Clock(store.dialect)
    parts = [_range(store.table(name), cols, name) for name, cols in columns.items()]
    row = parts[0]
    for part in parts[1:]:
        row = row.cross_join(part)
    return _clock(store, store.to_arrow(row).to_pylist()[0])


def shop_clock(ws: Workspace, t: ibis.Table, *columns: str) -> Clock:
    """The clock for one table's timestamps: the shop's UTC offsets over the columns' time range."""
    if fixed_zone(ws.store.timezone):
        return clock_over(ws.store, {})
    return _clock(ws.store, ws.store.to_arrow(_range(t, columns, "t")).to_pylist()[0])


def _range(t: ibis.Table, columns, name: str) -> ibis.Table:
    return t.aggregate(
        **{f"{m}_{name}_{c}": getattr(t[c], m)() for c in columns for m in ("min", "max")}
    )


def _clock(store: Store, row: dict) -> Clock:
    seen = [int(v.timestamp()) for v in row.values() if v is not None]
    if not seen:
        return Clock(store.dialect)
    first, last = min(seen) // DAY * DAY - DAY, max(seen) // DAY * DAY + 2 * DAY
    return Clock(store.dialect, offsets_between(store.timezone, first, last))
