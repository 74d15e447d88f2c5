"""What the measures of one KPI computation share: the store, the period, and ONE clock for every
table they read (the shop's calendar, ``services.calendar``, over all their timestamps, found with
one query), and each source's expression built once."""

from __future__ import annotations

from dataclasses import dataclass, field

import ibis

from regulars.services.calendar import Clock, clock_over
from regulars.store import Store

#: The timestamp columns each source turns into periods (the clock must cover their range).
TIMES: dict[str, tuple[tuple[str, str], ...]] = {
    "sales": (("orders", "ordered_at"), ("campaigns", "started_at")),
    "margin": (("orders", "ordered_at"),),
    "site": (("events", "occurred_at"),),
    "email": (("campaigns", "started_at"),),
    "campaigns": (("campaigns", "started_at"),),
    "leads": (("leads", "created_at"),),
    "deals": (("deals", "closed_at"),),
    "pipeline": (("deals", "created_at"), ("deals", "closed_at")),
    "feedback": (("feedback", "created_at"),),
}


@dataclass
class Scope:
    """The store, the period and the clock; a source used twice (campaigns' spend in sales, deals in
    the pipeline) is one expression, so the SQL computes it once."""

    store: Store
    period: str
    clock: Clock
    #: The workspace currency and the owner's rates (``currencies.money_rule``): sums of money
    #: go through ``sales.sales_at``, so different currencies are never added together.
    money: tuple
    built: dict[str, ibis.Table] = field(default_factory=dict)

    def table(self, name: str) -> ibis.Table:
        return self.store.table(name)

    def source(self, name: str) -> ibis.Table:
        """The measures table of one source (``measures.<name>``, or a capability's)."""
        if name not in self.built:
            from regulars.services.kpis.registry import source_measures

            self.built[name] = source_measures(name)(self)
        return self.built[name]

    def with_period(self, t: ibis.Table, column: str, name: str = "p") -> ibis.Table:
        """``t`` with the period of its timestamp ``column`` as ``name`` (select the columns needed
        first)."""
        return self.clock.with_period(t, column, self.period, name)


def scope(store: Store, period: str, sources: list[str] | tuple[str, ...], money: tuple) -> Scope:
    """The scope for some sources, its clock covering every timestamp they read."""
    return Scope(store, period, clock_for(store, sources), money)


def clock_for(store: Store, sources: list[str] | tuple[str, ...]) -> Clock:
    """The shop's clock over the time range of every timestamp some sources read: one query."""
    from regulars.services.kpis.registry import source_times

    columns: dict[str, list[str]] = {}
    for table, column in dict.fromkeys(pair for source in sources for pair in source_times(source)):
        columns.setdefault(table, []).append(column)
    return clock_over(store, columns)
