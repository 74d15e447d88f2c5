"""Per-customer summaries for the customer-lifetime models, computed in the database with Ibis.

The literature's conventions (Fader, Hardie & Lee 2005), the same on DuckDB and PostgreSQL:

* only sale orders count (``sales.sales_orders``) and only orders with a customer id;
* a customer's purchases on the same (shop-local) day count as one purchase, their totals added;
* the calibration period ends at the end of ``calibration_end`` (default: the day of the last sale);
  only customers whose first purchase falls in it are summarised;
* ``frequency`` = purchase days after the first one; ``recency`` = time from the first to the last
  purchase day; ``T`` = time from the first purchase day to the calibration end; time in days or
  weeks (days / 7); ``monetary_value`` = the average total of the repeat purchase days (the first
  purchase left out), in major currency units; 0 for customers with no repeat purchase.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import ibis
import numpy as np

from regulars.errors import InputError
from regulars.services.sales import sales_orders
from regulars.services.workspace import Workspace

#: Time units a summary can be measured in, and their length in days.
TIME_UNITS = {"day": 1, "week": 7}
#: The same units as the analytics package spells them (for durations in words).
UNIT_WORDS = {"day": "days", "week": "weeks"}
EPOCH = dt.date(1970, 1, 1)


def check_time_unit(time_unit: str) -> str:
    if time_unit not in TIME_UNITS:
        raise InputError(f"unknown time unit {time_unit!r}; use one of: {', '.join(TIME_UNITS)}")
    return time_unit


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def day_of(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(number))


@dataclass(frozen=True, eq=False)
class Summary:
    """One row per customer (arrays aligned), with the settings that made it."""

    customer_id: np.ndarray
    frequency: np.ndarray
    recency: np.ndarray
    T: np.ndarray
    monetary_value: np.ndarray
    spend: np.ndarray  # every calibration purchase day's total, major units
    first_day: np.ndarray  # day numbers (days since 1970-01-01, shop-local)
    last_day: np.ndarray
    holdout: np.ndarray | None  # purchase days in the holdout period, when one was asked for
    calibration_end: dt.date
    time_unit: str

    @property
    def size(self) -> int:
        return int(self.frequency.size)

    def settings(self) -> dict:
        return {"calibration_end": self.calibration_end.isoformat(), "time_unit": self.time_unit}


def purchase_days(ws: Workspace, customer_id: str | None = None) -> ibis.Table:
    """One row per (customer, shop-local purchase day): ``day`` (day number) and ``spend_cents``."""
    o = sales_orders(ws)
    o = o.filter(o.customer_id.notnull())
    if customer_id is not None:
        o = o.filter(o.customer_id == customer_id)
    o = o.mutate(day=o.ordered_at.date().epoch_days().cast("int64"))
    return o.group_by(["customer_id", "day"]).aggregate(spend_cents=o.total_cents.sum())


def last_sale_day(ws: Workspace) -> dt.date | None:
    """The shop-local day of the last sale with a customer, or None without any."""
    d = purchase_days(ws)
    value = ws.store.to_arrow(d.aggregate(last=d.day.max()))["last"][0].as_py()
    return None if value is None else day_of(value)


def summary_expr(
    ws: Workspace, end_day: int, unit_days: int, customer_id: str | None = None
) -> ibis.Table:
    """The calibration summary as an Ibis expression (see the module docstring)."""
    d = purchase_days(ws, customer_id)
    d = d.filter(d.day <= end_day)
    d = d.mutate(first=d.day.min().over(group_by=d.customer_id))
    g = d.group_by("customer_id").aggregate(
        first_day=d.day.min(),
        last_day=d.day.max(),
        days=d.count(),
        spend_cents=d.spend_cents.sum(),
        repeat_cents=d.spend_cents.sum(where=d.day > d.first),
    )
    frequency = g.days - 1
    unit = float(unit_days)
    return g.select(
        "customer_id",
        "first_day",
        "last_day",
        frequency=frequency,
        recency=(g.last_day - g.first_day) / unit,
        T=(ibis.literal(end_day) - g.first_day) / unit,
        monetary_value=ibis.ifelse(
            frequency > 0, g.repeat_cents.fill_null(0) / (frequency * 100.0), 0.0
        ),
        spend=g.spend_cents / 100.0,
    )


def holdout_expr(ws: Workspace, end_day: int, holdout_end_day: int) -> ibis.Table:
    """Purchase days per customer after the calibration end through ``holdout_end_day``."""
    d = purchase_days(ws)
    d = d.filter((d.day > end_day) & (d.day <= holdout_end_day))
    return d.group_by("customer_id").aggregate(holdout=d.count())


def holdout_by_period_expr(
    ws: Workspace, end_day: int, holdout_end_day: int, period_days: int
) -> ibis.Table:
    """Repeat purchase days of calibration customers per holdout period (0 = the first period)."""
    d = purchase_days(ws)
    known = d.filter(d.day <= end_day).select("customer_id").distinct()
    h = d.filter((d.day > end_day) & (d.day <= holdout_end_day)).semi_join(known, "customer_id")
    h = h.mutate(period=((h.day - end_day - 1) // period_days).cast("int64"))
    return h.group_by("period").aggregate(purchases=h.count()).order_by("period")


def customer_summaries(
    ws: Workspace,
    calibration_end: dt.date | None = None,
    time_unit: str = "week",
    *,
    holdout_end: dt.date | None = None,
    customer_id: str | None = None,
) -> Summary:
    """Compute the summary in the database and fetch it as numpy arrays (sorted by customer id)."""
    check_time_unit(time_unit)
    if calibration_end is None:
        calibration_end = last_sale_day(ws)
        if calibration_end is None:
            raise InputError(
                "no sale orders with a customer id yet: import orders first (regulars import "
                "orders FILE)"
            )
    end_day = day_number(calibration_end)
    expr = summary_expr(ws, end_day, TIME_UNITS[time_unit], customer_id)
    if holdout_end is not None:
        if holdout_end <= calibration_end:
            raise InputError(f"the holdout must end after the calibration end ({calibration_end})")
        h = holdout_expr(ws, end_day, day_number(holdout_end))
        expr = expr.left_join(h, expr.customer_id == h.customer_id).select(
            expr, holdout=h.holdout.fill_null(0)
        )
    rows = ws.store.to_arrow(expr.order_by("customer_id"))
    col = {name: rows[name].to_numpy(zero_copy_only=False) for name in rows.column_names}
    return Summary(
        customer_id=col["customer_id"].astype(object),
        frequency=col["frequency"].astype(float),
        recency=col["recency"].astype(float),
        T=col["T"].astype(float),
        monetary_value=col["monetary_value"].astype(float),
        spend=col["spend"].astype(float),
        first_day=col["first_day"].astype(np.int64),
        last_day=col["last_day"].astype(np.int64),
        holdout=col["holdout"].astype(float) if "holdout" in col else None,
        calibration_end=calibration_end,
        time_unit=time_unit,
    )


def holdout_by_period(
    ws: Workspace, calibration_end: dt.date, holdout_end: dt.date, period_days: int
) -> np.ndarray:
    """Actual repeat purchase days per holdout period (an array, one entry per period)."""
    end_day, last = day_number(calibration_end), day_number(holdout_end)
    n_periods = -(-(last - end_day) // period_days)
    rows = ws.store.to_arrow(holdout_by_period_expr(ws, end_day, last, period_days)).to_pylist()
    counts = np.zeros(n_periods)
    for row in rows:
        counts[row["period"]] = row["purchases"]
    return counts
