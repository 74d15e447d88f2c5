"""One pipeline report (``pipeline_report``), a frozen dataclass the CLI, API, page and report
share."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from zoneinfo import ZoneInfo

import numpy as np

from regulars import units
from regulars.analytics.pipeline import (
    FunnelStep,
    GroupRate,
    brier,
    funnel,
    group_rates,
    learn_stage_probabilities,
    pipeline_forecast,
    stalled,
)
from regulars.services.cache import cached
from regulars.services.pipeline.deals import DAY, Deals, load_deals
from regulars.services.workspace import Workspace


@dataclass(frozen=True)
class StalledDeal:
    deal_id: str
    name: str
    stage: str
    days_in_stage: float
    usual_days: float
    amount_cents: int
    message: str


@dataclass(frozen=True)
class StageProbability:
    stage: str
    learned: float
    fixed: float
    closed_deals: int


@dataclass(frozen=True)
class MonthForecast:
    month: str
    deals: int
    expected_cents: int
    low_cents: int
    high_cents: int


@dataclass(frozen=True)
class PipelineReport:
    currency: str
    deals: int
    open_deals: int
    closed_deals: int
    won_deals: int
    win_rate: float | None
    win_rate_low: float
    win_rate_high: float
    funnel: tuple[FunnelStep, ...]
    by_source: tuple[GroupRate, ...]
    by_owner: tuple[GroupRate, ...]
    stalled: tuple[StalledDeal, ...]
    probabilities: tuple[StageProbability, ...]
    brier_learned: float | None
    brier_fixed: float | None
    brier_deals: int
    forecast: tuple[MonthForecast, ...]
    sentences: tuple[str, ...]

    def to_dict(self) -> dict:
        return asdict(self)


def _stalled(d: Deals, days: np.ndarray, currency: str) -> tuple[StalledDeal, ...]:
    if not d.stages:
        return ()
    open_ = ~d.closed & (d.depth >= 0)
    stage_now = np.where(open_, d.depth, -1)
    entered_now = d.entered[np.arange(len(d.depth)), np.maximum(d.depth, 0)]
    days_now = (d.now - entered_now) / DAY
    flags = stalled(stage_now, days_now, days)
    out = []
    for i in np.flatnonzero(flags):
        usual = float(np.nanmedian(days[:, d.depth[i]]))
        name = d.stages[d.depth[i]]
        out.append(StalledDeal(str(d.deal_ids[i]), str(d.names[i]), name, float(days_now[i]),
                               usual, int(d.amount[i]),
                               f"{d.names[i]} has been in {name} for {days_now[i]:.0f} days "
                               f"(usually {usual:.0f}); {units.money(int(d.amount[i]), currency)}"
                               " at stake."))  # fmt: skip
    return tuple(sorted(out, key=lambda s: -s.days_in_stage))


def _brier(d: Deals) -> tuple[float | None, float | None, int]:
    """Learn on the earlier half of the closed deals (by close date), score the later half."""
    idx = np.flatnonzero(d.closed & (d.depth >= 0))
    if idx.size < 10:
        return None, None, 0
    idx = idx[np.argsort(d.close_at[idx], kind="stable")]
    early, late = idx[: idx.size // 2], idx[idx.size // 2 :]
    model = learn_stage_probabilities(d.stages, d.depth[early], d.closed[early], d.won[early])
    learned = brier(model, d.depth[late], d.won[late], learned=True)
    return learned, brier(model, d.depth[late], d.won[late], learned=False), int(late.size)


def _forecast(d: Deals, model, tz: str) -> tuple[MonthForecast, ...]:
    open_ = np.flatnonzero(~d.closed & (d.depth >= 0))
    won = d.won & (d.depth >= 0)
    remaining = []
    for k in range(len(d.stages)):
        left = (d.close_at[won] - d.entered[won, k]) / DAY
        left = left[np.isfinite(left)]
        remaining.append(float(np.median(left)) if left.size else 30.0)
    close = d.close_at[open_]
    guess = d.now + np.array([remaining[k] for k in d.depth[open_]]) * DAY
    close = np.where(np.isfinite(close) & (close >= d.now), close, guess)
    zone = ZoneInfo(tz)
    months = np.array([(lambda t: t.year * 12 + t.month - 1)(dt.datetime.fromtimestamp(c, zone))
                       for c in close], dtype=np.int64)  # fmt: skip
    p = model.probability(d.depth[open_])
    rows = pipeline_forecast(d.amount[open_], p, months)
    return tuple(MonthForecast(f"{r['month'] // 12}-{r['month'] % 12 + 1:02d}", r["deals"],
                               r["expected_cents"], r["low_cents"], r["high_cents"])
                 for r in rows)  # fmt: skip


def _sentences(r: dict, currency: str) -> tuple[str, ...]:
    out = []
    if r["win_rate"] is not None:
        out.append(f"{units.rate(r['win_rate'], 0)} of closed deals were won "
                   f"({units.rate(r['low'], 0)}-{units.rate(r['high'], 0)}, 95%).")  # fmt: skip
    src = [g for g in r["by_source"] if g.closed >= 5]
    if len(src) >= 2:
        best, worst = src[0], src[-1]
        out.append(f"Deals from {best.group} win most often ({units.rate(best.win_rate, 0)} of "
                   f"{best.closed}); from {worst.group} least ({units.rate(worst.win_rate, 0)} "
                   f"of {worst.closed}).")  # fmt: skip
    if r["brier_learned"] is not None:
        better = "better" if r["brier_learned"] < r["brier_fixed"] else "no better"
        out.append(f"Stage probabilities learned from your closed deals score {better} than "
                   f"fixed ones (Brier {r['brier_learned']:.3f} vs {r['brier_fixed']:.3f} on "
                   f"the {r['brier_deals']} most recently closed).")  # fmt: skip
    return tuple(out)


@cached
def pipeline_report(ws: Workspace) -> PipelineReport:
    from regulars.analytics.pipeline import wilson

    d = load_deals(ws)
    currency = ws.settings.currency
    days = d.days_in()
    model = learn_stage_probabilities(d.stages, d.depth, d.closed, d.won)
    n_closed, n_won = int(d.closed.sum()), int(d.won.sum())
    low, high = wilson(n_won, n_closed)
    cycle = d.cycle_days
    by_source = group_rates(d.source, d.closed, d.won, cycle, d.amount)
    learned, fixed, n_brier = _brier(d)
    parts = {"win_rate": n_won / n_closed if n_closed else None, "low": low, "high": high,
             "by_source": by_source, "brier_learned": learned, "brier_fixed": fixed,
             "brier_deals": n_brier}  # fmt: skip
    return PipelineReport(
        currency, len(d.deal_ids), int((~d.closed).sum()), n_closed, n_won, parts["win_rate"],
        low, high, funnel(d.stages, d.depth, days, d.closed, d.won), by_source,
        group_rates(d.owner, d.closed, d.won, cycle, d.amount), _stalled(d, days, currency),
        tuple(StageProbability(s, model.learned[k], model.fixed[k], model.deals[k])
              for k, s in enumerate(d.stages)),
        learned, fixed, n_brier, _forecast(d, model, ws.store.timezone),
        _sentences(parts, currency),
    )  # fmt: skip
