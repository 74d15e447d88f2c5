"""The KPI registry: every KPI declared once, with its definition, unit, direction and computation.

The built-in KPIs are ``KPIS``; a capability adds its own with their measures (``KpiSource``,
``Capability.kpi_sources`` in ``services.capabilities``): ``all_kpis()`` is both, in order.

A KPI's ``value`` is an Ibis expression over the per-period measures of its ``source`` (see
``measures``), so the whole computation runs in the database, the same on DuckDB and PostgreSQL.
Rates are fractions (0.25 = 25%); money is cents.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from regulars.errors import InputError
from regulars.services.kpis.channel_kpis import CHANNEL_KPIS

# Kpi and UNITS are declared in definition; the registry is where callers find them.
from regulars.services.kpis.definition import UNITS, Kpi  # noqa: F401
from regulars.services.kpis.order_kpis import ORDER_KPIS

KPIS: tuple[Kpi, ...] = ORDER_KPIS + CHANNEL_KPIS


KPIS_BY_KEY: dict[str, Kpi] = {k.key: k for k in KPIS}
_ALIASES: dict[str, str] = {a: k.key for k in KPIS for a in k.aliases}


@dataclass(frozen=True)
class KpiSource:
    """Per-period measures a capability adds (as ``measures.<source>`` are built in), its KPIs."""

    name: str
    measures: Callable  # (Scope) -> Ibis table of ``p`` and the measures its KPIs divide
    times: tuple[tuple[str, str], ...]  # (table, timestamp column) it turns into periods
    kpis: tuple[Kpi, ...]  # each with ``source`` = ``name``


@dataclass(frozen=True)
class _Registry:
    kpis: tuple[Kpi, ...]
    by_key: dict[str, Kpi]
    aliases: dict[str, str]
    sources: dict[str, KpiSource]


def _registry() -> _Registry:
    from regulars.services.capabilities import all_capabilities

    return _combined(all_capabilities())


@functools.lru_cache(maxsize=4)
def _combined(capabilities: tuple) -> _Registry:
    sources = {s.name: s for c in capabilities if c.kpi_sources for s in c.kpi_sources()}
    kpis = KPIS + tuple(k for s in sources.values() for k in s.kpis)
    aliases = {a: k.key for k in kpis for a in k.aliases}
    return _Registry(kpis, {k.key: k for k in kpis}, aliases, sources)


def all_kpis() -> tuple[Kpi, ...]:
    """The built-in KPIs, then each capability's, in order."""
    return _registry().kpis


def source_measures(name: str) -> Callable:
    """The measures function of a source: built in (``measures.<name>``) or a capability's."""
    added = _registry().sources.get(name)
    if added is not None:
        return added.measures
    from regulars.services.kpis import measures

    return getattr(measures, name)


def source_times(name: str) -> tuple[tuple[str, str], ...]:
    """The (table, timestamp column) pairs a source turns into periods."""
    added = _registry().sources.get(name)
    if added is not None:
        return added.times
    from regulars.services.kpis.scope import TIMES

    return TIMES[name]


def kpi(key: str) -> Kpi:
    """A KPI by key or alias; InputError names the known keys."""
    r = _registry()
    found = r.by_key.get(key) or r.by_key.get(r.aliases.get(key, ""))
    if found is None:
        raise InputError(f"unknown KPI {key!r}; KPIs: {', '.join(r.by_key)}")
    return found


def canonical_key(key: str) -> str | None:
    """The registry key for a key or alias, None when unknown."""
    r = _registry()
    return key if key in r.by_key else r.aliases.get(key)
