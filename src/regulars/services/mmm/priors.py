"""Priors that calibrate the model: the user's own ("email caused 470,000 over these weeks, give
or take 100,000") and every holdout the campaigns carry (the campaign's measured incremental
revenue with its 95% interval becomes a prior on its channel over the campaign's weeks)."""

from __future__ import annotations

import datetime as dt

from regulars.analytics.mmm import Prior
from regulars.errors import InputError
from regulars.services.calendar.periods import number_of
from regulars.services.mmm.data import WeeklyData
from regulars.services.workspace import Workspace


def parse_priors(texts, channels: tuple[str, ...]) -> tuple[tuple[Prior, str], ...]:
    """``"channel=total:sd"`` in minor units over every fitted week."""
    out = []
    for text in texts:
        try:
            name, rest = text.split("=", 1)
            total, sd = (float(v) for v in rest.split(":", 1))
        except ValueError:
            raise InputError(
                f"prior {text!r}: write channel=total:sd, e.g. email=470000:100000"
            ) from None
        if name not in channels:
            raise InputError(f"prior {text!r}: no channel {name!r}; use one of: "
                             f"{', '.join(channels)}")  # fmt: skip
        if sd <= 0:
            raise InputError(f"prior {text!r}: the standard deviation must be positive")
        out.append((Prior(channels.index(name), total, sd), f"stated: {name} caused {total:,.0f} "
                    f"(sd {sd:,.0f}) over the fitted weeks"))  # fmt: skip
    return tuple(out)


def _week(ts) -> int:
    return number_of(ts.date() if isinstance(ts, dt.datetime) else ts, "week")


def holdout_priors(ws: Workspace, data: WeeklyData) -> tuple[tuple[Prior, str], ...]:
    from regulars.services.campaigns import campaign_incrementality

    c = ws.store.table("campaigns")
    meta = {r["campaign_id"]: r for r in ws.store.to_arrow(
        c.select("campaign_id", "channel", "started_at")).to_pylist()}  # fmt: skip
    out = []
    for lift in campaign_incrementality(ws, 7):
        r, rev = meta.get(lift.campaign_id), lift.revenue
        if not r or rev.incremental is None or rev.incremental_low is None:
            continue
        if r["channel"] not in data.channels:
            continue
        start = _week(r["started_at"]) - data.first_week
        if not 0 <= start < len(data.weeks) - 1:
            continue
        sd = max((rev.incremental_high - rev.incremental_low) / 3.92, 1.0)
        prior = Prior(data.channels.index(r["channel"]), rev.incremental, sd, start, start + 2)
        low, high = rev.incremental_low, rev.incremental_high
        out.append((prior, f"holdout: {lift.name} caused {rev.incremental:,.0f} "
                    f"(95% {low:,.0f} to {high:,.0f})"))  # fmt: skip
    return tuple(out)
