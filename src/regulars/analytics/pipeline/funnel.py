"""Funnel, win rates with Wilson score intervals (Wilson 1927; Newcombe 1998), stalled deals.

Deals come as arrays: ``depth`` (the index of the furthest open stage reached), ``closed``,
``won``, and per stage the days spent in it (NaN when not reached or not left)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Z95 = 1.959963984540054


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion; (0, 1) when ``n`` is 0."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    centre = p + z * z / (2 * n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    scale = 1 + z * z / n
    return float((centre - half) / scale), float((centre + half) / scale)


@dataclass(frozen=True)
class FunnelStep:
    stage: str
    reached: int
    moved_on: int
    conversion: float | None
    low: float
    high: float
    median_days: float | None


def funnel(stages: tuple[str, ...], depth: np.ndarray, days_in: np.ndarray,
           closed: np.ndarray, won: np.ndarray) -> tuple[FunnelStep, ...]:  # fmt: skip
    """Stage-to-stage conversion: of the deals that reached a stage and are past it or closed,
    how many reached the next one (the last stage's "next" is closed won)."""
    steps = []
    for k, stage in enumerate(stages):
        reached = depth >= k
        decided = reached & ((depth > k) | closed)
        moved = (depth > k) if k + 1 < len(stages) else won
        n, x = int(decided.sum()), int((decided & moved).sum())
        low, high = wilson(x, n)
        spent = days_in[reached, k]
        spent = spent[np.isfinite(spent)]
        steps.append(FunnelStep(stage, int(reached.sum()), x, x / n if n else None, low, high,
                                float(np.median(spent)) if spent.size else None))  # fmt: skip
    return tuple(steps)


@dataclass(frozen=True)
class GroupRate:
    """Closed deals of one group (a source, an owner): win rate, cycle, deal size."""

    group: str
    closed: int
    won: int
    win_rate: float | None
    low: float
    high: float
    median_cycle_days: float | None
    average_won_cents: int | None


def group_rates(groups: np.ndarray, closed: np.ndarray, won: np.ndarray, cycle_days: np.ndarray,
                amount: np.ndarray) -> tuple[GroupRate, ...]:  # fmt: skip
    out = []
    for g in sorted(set(groups.tolist())):
        mine = (groups == g) & closed
        n, x = int(mine.sum()), int((mine & won).sum())
        low, high = wilson(x, n)
        cycles = cycle_days[mine & won]
        sizes = amount[mine & won]
        out.append(GroupRate(str(g), n, x, x / n if n else None, low, high,
                             float(np.median(cycles)) if cycles.size else None,
                             int(round(sizes.mean())) if sizes.size else None))  # fmt: skip
    return tuple(sorted(out, key=lambda r: -(r.win_rate or 0)))


def stalled(stage_now: np.ndarray, days_now: np.ndarray, days_in: np.ndarray,
            quantile: float = 0.9) -> np.ndarray:  # fmt: skip
    """Open deals longer in their current stage than ``quantile`` of the deals that left it (a
    stage with fewer than 5 such deals never flags); a boolean array."""
    flags = np.zeros(len(stage_now), dtype=bool)
    for k in np.unique(stage_now[stage_now >= 0]):
        past = days_in[:, k]
        past = past[np.isfinite(past)]
        if past.size < 5:
            continue
        limit = np.quantile(past, quantile)
        flags |= (stage_now == k) & (days_now > limit)
    return flags
