"""KPI targets: set one (written to kpi_targets through the store's transactional import path),
list them.

Targets are stored as the KPIs are computed (money in cents, rates as fractions); people type and
read them in the KPI's own units: money in currency units ("$90,000"), rates in percent ("35%").
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pyarrow as pa

from regulars.errors import InputError, Problem
from regulars.services.calendar.periods import check_period
from regulars.services.kpis.registry import Kpi, canonical_key, kpi
from regulars.services.workspace import Workspace
from regulars.store import ImportRecord, write_import
from regulars.units import format_value, symbol


@dataclass(frozen=True)
class KpiTarget:
    kpi: str  # registry key (an alias such as revenue_cents is read as its KPI)
    stored_as: str  # the key as written in kpi_targets
    period: str
    target: float
    set_at: dt.datetime | None
    note: str | None

    def to_dict(self) -> dict:
        return {
            "kpi": self.kpi,
            "stored_as": self.stored_as,
            "period": self.period,
            "target": self.target,
            "set_at": self.set_at.isoformat() if self.set_at else None,
            "note": self.note,
        }


def set_target(
    ws: Workspace, key: str, value: float, period: str = "month", note: str | None = None
) -> KpiTarget:
    """Set (or replace) the target of a KPI for a period length. Rates are fractions or percents
    (``25`` and ``0.25`` both mean 25% for a percent KPI); money is cents."""
    k = kpi(key)
    period = check_period(period)
    if k.unit == "percent" and abs(value) > 1.5:
        value = value / 100.0
    return _write_target(ws, k, float(value), period, note)


def set_target_as_typed(
    ws: Workspace, key: str, typed: str, period: str = "month", note: str | None = None
) -> KpiTarget:
    """Set a target typed in the KPI's own units (see ``target_from_text``); InputError names the
    form field that is wrong (``kpi``, ``target`` or ``period``) in its problem's column."""
    k = _checked("kpi", key, kpi)
    _checked("period", period, check_period)
    return _write_target(ws, k, target_from_text(k, typed, ws.settings.currency), period, note)


def _checked(field: str, value: str, check):
    try:
        return check(value)
    except InputError as exc:
        raise _field_error(field, value, exc.message) from None


def _field_error(field: str, value: str, reason: str) -> InputError:
    return InputError(reason, [Problem("form", None, field, value, reason)])


def _write_target(ws: Workspace, k: Kpi, value: float, period: str, note: str | None) -> KpiTarget:
    check_period(period)
    now = dt.datetime.now(dt.UTC)
    rows = pa.table(
        {
            "kpi": [k.key],
            "period": [period],
            "target": pa.array([value], pa.float64()),
            "set_at": pa.array([now], pa.timestamp("us", tz="UTC")),
            "note": pa.array([note], pa.string()),
            "_source_line": pa.array([None], pa.int64()),
        }
    )
    record = ImportRecord(uuid.uuid4().hex, "kpi_targets", "regulars target set", "-", "cli", 1)
    write_import(ws.store, record, {"kpi_targets": rows})
    return KpiTarget(k.key, k.key, period, value, now, note)


def unit_hint(k: Kpi, currency: str = "USD") -> str:
    """How a target of this KPI is typed: 'dollars' style for money, percent for rates."""
    if k.unit == "money":
        return f"in {symbol(currency).strip()}, e.g. 90,000"
    if k.unit == "percent":
        return "in %, e.g. 35"
    others = {"days": "in days", "hours": "in hours", "score": "in points, e.g. 40"}
    return others.get(k.unit, "a number")


def target_from_text(k: Kpi, typed: str, currency: str = "USD") -> float:
    """A target as typed in the KPI's own units, as stored: "$90,000" -> 9,000,000 cents,
    "35%" or "35" -> 0.35; InputError (field ``target``) when it is not a number."""
    text = typed.strip().replace(",", "").replace(" ", "").replace("\u00a0", "")
    for sign in (symbol(currency).strip(), "$", "%"):
        text = text.replace(sign, "")
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise _field_error("target", typed, f"the target {typed.strip()!r} is not a number")
    if k.unit == "money":
        return float(round(value * 100))
    return value / 100.0 if k.unit == "percent" else value


def target_text(k: Kpi, value: float, currency: str = "USD") -> str:
    """A stored target in the KPI's own units: '$90,000', '35.0%', '2.5 days'."""
    return format_value(k.unit, value, currency)


def list_targets(ws: Workspace) -> list[KpiTarget]:
    t = ws.store.table("kpi_targets")
    rows = ws.store.to_arrow(
        t.select("kpi", "period", "target", "set_at", "note").order_by(["kpi", "period"])
    ).to_pylist()
    out = []
    for r in rows:
        key = canonical_key(r["kpi"])
        if key is None:
            continue  # a target for a KPI this version does not know
        out.append(
            KpiTarget(key, r["kpi"], r["period"], float(r["target"]), r["set_at"], r["note"])
        )
    return out


@dataclass(frozen=True, slots=True)
class TargetRow:
    """A target as the API lists it: ``KpiTarget`` with ``set_at`` as ISO text (``+00:00``)."""

    kpi: str
    stored_as: str
    period: str
    target: float
    set_at: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class TargetableKpi:
    """A KPI that can have a target: its key, label, unit and whether it counts a volume."""

    key: str
    label: str
    unit: str
    volume: bool


@dataclass(frozen=True, slots=True)
class TargetsDocument:
    """The targets set, and every KPI that can have one."""

    targets: tuple[TargetRow, ...]
    kpis: tuple[TargetableKpi, ...]


def targets_document(ws: Workspace) -> TargetsDocument:
    """The targets set and every KPI that can have one (what GET /api/v1/targets returns)."""
    from regulars.services.kpis.registry import all_kpis

    return TargetsDocument(
        tuple(TargetRow(**t.to_dict()) for t in list_targets(ws)),
        tuple(TargetableKpi(k.key, k.label, k.unit, k.volume) for k in all_kpis()),
    )


@dataclass(frozen=True)
class TargetLine:
    """A target as people read it: the KPI's name and the value in its own units."""

    kpi: str
    label: str
    period: str
    text: str
    note: str | None


@dataclass(frozen=True)
class TargetChoice:
    """A KPI the target form offers, with how its target is typed."""

    key: str
    label: str
    hint: str


def targets_for_people(ws: Workspace) -> tuple[list[TargetLine], list[TargetChoice]]:
    """The targets set, in the owner's units, and the KPIs the target form offers."""
    from regulars.services.kpis.registry import KPIS

    currency = ws.settings.currency
    lines = []
    for t in list_targets(ws):
        k = kpi(t.kpi)
        text = target_text(k, t.target, currency)
        lines.append(TargetLine(t.kpi, k.label, t.period, text, t.note))
    return lines, [TargetChoice(k.key, k.label, unit_hint(k, currency)) for k in KPIS]


def target_for(targets: list[KpiTarget], key: str, period: str, volume: bool) -> KpiTarget | None:
    """The target for a KPI and period; a rate's target set for another period length applies
    too."""
    mine = [t for t in targets if t.kpi == key]
    exact = [t for t in mine if t.period == period]
    if exact:
        return max(
            exact,
            key=lambda t: (
                t.set_at is not None,
                t.set_at or dt.datetime.min.replace(tzinfo=dt.UTC),
            ),
        )
    return None if volume or not mine else mine[0]


def validate_target_value(raw: str) -> float:
    try:
        return float(raw.rstrip("%"))
    except ValueError as exc:
        raise InputError(f"target {raw!r} is not a number") from exc
