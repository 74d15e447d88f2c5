"""The weekly data a marketing mix model needs, from the store: revenue per local week (the sale
rule's orders), spend per channel per week (each campaign's spend spread evenly over its days),
and the baseline's extra columns: promotion weeks (at least a fifth of orders used a discount
code) and the holiday weeks (Black Friday's week and the two weeks before Christmas)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from regulars.errors import InputError
from regulars.services.calendar.periods import number_of, period_start
from regulars.services.forecast.series import series_table
from regulars.services.sales import sales_orders
from regulars.services.workspace import Workspace

MIN_WEEKS = 26
PROMOTION_SHARE = 0.2
#: The baseline's control columns, as the sentences name them.
CONTROLS = ("promotion weeks", "holiday weeks")


@dataclass(frozen=True)
class WeeklyData:
    first_week: int
    weeks: tuple[str, ...]
    channels: tuple[str, ...]
    spend: np.ndarray  # (weeks, channels) in minor units
    revenue: np.ndarray  # (weeks,) in minor units
    extra: np.ndarray  # (weeks, controls): promotion weeks, holiday weeks (those that vary)
    extra_names: tuple[str, ...] = ()


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _spend(ws: Workspace, first: int, n: int) -> tuple[tuple[str, ...], np.ndarray]:
    c = ws.store.table("campaigns")
    rows = ws.store.to_arrow(
        c.select("channel", "started_at", "ended_at", "spend_cents")
    ).to_pylist()
    rows = [r for r in rows if r["spend_cents"] and r["started_at"] is not None]
    channels = tuple(sorted({r["channel"] or "other" for r in rows}))
    spend = np.zeros((n, len(channels)))
    for r in rows:
        start = _day(r["started_at"])
        end = max(_day(r["ended_at"] or r["started_at"]), start)
        days = [start + dt.timedelta(d) for d in range((end - start).days + 1)]
        share = r["spend_cents"] / len(days)
        for d in days:
            w = number_of(d, "week") - first
            if 0 <= w < n:
                spend[w, channels.index(r["channel"] or "other")] += share
    return channels, spend


def _promotion_weeks(ws: Workspace, first: int, n: int) -> np.ndarray:
    o = sales_orders(ws)
    rows = ws.store.to_arrow(o.select("ordered_at", "discount_code")).to_pydict()
    used, total = np.zeros(n), np.zeros(n)
    for at, code in zip(rows["ordered_at"], rows["discount_code"]):
        w = number_of(_day(at), "week") - first
        if 0 <= w < n:
            total[w] += 1
            used[w] += bool(code)
    return (used > PROMOTION_SHARE * np.maximum(total, 1)).astype(float)


def _holiday_weeks(first: int, n: int) -> np.ndarray:
    out = np.zeros(n)
    for w in range(n):
        start = period_start(first + w, "week")
        end = start + dt.timedelta(6)
        nov = dt.date(start.year, 11, 1)
        black_friday = nov + dt.timedelta((3 - nov.weekday()) % 7 + 22)
        christmas = dt.date(start.year, 12, 25)
        out[w] = start <= black_friday <= end or 0 < (christmas - start).days <= 14
    return out


def weekly_data(ws: Workspace) -> WeeklyData:
    """Dense weekly revenue, spend and extras; an InputError when there is too little to fit."""
    table = series_table(ws, "revenue", "total", "week")
    if not table.groups or table.values.shape[1] < MIN_WEEKS:
        raise InputError(f"a marketing mix model needs at least {MIN_WEEKS} whole weeks of sales")
    revenue = table.values.sum(axis=0)
    first, n = table.first, len(revenue)
    channels, spend = _spend(ws, first, n)
    if not channels:
        raise InputError("no campaign has any spend: import campaigns with spend_cents first")
    extra = np.column_stack([_promotion_weeks(ws, first, n), _holiday_weeks(first, n)])
    varies = extra.std(0) > 0
    names = tuple(n for n, v in zip(CONTROLS, varies) if v)
    weeks = tuple(period_start(first + w, "week").isoformat() for w in range(n))
    return WeeklyData(first, weeks, channels, spend, revenue, extra[:, varies], names)
