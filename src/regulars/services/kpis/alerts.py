"""Alerts: KPI periods far from their usual seasonal level, in plain words, each raised once.

Detection is ``analytics.anomalies.find_anomalies`` on every KPI series. Alerts are kept in the
store's ``_alerts`` table, keyed by a stable id of (KPI, period length, period start): the same
anomaly found again is not a new alert, and keeps the time it was first seen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass

import numpy as np
import pyarrow as pa

from regulars.analytics.anomalies import ALERT_Z, find_anomalies
from regulars.services.calendar.periods import season_name, season_of
from regulars.services.kpis.history import KpiHistory, KpiSeries, kpi_history
from regulars.services.kpis.noise import MIN_SAMPLE, is_noise, noise_kind, rests_on
from regulars.services.workspace import Workspace
from regulars.units import POINT_UNITS, format_value, points, rate

#: Series that can sit near zero or below it are judged in absolute terms.
ABSOLUTE_UNITS = ("score",)
ABSOLUTE_KEYS = ("roi",)
WINDOW = {"day": 28, "week": 13, "month": 12, "quarter": 8, "year": 5}
#: History needed before a period can raise an alert (a year, so that the season is known).
MIN_HISTORY = {"day": 28, "week": 52, "month": 12, "quarter": 4, "year": 3}


@dataclass(frozen=True)
class KpiAlert:
    alert_id: str
    kpi: str
    label: str
    period: str
    period_start: str
    period_label: str
    value: float
    baseline: float
    change: float  # relative (-0.38 = 38% below) or, for scores, absolute points
    z: float
    severity: str  # "high" or "medium"
    is_good: bool
    message: str
    link: str
    first_seen_at: str | None = None
    new: bool = True

    def to_dict(self) -> dict:
        return asdict(self)


def alert_id(kpi: str, period: str, start: dt.date) -> str:
    return hashlib.sha256(f"{kpi}|{period}|{start.isoformat()}".encode()).hexdigest()[:24]


def detect_alerts(
    history: KpiHistory, currency: str = "USD", until: int | None = None
) -> list[KpiAlert]:
    """Every anomaly in every series up to period ``until``, newest first (nothing is stored)."""
    found = []
    for s in history.series:
        if s.kpi.alerts:
            found += _series_alerts(s, history.period, currency, until)
    return sorted(found, key=lambda a: (a.period_start, abs(a.z)), reverse=True)


def _series_alerts(s: KpiSeries, period: str, currency: str, until: int | None) -> list[KpiAlert]:
    points = [
        p
        for p in s.points
        if p.value is not None
        and (until is None or p.number <= until)
        and (p.sample is None or p.sample >= MIN_SAMPLE)
    ]
    if len(points) <= MIN_HISTORY[period]:
        return []
    values = np.array([p.value for p in points])
    season = np.array([season_of(p.number, period) for p in points])
    relative = s.kpi.unit not in ABSOLUTE_UNITS and s.kpi.key not in ABSOLUTE_KEYS
    score = s.kpi.unit == "score"
    out = []
    for a in find_anomalies(
        values,
        season,
        window=WINDOW[period],
        relative=relative,
        min_change=10.0 if score else 0.10,
        min_scale=3.0 if score else 0.03,
        min_history=MIN_HISTORY[period],
    ):
        p = points[a.index]
        baseline = min(a.baseline, 1.0) if noise_kind(s.kpi) == "share" else a.baseline
        if is_noise(s.kpi, a.value, p.sample, baseline, z=ALERT_Z, sampled=False):
            continue  # no larger than chance would make on this many deals, orders, answers
        usual = (
            f"the usual {season_name(p.number, period)} level" if a.seasonal else "its usual level"
        )
        good = (a.residual > 0) == (s.kpi.good == "up")
        facts = (s.kpi.label, s.kpi.unit, p.label, a.value, baseline, a.residual, relative)
        out.append(
            KpiAlert(
                alert_id(s.kpi.key, period, p.start),
                s.kpi.key,
                s.kpi.label,
                period,
                p.start.isoformat(),
                p.label,
                a.value,
                baseline,
                a.residual,
                a.z,
                "high" if abs(a.z) >= 6 else "medium",
                good,
                _message(facts, usual, rests_on(s.kpi, p.sample), currency),
                s.kpi.link,
            )
        )
    return out


def _message(facts, usual: str, on: str, currency: str) -> str:
    """'Win rate fell 12.0 points below its usual level in May 2026: 18.0% against about 30.0%
    (on 40 closed deals).' Rates move in points, money and counts in %, as everywhere."""
    label, unit, when, value, baseline, residual, relative = facts
    word = "rose" if value > baseline else "fell"
    if unit in POINT_UNITS:
        size = points(value - baseline) if unit == "percent" else f"{abs(residual):.0f} points"
    else:
        size = rate(abs(residual), 0) if relative else format_value(unit, abs(residual), currency)
    side = "above" if value > baseline else "below"
    return (
        f"{label} {word} {size} {side} {usual} in {when}: {format_value(unit, value, currency)} "
        f"against about {format_value(unit, baseline, currency)}" + (f" (on {on})." if on else ".")
    )


