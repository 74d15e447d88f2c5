"""Areas for improvement: every KPI worse than its target, benchmark or own recent level, with the
money a month that closing the gap is worth (``analytics.improvement``), largest first."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import asdict, dataclass

from regulars.analytics.improvement import MonthContext, monthly_impact, rank_by_money
from regulars.services.calendar.periods import period_label
from regulars.services.kpis.benchmarks import DEFAULT_VERTICAL, benchmarks_for
from regulars.services.kpis.comparison import reference_number
from regulars.services.kpis.history import KpiHistory, KpiSeries, kpi_history
from regulars.services.kpis.targets import list_targets, target_for
from regulars.services.workspace import Workspace
from regulars.units import format_value

TREND_PERIODS = 6
#: KPIs that mirror another (churn = 1 - retention): listed once, under the other.
MIRRORS = {"churn_rate": "retention_rate"}


@dataclass(frozen=True)
class ImprovementArea:
    kpi: str
    label: str
    unit: str
    value: float
    reference: float
    reference_kind: str  # "target", "benchmark" or "trend"
    reference_label: str
    gap: float  # how much worse than the reference (> 0)
    monthly_cents: float | None  # None: no defensible money link
    arithmetic: str
    assumes: str
    explanation: str
    link: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ImprovementPlan:
    month: str
    areas: tuple[ImprovementArea, ...]

    def to_dict(self) -> dict:
        return {"month": self.month, "areas": [a.to_dict() for a in self.areas]}


def month_context(history: KpiHistory, n: int) -> MonthContext:
    v = lambda key: history.get(key).value_at(n)  # noqa: E731

    def sample(key):
        return next((p.sample for p in history.get(key).points if p.number == n), None)

    delivered = sample("email_open_rate")
    opens = (
        None
        if delivered is None or v("email_open_rate") is None
        else delivered * v("email_open_rate")
    )
    won = sample("sales_cycle_days")
    return MonthContext(
        active_customers=v("active_customers"),
        previous_active_customers=sample("retention_rate"),
        average_order_cents=v("average_order_value"),
        purchase_frequency=v("purchase_frequency"),
        orders=v("orders"),
        revenue_cents=v("revenue"),
        new_customers=v("new_customers"),
        sessions=sample("site_conversion_rate"),
        delivered_emails=delivered,
        email_opens=opens,
        campaign_clicks=sample("campaign_conversion_rate"),
        campaign_conversion=v("campaign_conversion_rate"),
        spend_cents=_spend(history, n),
        closed_deals=sample("win_rate"),
        won_deals=won,
        average_deal_cents=v("average_deal_size"),
        gross_margin=v("gross_margin"),
    )


def _spend(history: KpiHistory, n: int) -> float | None:
    cac, new = (
        history.get("customer_acquisition_cost").value_at(n),
        history.get("customer_acquisition_cost"),
    )
    size = next((p.sample for p in new.points if p.number == n), None)
    return None if cac is None or size is None else cac * size


def _reference(s: KpiSeries, n: int, targets, marks, period: str) -> tuple[float, str, str] | None:
    """The first reference the KPI falls short of: target, benchmark, then its own recent median."""
    value, k = s.value_at(n), s.kpi

    def worse(ref) -> bool:
        return ref is not None and ((value < ref) if k.good == "up" else (value > ref))

    t = target_for(targets, k.key, period, k.volume)
    if t is not None and worse(t.target):
        return t.target, "target", "the target"
    b = marks.get(k.key)
    if b is not None and worse(b.value):
        return b.value, "benchmark", f"the {b.vertical} {b.statistic} ({b.citation})"
    recent = [x for x in (s.value_at(i) for i in range(n - TREND_PERIODS, n)) if x is not None]
    if len(recent) >= 3 and worse(statistics.median(recent)):
        return (
            statistics.median(recent),
            "trend",
            f"its median of the previous {len(recent)} months",
        )
    return None


def improvement_areas(
    ws: Workspace,
    vertical: str = DEFAULT_VERTICAL,
    at: dt.date | None = None,
    history: KpiHistory | None = None,
) -> ImprovementPlan:
    history = history or kpi_history(ws, "month")
    n = reference_number(ws, history, at)
    if n is None:
        return ImprovementPlan("", ())
    context, cur = month_context(history, n), ws.settings.currency
    targets, marks = list_targets(ws), benchmarks_for(ws, vertical)
    areas = []
    for s in history.series:
        value = s.value_at(n)
        ref = None if value is None else _reference(s, n, targets, marks, "month")
        if ref is not None:
            areas.append(_area(s, value, ref, context, cur))
    shown = {a.kpi for a in areas}
    areas = [a for a in areas if MIRRORS.get(a.kpi) not in shown]
    return ImprovementPlan(
        period_label(n, "month"), tuple(rank_by_money(areas, lambda a: a.monthly_cents))
    )


def _area(
    s: KpiSeries, value: float, ref: tuple[float, str, str], context: MonthContext, currency: str
) -> ImprovementArea:
    k = s.kpi
    reference, kind, label = ref
    gap = abs(value - reference)
    impact = monthly_impact(k.key, gap, context, currency)
    shown = lambda x: format_value(k.unit, x, currency)  # noqa: E731
    explanation = f"{k.label} is {shown(value)} against {shown(reference)} ({label})" + (
        f"; closing the gap is worth about {format_value('money', impact.monthly_cents, currency)} "
        "a month."
        if impact
        else "; no money estimate: there is no defensible link from this KPI to sales."
    )
    return ImprovementArea(
        k.key,
        k.label,
        k.unit,
        value,
        reference,
        kind,
        label,
        gap,
        None if impact is None else impact.monthly_cents,
        impact.arithmetic if impact else "",
        impact.assumes if impact else "",
        explanation,
        k.link,
    )
