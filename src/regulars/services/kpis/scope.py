"""What the measures of one KPI computation share: the store, the period, and ONE clock for every
table they read (the shop's UTC offsets over all their timestamps, found with one query; none for a
fixed zone), and each source's expression built once."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import ibis

from regulars.services.kpis.clock import DAY, Clock, fixed_zone, offset_at, offsets_between
from regulars.services.workspace import Workspace
from regulars.store import Store

#: The timestamp columns each source turns into periods (the clock must cover their range).
TIMES: dict[str, tuple[tuple[str, str], ...]] = {
    "sales": (("orders", "ordered_at"), ("campaigns", "started_at")), "margin": (("orders", "ordered_at"),),
    "site": (("events", "occurred_at"),), "email": (("campaigns", "started_at"),),
    "campaigns": (("campaigns", "started_at"),), "leads": (("leads", "created_at"),),
    "deals": (("deals", "closed_at"),), "pipeline": (("deals", "created_at"), ("deals", "closed_at")),
    "feedback": (("feedback", "created_at"),),
}


@dataclass
class Scope:
    """The store, the period and the clock; a source used twice (campaigns' spend in sales, deals in
    the pipeline) is one expression, so the SQL computes it once."""

    store: Store
    period: str
    clock: Clock
    built: dict[str, ibis.Table] = field(default_factory=dict)

    def table(self, name: str) -> ibis.Table:
        return self.store.table(name)

    def source(self, name: str) -> ibis.Table:
        """The measures table of one source (``measures.<name>``)."""
        if name not in self.built:
            from regulars.services.kpis import measures

            self.built[name] = getattr(measures, name)(self)
        return self.built[name]

    def with_period(self, t: ibis.Table, column: str, name: str = "p") -> ibis.Table:
        """``t`` with the period of its timestamp ``column`` as ``name`` (select the columns needed first)."""
        return self.clock.with_period(t, column, self.period, name)


def scope(store: Store, period: str, sources: list[str] | tuple[str, ...]) -> Scope:
    """The scope for some sources, its clock covering every timestamp they read."""
    return Scope(store, period, clock_for(store, sources))


def clock_for(store: Store, sources: list[str] | tuple[str, ...]) -> Clock:
    """The shop's clock over the time range of every timestamp some sources read: one query."""
    if fixed_zone(store.timezone):
        return Clock(store.dialect, ((0, offset_at(ZoneInfo(store.timezone), 0)),))
    columns: dict[str, list[str]] = {}
    for table, column in dict.fromkeys(pair for source in sources for pair in TIMES[source]):
        columns.setdefault(table, []).append(column)
    parts = [_range(store.table(name), cols, name) for name, cols in columns.items()]
    row = parts[0]
    for part in parts[1:]:
        row = row.cross_join(part)
    return _clock(store, store.to_arrow(row).to_pylist()[0])


def shop_clock(ws: Workspace, t: ibis.Table, *columns: str) -> Clock:
    """The clock for one table's timestamps: the shop's UTC offsets over the columns' time range."""
    if fixed_zone(ws.store.timezone):
        return clock_for(ws.store, ())
    return _clock(ws.store, ws.store.to_arrow(_range(t, columns, "t")).to_pylist()[0])


def _range(t: ibis.Table, columns, name: str) -> ibis.Table:
    return t.aggregate(**{f"{m}_{name}_{c}": getattr(t[c], m)() for c in columns for m in ("min", "max")})


def _clock(store: Store, row: dict) -> Clock:
    seen = [int(v.timestamp()) for v in row.values() if v is not None]
    if not seen:
        return Clock(store.dialect)
    first, last = min(seen) // DAY * DAY - DAY, max(seen) // DAY * DAY + 2 * DAY
    return Clock(store.dialect, offsets_between(store.timezone, first, last))
