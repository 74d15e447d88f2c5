"""Tests that tell what a channel causes: a holdout for one campaign, and a geo test (regions
switched on or off) designed from the weekly revenue per shipping region, read out with
difference-in-differences and synthetic control."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from regulars.analytics.mmm.geo import (
    HoldoutPower,
    diff_in_diff,
    geo_power,
    holdout_power,
    synthetic_control,
)
from regulars.errors import InputError
from regulars.services.calendar.periods import number_of, period_start
from regulars.services.mmm.amounts import (
    GeoPowerCents,
    GeoReadoutCents,
    geo_power_cents,
    geo_readout_cents,
    writer,
)
from regulars.services.sales import sales_orders
from regulars.services.workspace import Workspace

MIN_REGIONS = 4


@dataclass(frozen=True)
class GeoDesign:
    regions: tuple[str, ...]
    treated: tuple[str, ...]
    power: GeoPowerCents
    explanation: str


@dataclass(frozen=True)
class GeoResult:
    treated: tuple[str, ...]
    start: str
    readouts: tuple[GeoReadoutCents, ...]


def _regional(ws: Workspace) -> tuple[int, tuple[str, ...], np.ndarray]:
    o = sales_orders(ws)
    rows = ws.store.to_arrow(o.select("ordered_at", "shipping_region", "total_cents")).to_pydict()
    weeks = [number_of(t.date(), "week") for t in rows["ordered_at"]]
    names = tuple(sorted({r for r in rows["shipping_region"] if r}))
    if len(names) < MIN_REGIONS or not weeks:
        raise InputError(f"a geo test needs orders shipped to at least {MIN_REGIONS} regions")
    first, last = min(weeks), max(weeks)
    values = np.zeros((last - first, len(names)))  # the last week is left out: not whole
    index = {n: i for i, n in enumerate(names)}
    for w, r, v in zip(weeks, rows["shipping_region"], rows["total_cents"]):
        if r and w < last:
            values[w - first, index[r]] += v or 0
    return first, names, values


def _scaled(values: np.ndarray, mask: np.ndarray, before: int):
    """The treated regions' mean week, and each control region scaled to the treated level over
    the ``before`` weeks (so shops that grow keep a flat gap)."""
    t = values[:, mask].mean(1)
    c = values[:, ~mask]
    level = np.maximum(c[:before].mean(0), 1.0)
    return t, c * (t[:before].mean() / level)


def _split(names, values) -> tuple[str, ...]:
    order = np.argsort(-values.sum(0), kind="stable")
    return tuple(names[i] for i in order[::2])


def holdout_design(audience: int, baseline: float = 0.05, holdout_share: float = 0.1,
                   lift: float = 0.2) -> HoldoutPower:  # fmt: skip
    if audience < 2 or not 0 < baseline < 1 or not 0 < holdout_share < 1:
        raise InputError("audience >= 2, baseline and holdout share between 0 and 1")
    return holdout_power(audience, baseline, holdout_share, lift)


def geo_design(ws: Workspace, weeks_after: int = 8, effect_cents: float | None = None,
               weeks_before: int = 26) -> GeoDesign:  # fmt: skip
    """Treat every other region by revenue (so both halves look alike); power from the last
    ``weeks_before`` weeks of the treated-minus-control gap."""
    if weeks_after < 1:
        raise InputError("--weeks must be at least 1")
    _, names, values = _regional(ws)
    treated = _split(names, values)
    mask = np.isin(names, treated)
    t, c = _scaled(values[-weeks_before:], mask, weeks_before)
    gap = t - c.mean(1)
    power = geo_power_cents(geo_power(gap, weeks_after, effect_cents,
                                      fmt=writer(ws.settings.currency)))  # fmt: skip
    text = (f"Switch the channel on (or off) in {len(treated)} of {len(names)} regions "
            f"({', '.join(treated[:6])}{'…' if len(treated) > 6 else ''}) for {weeks_after} "
            f"weeks. {power.explanation}")  # fmt: skip
    return GeoDesign(names, treated, power, text)


def geo_readout(ws: Workspace, treated: tuple[str, ...], start: dt.date, weeks: int = 8,
                weeks_before: int = 26) -> GeoResult:  # fmt: skip
    """The ``weeks`` from ``start`` against the ``weeks_before`` before it."""
    first, names, values = _regional(ws)
    unknown = [r for r in treated if r not in names]
    if unknown or not treated:
        raise InputError(f"unknown regions: {', '.join(unknown) or '(none given)'}")
    s = number_of(start, "week") - first
    if not 4 <= s < len(values):
        raise InputError(f"the test start {start} needs 4 weeks of sales before it and 1 after")
    mask = np.isin(names, treated)
    if mask.all():
        raise InputError("leave some regions untreated: they are the control")
    lo = max(s - weeks_before, 0)
    t, c = _scaled(values[lo : s + weeks], mask, s - lo)
    fmt = writer(ws.settings.currency)
    readouts = (diff_in_diff(t, c, s - lo, fmt), synthetic_control(t, c, s - lo, fmt))
    return GeoResult(tuple(treated), period_start(first + s, "week").isoformat(),
                     tuple(map(geo_readout_cents, readouts)))  # fmt: skip
