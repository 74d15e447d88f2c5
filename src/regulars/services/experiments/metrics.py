"""Sufficient statistics per arm, computed in the database with Ibis.

Units are an experiment's assignments (``assigned``) or its exposed customers (``exposed``), each
with a start: the exposure (or assignment) time. A metric looks at the ``days`` after the start:

* ``converted`` (a sale order), ``refunded`` (an order later refunded), ``opened``, ``clicked``,
  ``unsubscribed`` (a campaign touch): proportions, so n and conversions;
* ``revenue`` (total cents), ``orders``: means, so n, sum and sum of squares;
* ``aov`` (revenue per order): a ratio, so the sums, squares and cross product of revenue and
orders.

Written ``converted`` (the analysis window) or ``converted_7d``. With CUPED the revenue in the
``cuped_days`` before the start is summed too (sum, square and cross product with the metric).
Units with no order or touch contribute zeros, so only the n per arm needs every unit: the sums
come from the joined rows alone. Nothing per customer leaves the database. Time from the start is
exact elapsed time (integer microseconds on DuckDB), so a day is 86,400 seconds in any timezone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import ibis

from regulars.analytics.experiments import (
    ProportionStats,
    RatioStats,
    RegressionAdjustedStats,
    SampleMeanStats,
)
from regulars.errors import InputError
from regulars.services.sales import REFUND_STATUSES, day_length, elapsed, orders_after_touches
from regulars.services.workspace import Workspace

ORDER_KINDS = ("converted", "revenue", "orders", "aov", "refunded")
TOUCH_KINDS = {"opened": "opened", "clicked": "clicked", "unsubscribed": "unsubscribed"}
LOWER_IS_BETTER = ("refunded", "unsubscribed")
LABELS = {
    "converted": "conversion",
    "revenue": "revenue per customer",
    "orders": "orders per customer",
    "aov": "average order value",
    "refunded": "refund rate",
    "opened": "open rate",
    "clicked": "click rate",
    "unsubscribed": "unsubscribe rate",
}


@dataclass(frozen=True)
class Metric:
    name: str
    kind: str
    days: int

    @property
    def statistic(self) -> str:
        return {"revenue": "mean", "orders": "mean", "aov": "ratio"}.get(self.kind, "proportion")

    @property
    def label(self) -> str:
        return f"{LABELS[self.kind]} within {self.days} days"

    @property
    def higher_is_better(self) -> bool:
        return self.kind not in LOWER_IS_BETTER

    @property
    def unit(self) -> str:
        """How its values are written: rate, money (cents) or number."""
        if self.statistic == "proportion":
            return "rate"
        return "money" if self.kind in ("revenue", "aov") else "number"


def parse_metric(text: str, default_days: int) -> Metric:
    m = re.fullmatch(r"([a-z]+?)(?:_(\d+)d)?", text.strip().lower())
    kinds = ORDER_KINDS + tuple(TOUCH_KINDS)
    if not m or m.group(1) not in kinds:
        raise InputError(
            f"metric {text!r}: use one of {', '.join(kinds)}, optionally with a window such as "
            "converted_7d"
        )
    days = int(m.group(2)) if m.group(2) else default_days
    if days <= 0:
        raise InputError(f"metric {text!r}: the window must be at least one day")
    return Metric(text.strip().lower() if m.group(2) else f"{m.group(1)}_{days}d", m.group(1), days)


def experiment_units(ws: Workspace, experiment_id: str, population: str) -> ibis.Table:
    """customer_id, arm and start (exposure or assignment time) of the experiment's units."""
    a = ws.store.table("experiment_assignments")
    a = a.filter(a.experiment_id == experiment_id)
    if population == "exposed":
        return a.filter(a.exposed_at.notnull()).select("customer_id", "arm", start=a.exposed_at)
    if population == "assigned":
        return a.select("customer_id", "arm", start=a.assigned_at)
    raise InputError(f"--population {population!r}: use exposed or assigned")


def _reachable(
    t: ibis.Table, column: str, starts: tuple[datetime, datetime], before_days: int, after_days: int
) -> ibis.Table:
    """The rows of ``t`` whose ``column`` some unit's window can reach (bounds on whole seconds, so
    the literals are exact, and a little wider): the rest are left out before the join. A shop's
    history is years, an experiment's windows weeks."""
    first, last = (s.astimezone(UTC).replace(microsecond=0) for s in starts)
    lo, hi = (
        first - timedelta(days=before_days, seconds=1),
        last + timedelta(days=after_days, seconds=2),
    )
    return t.filter((t[column] >= lo) & (t[column] < hi))


def _order_sums(
    ws: Workspace,
    units: ibis.Table,
    metrics: list[Metric],
    cuped_days: int,
    by: list[str],
    starts: tuple[datetime, datetime],
) -> ibis.Table:
    horizon, day = max(m.days for m in metrics), day_length(ws)
    o = _reachable(ws.store.table("orders"), "ordered_at", starts, cuped_days, horizon)
    j = orders_after_touches(
        ws,
        units,
        "start",
        horizon,
        before_days=cuped_days,
        orders=o,
        columns=("total_cents", "status"),
    )
    j = j.mutate(cents=j.total_cents.cast("float64"))  # float sums: exact below 2**53 cents
    per_unit = {}
    for days in sorted({m.days for m in metrics}):
        inside = (j.age >= 0) & (j.age < days * day)
        per_unit[f"rev_{days}"] = j.cents.sum(where=inside).fill_null(0)
        per_unit[f"ord_{days}"] = j.count(where=inside).cast("float64")
        if any(m.kind == "refunded" and m.days == days for m in metrics):
            per_unit[f"ref_{days}"] = j.count(where=inside & j.status.isin(REFUND_STATUSES))
    if cuped_days:
        per_unit["pre"] = j.cents.sum(where=j.age < 0).fill_null(0)
    p = j.group_by(["customer_id", *by]).aggregate(**per_unit)
    return p.group_by(by).aggregate(**_arm_sums(p, metrics, cuped_days))


