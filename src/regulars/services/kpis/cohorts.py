"""Acquisition-month cohorts: retention and revenue per customer by months since the first
purchase."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import ibis

from regulars.services.calendar.periods import period_start
from regulars.services.kpis.measures import customer_periods
from regulars.services.workspace import Workspace


@dataclass(frozen=True)
class CohortCell:
    age: int  # months since the first purchase month (0 = that month)
    customers: int  # cohort members who bought in that month
    retention: float  # customers / cohort size
    revenue_per_customer: float  # revenue in that month / cohort size (cents)
    cumulative_revenue_per_customer: float  # revenue up to that month / cohort size (cents)


@dataclass(frozen=True)
class Cohort:
    month: str  # first purchase month, YYYY-MM
    size: int
    cells: tuple[CohortCell, ...]


@dataclass(frozen=True)
class CohortTable:
    cohorts: tuple[Cohort, ...]
    definition: str = (
        "Customers grouped by the month of their first sale order; for each later month, the share "
        "of the cohort who bought that month and the cohort's revenue that month per member."
    )

    @property
    def max_age(self) -> int:
        return max((c.age for h in self.cohorts for c in h.cells), default=0)

    def to_dict(self) -> dict:
        return {"definition": self.definition, "cohorts": [asdict(c) for c in self.cohorts]}


def cohort_expression(ws: Workspace) -> ibis.Table:
    cp = customer_periods(ws, "month")
    cp = cp.filter(cp.customer_id.notnull())
    cp = cp.mutate(first_p=cp.p.min().over(group_by=cp.customer_id))
    cells = cp.group_by(["first_p", (cp.p - cp.first_p).name("age")]).aggregate(
        customers=cp.count(), revenue=cp.revenue.sum()
    )
    sizes = cells.filter(cells.age == 0).select("first_p", size=cells.customers)
    t = cells.inner_join(sizes, "first_p")
    running = ibis.window(group_by=t.first_p, order_by=t.age, preceding=None, following=0)
    return t.mutate(
        retention=t.customers.cast("float64") / t.size,
        revenue_per_customer=t.revenue.cast("float64") / t.size,
        cumulative=t.revenue.sum().over(running).cast("float64") / t.size,
    ).order_by(["first_p", "age"])


def cohort_table(ws: Workspace, months: int | None = None) -> CohortTable:
    """Cohorts (the last ``months`` acquisition months, or all), computed in the database."""
    rows = ws.store.to_arrow(cohort_expression(ws)).to_pylist()
    grouped: dict[int, list[dict]] = {}
    for r in rows:
        grouped.setdefault(int(r["first_p"]), []).append(r)
    keys = sorted(grouped)[-months:] if months else sorted(grouped)
    return CohortTable(tuple(_cohort(k, grouped[k]) for k in keys))


def _cohort(number: int, rows: list[dict]) -> Cohort:
    start: dt.date = period_start(number, "month")
    cells = tuple(
        CohortCell(
            int(r["age"]),
            int(r["customers"]),
            float(r["retention"]),
            float(r["revenue_per_customer"]),
            float(r["cumulative"]),
        )
        for r in rows
    )
    return Cohort(f"{start:%Y-%m}", int(rows[0]["size"]), cells)
