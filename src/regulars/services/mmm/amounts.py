"""The marketing mix model's money at the service boundary: integer minor units (the analytics
compute in floats; every amount a service, the API or the CLI hands out is rounded to whole
cents here, once), and the sentences written in the shop's currency."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from regulars.analytics.mmm import Allocation, ChannelEffect, GeoPower, GeoReadout, ResponseCurve
from regulars.units import money


def cents(value: float) -> int:
    return int(round(float(value)))


def _all(values: Iterable[float]) -> tuple[int, ...]:
    return tuple(cents(v) for v in values)


def writer(currency: str):
    """The sentences' money: ``1234567`` minor units -> ``$12,346``."""
    return lambda value: money(cents(value), currency)


@dataclass(frozen=True)
class ChannelCaused:
    """What one channel caused over the fitted weeks (minor units) with its 90% interval; ROI
    and the next dollar's return (ratios); the adstock decay and the weekly spend at which the
    channel reaches half its ceiling; ``separable`` False with ``limit`` the sentence why where the
    data cannot separate what the channel caused (its numbers are then the model's guess)."""

    channel: str
    spend_cents: int
    caused_cents: int
    caused_interval_cents: tuple[int, int]
    roi: float | None
    roi_interval: tuple[float, float] | None
    marginal_roi: float | None
    marginal_roi_interval: tuple[float, float] | None
    decay: float
    half_point_cents: int
    separable: bool
    explanation: str
    limit: str | None = None


@dataclass(frozen=True)
class CurveCents:
    """Weekly revenue caused (minor units, with its 90% band) at each steady weekly spend."""

    channel: str
    weekly_spend_cents: tuple[int, ...]
    weekly_revenue_cents: tuple[int, ...]
    low_cents: tuple[int, ...]
    high_cents: tuple[int, ...]
    current_weekly_spend_cents: int


@dataclass(frozen=True)
class SplitCents:
    channel: str
    today_cents: int
    proposed_cents: int
    proposed_interval_cents: tuple[int, int]


def channel_caused(e: ChannelEffect) -> ChannelCaused:
    return ChannelCaused(e.channel, cents(e.spend), cents(e.contribution),
                         _all(e.contribution_interval), e.roi, e.roi_interval, e.marginal_roi,
                         e.marginal_roi_interval, e.decay, cents(e.half_point), e.separable,
                         e.explanation, e.limit)  # fmt: skip


def curve_cents(c: ResponseCurve) -> CurveCents:
    return CurveCents(c.channel, _all(c.weekly_spend), _all(c.weekly_revenue), _all(c.low),
                      _all(c.high), cents(c.current_weekly_spend))  # fmt: skip


def splits_cents(a: Allocation) -> tuple[SplitCents, ...]:
    """The proposed split; the rounding is balanced so the cents add up to the split's total."""
    proposed = [cents(s.proposed) for s in a.splits]
    if proposed:
        top = max(range(len(proposed)), key=lambda i: proposed[i])
        proposed[top] += cents(sum(s.proposed for s in a.splits)) - sum(proposed)
    return tuple(SplitCents(s.channel, cents(s.today), p, _all(s.proposed_interval))
                 for s, p in zip(a.splits, proposed))  # fmt: skip


@dataclass(frozen=True)
class GeoPowerCents:
    """A geo test's power: the week-to-week noise of the treated-minus-control gap and the
    smallest effect a week it detects (minor units; None where the history is too short)."""

    weeks_before: int
    weeks_after: int
    gap_sd_cents: int | None
    minimum_detectable_effect_cents: int | None
    power: float | None
    explanation: str


@dataclass(frozen=True)
class GeoReadoutCents:
    """One readout: the effect a treated week (minor units) with its 95% interval."""

    method: str
    effect_per_week_cents: int
    interval_cents: tuple[int | None, int | None]
    weights: tuple[float, ...]
    explanation: str


def _finite(value: float) -> int | None:
    return cents(value) if math.isfinite(value) else None


def geo_power_cents(p: GeoPower) -> GeoPowerCents:
    return GeoPowerCents(p.weeks_before, p.weeks_after, _finite(p.gap_sd),
                         _finite(p.minimum_detectable_effect), p.power, p.explanation)  # fmt: skip


def geo_readout_cents(r: GeoReadout) -> GeoReadoutCents:
    return GeoReadoutCents(r.method, cents(r.effect_per_week), tuple(map(_finite, r.interval)),
                           r.weights, r.explanation)  # fmt: skip