def _arm_sums(p, metrics: list[Metric], cuped_days: int) -> dict:
    sums = {}
    for m in metrics:
        rev, orders = p[f"rev_{m.days}"], p[f"ord_{m.days}"]
        if m.kind == "converted":
            sums[f"{m.name}__x"] = p.count(where=orders > 0)
        elif m.kind == "refunded":
            sums[f"{m.name}__x"] = p.count(where=p[f"ref_{m.days}"] > 0)
        elif m.kind in ("revenue", "orders", "aov"):
            y = rev if m.kind != "orders" else orders
            sums.update({f"{m.name}__s": y.sum(), f"{m.name}__ss": (y * y).sum()})
            if m.kind == "aov":
                sums.update(
                    {
                        f"{m.name}__d": orders.sum(),
                        f"{m.name}__dd": (orders * orders).sum(),
                        f"{m.name}__md": (rev * orders).sum(),
                    }
                )
            if cuped_days and m.kind == "revenue":
                sums.update(
                    {
                        f"{m.name}__p": p.pre.sum(),
                        f"{m.name}__pp": (p.pre * p.pre).sum(),
                        f"{m.name}__yp": (y * p.pre).sum(),
                    }
                )
    return sums


def _touch_counts(
    ws: Workspace,
    units: ibis.Table,
    metric: Metric,
    campaign_ids: Iterable[str] | None,
    by: list[str],
    starts: tuple[datetime, datetime],
) -> ibis.Table:
    t = ws.store.table("campaign_touches")
    t = _reachable(
        t.filter(t.touch_type == TOUCH_KINDS[metric.kind]), "occurred_at", starts, 0, metric.days
    )
    if campaign_ids:
        t = t.filter(t.campaign_id.isin(list(campaign_ids)))
    j = units.inner_join(t.select("customer_id", "occurred_at"), "customer_id")
    age, day = elapsed(ws, j, "occurred_at", "start"), day_length(ws)
    j = j.filter((age >= 0) & (age < metric.days * day))
    return j.group_by(by).aggregate(**{f"{metric.name}__x": j.customer_id.nunique()})


def sufficient_sums(
    ws: Workspace,
    units: ibis.Table,
    metrics: list[Metric],
    *,
    cuped_days: int = 0,
    campaign_ids: Iterable[str] | None = None,
    by: tuple[str, ...] = ("arm",),
) -> list[dict]:
    """One row per group (arm, or arm and day): ``n`` and the sums each metric needs (zeros
    filled)."""
    by = list(by)
    counts = units.group_by(by).aggregate(
        n=units.count(), first_start=units.start.min(), last_start=units.start.max()
    )
    rows = {tuple(r[k] for k in by): r for r in ws.store.to_arrow(counts).to_pylist()}
    known = [r for r in rows.values() if r["first_start"] is not None]
    if not known:
        return list(rows.values())
    starts = (min(r["first_start"] for r in known), max(r["last_start"] for r in known))
    order_metrics = [m for m in metrics if m.kind in ORDER_KINDS]
    parts = [_order_sums(ws, units, order_metrics, cuped_days, by, starts)] if order_metrics else []
    parts += [
        _touch_counts(ws, units, m, campaign_ids, by, starts)
        for m in metrics
        if m.kind in TOUCH_KINDS
    ]
    for part in parts:
        for r in ws.store.to_arrow(part).to_pylist():
            key = tuple(r[k] for k in by)
            if key in rows:
                rows[key].update({k: v for k, v in r.items() if k not in by and v is not None})
    return list(rows.values())


def rolled_up(rows: Iterable[dict], by: tuple[str, ...], dropped: tuple[str, ...]) -> list[dict]:
    """Rows of ``sufficient_sums`` by a finer grouping (arm and day) summed up to ``by`` (arm), the
    ``dropped`` columns (day) left out: every sum is additive over the groups (a customer is one
    unit of an experiment), the first and last start are the least and the greatest."""
    out: dict[tuple, dict] = {}
    for r in rows:
        into = out.setdefault(tuple(r[k] for k in by), {k: r[k] for k in by})
        for k, v in r.items():
            if k not in by and k not in dropped:
                into[k] = _combined(k, into.get(k), v)
    return list(out.values())


def _combined(key: str, a, b):
    if a is None or b is None:
        return b if a is None else a
    return min(a, b) if key == "first_start" else max(a, b) if key == "last_start" else a + b


def arm_statistic(row: dict, metric: Metric, cuped: bool = False):
    """The engine's statistic for one metric from one row of ``sufficient_sums`` (missing sums are
    0)."""
    n = int(row.get("n") or 0)
    g = lambda suffix: float(row.get(f"{metric.name}__{suffix}") or 0.0)  # noqa: E731
    if metric.statistic == "proportion":
        return ProportionStats(n, g("x"))
    if metric.statistic == "ratio":
        return RatioStats(n, g("s"), g("ss"), g("d"), g("dd"), g("md"))
    if cuped and f"{metric.name}__p" in row:
        return RegressionAdjustedStats(n, g("s"), g("ss"), g("p"), g("pp"), g("yp"))
    return SampleMeanStats(n, g("s"), g("ss"))
