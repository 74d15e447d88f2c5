"""What a fitted model says, as frozen results with plain-words explanations: each channel's
caused revenue, ROI and marginal ROI with 90% intervals from the bootstrap draws; the response
curves; the contributions week by week; and the best split of a budget against today's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from regulars.analytics.mmm.allocate import optimal_split, weekly_revenue
from regulars.analytics.mmm.diagnostics import Separability, separability
from regulars.analytics.mmm.model import MediaMixModel

LEVEL = 0.90
STEP = 0.01  # marginal ROI: the return on 1% more spend


def plain(value: float) -> str:
    """Money in the units it came in, for the sentences when the caller names no currency."""
    return f"{value:,.0f}"


@dataclass(frozen=True, slots=True)
class ChannelEffect:
    channel: str
    spend: float
    contribution: float
    contribution_interval: tuple[float, float]
    roi: float | None
    roi_interval: tuple[float, float] | None
    marginal_roi: float | None
    marginal_roi_interval: tuple[float, float] | None
    decay: float
    half_point: float
    separable: bool
    explanation: str
    limit: str | None = None


@dataclass(frozen=True, slots=True)
class ResponseCurve:
    channel: str
    weekly_spend: tuple[float, ...]
    weekly_revenue: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    current_weekly_spend: float


@dataclass(frozen=True, slots=True)
class MmmSummary:
    channels: tuple[ChannelEffect, ...]
    curves: tuple[ResponseCurve, ...]
    contributions: tuple[tuple[float, ...], ...]
    separability: Separability
    r2: float
    explanation: str


@dataclass(frozen=True, slots=True)
class ChannelSplit:
    channel: str
    today: float
    proposed: float
    proposed_interval: tuple[float, float]


@dataclass(frozen=True, slots=True)
class Allocation:
    budget: float
    splits: tuple[ChannelSplit, ...]
    revenue_today: float
    revenue_today_interval: tuple[float, float]
    revenue_proposed: float
    revenue_proposed_interval: tuple[float, float]
    gain_interval: tuple[float, float]
    explanation: str


def _iv(values, point: float | None = None) -> tuple[float, float]:
    """The 90% percentile interval of the draws, stretched to hold the point fit (the draws
    refit from the point's transforms, and the shrinkage can leave them all on one side)."""
    lo, hi = np.percentile(values, [50 * (1 - LEVEL), 100 - 50 * (1 - LEVEL)], axis=0)
    if point is not None:
        lo, hi = min(lo, point), max(hi, point)
    return float(lo), float(hi)


def _draws(model: MediaMixModel):
    return [model.draw(i) for i in range(len(model.draws_["beta"]))]


def _effect(model, spend, c, name, total, marg, limit, fmt=plain) -> ChannelEffect:
    s = float(spend[:, c].sum())
    point = float(model.media(spend)[:, c].sum())
    roi = (lambda v: v / s - 1) if s > 0 else None
    civ = _iv(total[:, c], point)
    riv = (roi(civ[0]), roi(civ[1])) if roi else None
    m = float(np.median(marg[:, c])) if s > 0 else None
    miv = _iv(marg[:, c], m) if s > 0 else None
    between = f"90% interval {fmt(civ[0])} to {fmt(civ[1])}"
    text = f"{name}: caused {fmt(point)} on spend {fmt(s)} ({between})"
    if roi:
        text += (f"; ROI {roi(point):+.0%} ({riv[0]:+.0%} to {riv[1]:+.0%}); the next dollar "
                 f"returns {m:.2f}")  # fmt: skip
    if riv and riv[0] < 0 < riv[1]:
        text += ("; the data cannot tell whether it pays back: test it (regulars campaigns test "
                 "design --kind geo)")  # fmt: skip
    text += "."
    if limit:  # the number is the model's guess, not a measurement: the limit comes first
        text = f"{limit} The model's guess, for what it is worth: {fmt(point)} ({between})."
    return ChannelEffect(name, s, point, civ, roi(point) if roi else None, riv, m,
                         miv, float(model.point_["decay"][c]),
                         float(model.point_["half"][c]), limit is None, text, limit)  # fmt: skip


def _curve(model, draws, c, name, spend) -> ResponseCurve:
    now = float(spend[:, c].mean())
    grid = np.linspace(0, 3 * max(now, 1e-9), 25)
    p = model.point_
    lines = np.array([weekly_revenue(grid, d["beta"][c], d["half"][c]) for d in draws])
    lo, hi = np.percentile(lines, [5, 95], axis=0)
    mid = weekly_revenue(grid, p["beta"][c], p["half"][c])
    return ResponseCurve(name, tuple(grid.tolist()), tuple(mid.tolist()), tuple(lo.tolist()),
                         tuple(hi.tolist()), now)  # fmt: skip


def summarise(model: MediaMixModel, spend, channels: tuple[str, ...],
              fmt: Callable[[float], str] = plain, controls=None,
              control_names: tuple[str, ...] = ()) -> MmmSummary:  # fmt: skip
    """Per channel effect, curves, weekly contributions and the separability limits (against
    each other and the baseline's ``controls`` columns); ``fmt`` writes money in the sentences."""
    spend = np.asarray(spend, float)
    draws = _draws(model)
    total = np.array([model.media(spend, d).sum(0) for d in draws])
    more = np.array([model.media(spend * (1 + STEP), d).sum(0) for d in draws])
    marg = (more - total) / np.maximum(STEP * spend.sum(0), 1e-9)
    sep = separability(spend, channels, controls, control_names)
    effects = tuple(_effect(model, spend, c, n, total, marg, sep.limit[c], fmt)
                    for c, n in enumerate(channels))  # fmt: skip
    curves = tuple(_curve(model, draws, c, n, spend) for c, n in enumerate(channels))
    weekly = tuple(tuple(map(float, row)) for row in model.media(spend))
    text = (f"The model explains {model.r2_:.0%} of the week-to-week variation in revenue; "
            f"intervals are 90% from {len(draws)} block-bootstrap refits.")  # fmt: skip
    unsure = [n for n, ok in zip(channels, sep.separable) if not ok]
    if unsure:
        text += (f" The data cannot separate what {' and '.join(unsure)} caused: "
                 f"{'each sentence says' if len(unsure) > 1 else 'its sentence says'} why and "
                 "which test would tell.")  # fmt: skip
    return MmmSummary(effects, curves, weekly, sep, model.r2_, text)


def allocate(model: MediaMixModel, today: np.ndarray, channels: tuple[str, ...],
             budget: float | None = None, max_change: float = 2.0,
             fmt: Callable[[float], str] = plain,
             held: tuple[bool, ...] = ()) -> Allocation:  # fmt: skip
    """Split ``budget`` a week (default today's total) across channels, each within ``[0,
    max_change * today's]``; a ``held`` channel (one the data cannot separate) stays at today's
    spend, for its curve is a guess; intervals over the bootstrap draws."""
    today = np.asarray(today, float)
    budget = float(today.sum() if budget is None else budget)
    fixed = np.asarray(held, bool) if len(held) else np.zeros(len(today), bool)
    high = np.where(fixed, today, np.maximum(today * max_change, budget / len(today) * 0.5))
    low = np.where(fixed, today, 0.0)
    p, draws = model.point_, _draws(model)
    split = optimal_split(budget, p["beta"], p["half"], low, high)
    per = np.array([optimal_split(budget, d["beta"], d["half"], low, high) for d in draws])
    rev_now = np.array([weekly_revenue(today, d["beta"], d["half"]).sum() for d in draws])
    rev_new = np.array([weekly_revenue(split, d["beta"], d["half"]).sum() for d in draws])
    splits = tuple(ChannelSplit(n, float(today[c]), float(split[c]), _iv(per[:, c]))
                   for c, n in enumerate(channels))  # fmt: skip
    now, new = (float(weekly_revenue(x, p["beta"], p["half"]).sum()) for x in (today, split))
    gain = _iv(rev_new - rev_now)
    text = (f"Spending {fmt(budget)} a week as proposed brings {fmt(new)} a week from the "
            f"channels against {fmt(now)} with today's split (gain 90% interval {fmt(gain[0])} "
            f"to {fmt(gain[1])}).")  # fmt: skip
    if gain[0] <= 0:
        text += " The gain is not sure: test before moving the budget."
    if fixed.any():
        kept = ", ".join(n for n, f in zip(channels, fixed) if f)
        text += (f" {kept} stays at today's spend: the data cannot separate what it causes "
                 "(see the limits), so moving its budget would follow a guess.")  # fmt: skip
    return Allocation(budget, splits, now, _iv(rev_now), new, _iv(rev_new), gain, text)
