"""KPI targets: set one (written to kpi_targets through the store's transactional import path), list them."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pyarrow as pa

from regulars.errors import InputError
from regulars.services.calendar.periods import check_period
from regulars.services.kpis.registry import canonical_key, kpi
from regulars.services.workspace import Workspace
from regulars.store import ImportRecord, write_import


@dataclass(frozen=True)
class KpiTarget:
    kpi: str  # registry key (an alias such as revenue_cents is read as its KPI)
    stored_as: str  # the key as written in kpi_targets
    period: str
    target: float
    set_at: dt.datetime | None
    note: str | None

    def to_dict(self) -> dict:
        return {"kpi": self.kpi, "stored_as": self.stored_as, "period": self.period, "target": self.target,
                "set_at": self.set_at.isoformat() if self.set_at else None, "note": self.note}


def set_target(ws: Workspace, key: str, value: float, period: str = "month", note: str | None = None) -> KpiTarget:
    """Set (or replace) the target of a KPI for a period length. Rates are fractions or percents
    (``25`` and ``0.25`` both mean 25% for a percent KPI)."""
    k = kpi(key)
    check_period(period)
    if k.unit == "percent" and abs(value) > 1.5:
        value = value / 100.0
    now = dt.datetime.now(dt.UTC)
    rows = pa.table({"kpi": [k.key], "period": [period], "target": pa.array([float(value)], pa.float64()),
                     "set_at": pa.array([now], pa.timestamp("us", tz="UTC")), "note": pa.array([note], pa.string()),
                     "_source_line": pa.array([None], pa.int64())})
    record = ImportRecord(uuid.uuid4().hex, "kpi_targets", "regulars target set", "-", "cli", 1)
    write_import(ws.store, record, {"kpi_targets": rows})
    return KpiTarget(k.key, k.key, period, float(value), now, note)


def list_targets(ws: Workspace) -> list[KpiTarget]:
    t = ws.store.table("kpi_targets")
    rows = ws.store.to_arrow(t.select("kpi", "period", "target", "set_at", "note").order_by(["kpi", "period"])).to_pylist()
    out = []
    for r in rows:
        key = canonical_key(r["kpi"])
        if key is None:
            continue  # a target for a KPI this version does not know
        out.append(KpiTarget(key, r["kpi"], r["period"], float(r["target"]), r["set_at"], r["note"]))
    return out


def targets_document(ws: Workspace) -> dict:
    """The targets set and every KPI that can have one (what GET /api/v1/targets returns)."""
    from regulars.services.kpis.registry import all_kpis

    return {"targets": [t.to_dict() for t in list_targets(ws)],
            "kpis": [{"key": k.key, "label": k.label, "unit": k.unit, "volume": k.volume}
                     for k in all_kpis()]}


def target_for(targets: list[KpiTarget], key: str, period: str, volume: bool) -> KpiTarget | None:
    """The target for a KPI and period; a rate's target set for another period length applies too."""
    mine = [t for t in targets if t.kpi == key]
    exact = [t for t in mine if t.period == period]
    if exact:
        return max(exact, key=lambda t: (t.set_at is not None, t.set_at or dt.datetime.min.replace(tzinfo=dt.UTC)))
    return None if volume or not mine else mine[0]


def validate_target_value(raw: str) -> float:
    try:
        return float(raw.rstrip("%"))
    except ValueError as exc:
        raise InputError(f"target {raw!r} is not a number") from exc
