"""The one query behind ``kpi_history``: every chosen KPI per period, all sources joined on the
period.

Compiling that Ibis expression costs more than running the small sources, so it goes through
``Store.lookup``: built and compiled once per database, period, set of KPIs and clock (the shop's
UTC
offsets over the data's time range, worked out on every call), then run as it is. Only the plan is
reused: the database computes every number again on each call.
"""

from __future__ import annotations

import ibis
import pyarrow as pa

from regulars.services.calendar.clock import Clock
from regulars.services.kpis.registry import Kpi, kpi
from regulars.services.kpis.scope import Scope, clock_for
from regulars.store import Store


def kpi_table(store: Store, period: str, by_source: dict[str, list[Kpi]], money: tuple) -> pa.Table:
    """``p``, each KPI, its sample (``n__<key>``) and per source whether it has the period
    (``in__<source>``); ``money`` is ``currencies.money_rule(ws)``."""
    clock = clock_for(store, list(by_source))
    plan = tuple((source, tuple(k.key for k in kpis)) for source, kpis in by_source.items())
    return store.lookup(
        kpi_expression, period=period, plan=plan, offsets=clock.offsets, money=money
    )


def kpi_expression(
    store: Store, *, period: str, plan: tuple, offsets: tuple, money: tuple
) -> ibis.Table:
    """The expression for ``kpi_table`` (a function of its arguments only, as ``Store.lookup``
    asks)."""
    s = Scope(store, period, Clock(store.dialect, offsets), money)
    parts = [source_expression(s, source, [kpi(key) for key in keys]) for source, keys in plan]
    if len(parts) == 1:
        return parts[0]
    joined, seen = parts[0], [parts[0].p]
    for part in parts[1:]:  # full outer joins: a source may have periods the others lack
        joined = joined.outer_join(
            part, (seen[0] if len(seen) == 1 else ibis.coalesce(*seen)) == part.p
        )
        seen.append(part.p)
    columns = {c: part[c] for part in parts for c in part.columns if c != "p"}
    return joined.select(p=ibis.coalesce(*seen), **columns)


def source_expression(s: Scope, source: str, kpis: list[Kpi]) -> ibis.Table:
    """One source's KPIs: ``p``, the value of each KPI, the sample behind it (``n__<key>``) and
    whether the
    source has the period at all (``in__<source>``: null where only other sources have it)."""
    t = s.source(source)
    samples = [k.sample(t).name(f"n__{k.key}") for k in kpis if k.sample is not None]
    return t.select(
        "p",
        *[k.value(t).name(k.key) for k in kpis],
        *samples,
        ibis.literal(True).name(f"in__{source}"),
    )