def kpi_alerts(
    ws: Workspace, period: str = "month", record: bool = True, history: KpiHistory | None = None
) -> list[KpiAlert]:
    """Alerts for every KPI; with ``record`` new ones are written to ``_alerts`` (each once)."""
    from regulars.services.kpis.comparison import reference_number

    history = history or kpi_history(ws, period)
    alerts = detect_alerts(history, ws.settings.currency, reference_number(ws, history))
    seen = _seen(ws)
    now = dt.datetime.now(dt.UTC)
    fresh = [a for a in alerts if a.alert_id not in seen]
    if record and fresh:
        _record(ws, fresh, now)
    stamp = lambda a: seen.get(a.alert_id) or (now if record else None)  # noqa: E731
    return [_replace(a, first_seen_at=_iso(stamp(a)), new=a.alert_id not in seen) for a in alerts]


def _replace(a: KpiAlert, **kw) -> KpiAlert:
    return KpiAlert(**{**asdict(a), **kw})


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _seen(ws: Workspace) -> dict[str, dt.datetime]:
    t = ws.store.table("_alerts")
    return {
        r["alert_id"]: r["first_seen_at"]
        for r in ws.store.to_arrow(t.select("alert_id", "first_seen_at")).to_pylist()
    }


def _record(ws: Workspace, alerts: list[KpiAlert], now: dt.datetime) -> None:
    """Insert the alerts not stored yet; a concurrent request that stored them first wins (one
    retry)."""
    for attempt in (1, 2):
        try:
            _insert(ws, alerts, now)
            return
        # a duplicate id from a concurrent request (both engines word it differently)
        except Exception:  # noqa: BLE001
            seen = _seen(ws)
            alerts = [a for a in alerts if a.alert_id not in seen]
            if not alerts or attempt == 2:
                return


def _insert(ws: Workspace, alerts: list[KpiAlert], now: dt.datetime) -> None:
    """Insert through Ibis (a plain INSERT on DuckDB and PostgreSQL); ids already there are skipped
    above."""
    starts = [
        dt.datetime.combine(dt.date.fromisoformat(a.period_start), dt.time(), dt.UTC)
        for a in alerts
    ]
    rows = pa.table(
        {
            "alert_id": [a.alert_id for a in alerts],
            "kpi": [a.kpi for a in alerts],
            "period_start": pa.array(starts, pa.timestamp("us", tz="UTC")),
            "severity": [a.severity for a in alerts],
            "message": [a.message for a in alerts],
            "first_seen_at": pa.array([now] * len(alerts), pa.timestamp("us", tz="UTC")),
        }
    )
    ws.store.backend.insert("_alerts", rows)
