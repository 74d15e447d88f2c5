"""KPI series: every KPI per period, computed in the database in one query over all measures
sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from regulars.errors import NotFoundError
from regulars.services.calendar.periods import check_period, period_label, period_start
from regulars.services.currencies import money_rule
from regulars.services.kpis.query import kpi_table
from regulars.services.kpis.registry import Kpi, all_kpis, canonical_key
from regulars.services.workspace import Workspace


@dataclass(frozen=True)
class KpiPoint:
    number: int
    start: dt.date
    label: str
    value: float | None
    sample: int | None = None  # answers, orders, deals ... behind the value

    def to_dict(self) -> dict:
        return {
            "period_start": self.start.isoformat(),
            "label": self.label,
            "value": self.value,
            "sample": self.sample,
        }


@dataclass(frozen=True)
class KpiSeries:
    kpi: Kpi
    points: tuple[KpiPoint, ...]

    @property
    def has_data(self) -> bool:
        return any(p.value is not None for p in self.points)

    def value_at(self, number: int) -> float | None:
        return next((p.value for p in self.points if p.number == number), None)

    def sample_at(self, number: int | None) -> int | None:
        """How many answers, orders, deals ... the value of period ``number`` rests on."""
        return next((p.sample for p in self.points if p.number == number), None)

    def to_dict(self) -> dict:
        return {
            "key": self.kpi.key,
            "label": self.kpi.label,
            "unit": self.kpi.unit,
            "missing_data": None if self.has_data else self.kpi.needs,
            "points": [p.to_dict() for p in self.points],
        }


@dataclass(frozen=True)
class KpiHistory:
    period: str
    series: tuple[KpiSeries, ...]

    def get(self, key: str) -> KpiSeries:
        return next(s for s in self.series if s.kpi.key == key)

    def last_number(self) -> int | None:
        numbers = [p.number for s in self.series for p in s.points if p.value is not None]
        return max(numbers) if numbers else None

    def to_dict(self) -> dict:
        return {"period": self.period, "kpis": [s.to_dict() for s in self.series]}


def _clean(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if value == value and abs(value) != float("inf") else None  # NaN / inf: no value


def kpi_history(
    ws: Workspace, period: str = "month", periods: int | None = None, keys: list[str] | None = None
) -> KpiHistory:
    """Each KPI per period (the last ``periods`` periods with data, or all): one query for all of
    them."""
    period = check_period(period)
    chosen = [k for k in all_kpis() if keys is None or k.key in keys]
    by_source: dict[str, list[Kpi]] = {}
    for k in chosen:
        by_source.setdefault(k.source, []).append(k)
    rows: dict[str, dict[int, tuple]] = {}
    found = kpi_table(ws.store, period, by_source, money_rule(ws)) if by_source else None
    for row in found.to_pylist() if found is not None else ():
        if row["p"] is None:
            continue
        for k in chosen:
            if row[f"in__{k.source}"]:
                n = row.get(f"n__{k.key}")
                rows.setdefault(k.key, {})[int(row["p"])] = (
                    _clean(row[k.key]),
                    None if n is None else int(n),
                )
    series = tuple(_series(k, rows.get(k.key, {}), period) for k in chosen)
    history = KpiHistory(period, series)
    return _last(history, periods) if periods else history


def kpi_series(
    ws: Workspace, key: str, period: str = "month", periods: int | None = None
) -> KpiSeries:
    """One KPI per period (key or alias); NotFoundError names the known keys."""
    found = canonical_key(key)
    if found is None:
        raise NotFoundError(f"unknown KPI {key!r}; KPIs: {', '.join(k.key for k in all_kpis())}")
    return kpi_history(ws, period, periods, keys=[found]).get(found)


def _series(k: Kpi, values: dict[int, tuple], period: str) -> KpiSeries:
    return KpiSeries(
        k,
        tuple(
            KpiPoint(n, period_start(n, period), period_label(n, period), v, size)
            for n, (v, size) in sorted(values.items())
        ),
    )


def _last(history: KpiHistory, periods: int) -> KpiHistory:
    last = history.last_number()
    if last is None:
        return history

    def keep(s: KpiSeries) -> KpiSeries:
        return KpiSeries(s.kpi, tuple(p for p in s.points if p.number > last - periods))

    return KpiHistory(history.period, tuple(keep(s) for s in history.series))
