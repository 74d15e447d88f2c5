"""Customer journeys built in the database, credited by every attribution model side by side.

A converting journey is one sale order with the engagements (clicks, or opens and clicks) of its
customer in the ``window_days`` before it; engagements followed by no order within the window
form one non-converting journey per customer (the Markov model needs both). Each model's credits
sum to the orders that had at least one engagement in their window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.analytics.attribution import MODELS, Journeys, compare_models, markov
from regulars.services.campaigns.performance import ENGAGEMENT
from regulars.services.sales import day_length, orders_after_touches
from regulars.services.workspace import Workspace

NOT_CAUSATION = (
    "Attribution shares out orders that followed a campaign touch; it is not causation. Customers "
    "who "
    "click are often customers who would have bought anyway. Only a holdout group measures what a "
    "campaign caused."
)


@dataclass(frozen=True, slots=True)
class CampaignCredit:
    """One campaign's orders and revenue credited by each model (by model name), and its Markov
    removal effect."""

    campaign_id: str
    name: str | None
    channel: str | None
    conversions: dict[str, float]
    revenue_cents: dict[str, float]
    removal_effect: float


@dataclass(frozen=True, slots=True)
class AttributionComparison:
    """Orders and revenue credited to each campaign under every attribution model."""

    window_days: int
    touch: str
    models: tuple[str, ...]
    campaigns: tuple[CampaignCredit, ...]
    total_conversions: int
    total_revenue_cents: float
    journeys: int
    note: str


def _touch_pairs(ws: Workspace, window_days: int, touch: str) -> tuple[pa.Table, pa.Table]:
    t = ws.store.table("campaign_touches")
    e = t.filter(t.touch_type.isin(ENGAGEMENT[touch])).select(
        "touch_id", "campaign_id", "customer_id", "occurred_at"
    )
    j = orders_after_touches(ws, e, "occurred_at", window_days, columns=("order_id", "total_cents"))
    days = j.age / day_length(ws)
    pairs = j.select(
        "order_id", "campaign_id", "touch_id", days_before=days, value=j.total_cents.cast("float64")
    )
    lonely = e.anti_join(pairs.select("touch_id"), "touch_id")
    lonely = lonely.select(
        "customer_id", "campaign_id", at=lonely.occurred_at.epoch_seconds().cast("float64")
    )
    return ws.store.to_arrow(pairs), ws.store.to_arrow(lonely)


def campaign_journeys(
    ws: Workspace, window_days: int = 7, touch: str = "click"
) -> tuple[Journeys, list[str]]:
    """The journeys as arrays, and the campaign id of each channel index."""
    pairs, lonely = _touch_pairs(ws, window_days, touch)
    campaigns = pc.unique(
        pa.concat_arrays(
            [
                pairs["campaign_id"].combine_chunks().cast(pa.string()),
                lonely["campaign_id"].combine_chunks().cast(pa.string()),
            ]
        )
    ).to_pylist()
    index = {c: i for i, c in enumerate(sorted(campaigns))}
    conv_ids = pairs["order_id"].combine_chunks().dictionary_encode()
    n_conv = len(conv_ids.dictionary)
    values = np.zeros(n_conv)
    codes = conv_ids.indices.to_numpy(zero_copy_only=False).astype(int)
    values[codes] = pairs["value"].to_numpy()
    cust = lonely["customer_id"].combine_chunks().dictionary_encode()
    lonely_j = cust.indices.to_numpy(zero_copy_only=False).astype(int) + n_conv
    at = lonely["at"].to_numpy().astype(float)
    last = np.full(len(cust.dictionary), -np.inf)
    np.maximum.at(last, lonely_j - n_conv, at)
    journeys = Journeys(
        journey=np.r_[codes, lonely_j],
        channel=np.array(
            [
                index[c]
                for c in pairs["campaign_id"].to_pylist() + lonely["campaign_id"].to_pylist()
            ],
            dtype=int,
        ),
        days_before=np.r_[
            pairs["days_before"].to_numpy(), (last[lonely_j - n_conv] - at) / 86400.0
        ],
        converted=np.r_[np.ones(n_conv, bool), np.zeros(len(cust.dictionary), bool)],
        value=np.r_[values, np.zeros(len(cust.dictionary))],
    )
    return journeys, sorted(campaigns)


def attribution_comparison(
    ws: Workspace, window_days: int = 7, touch: str = "click", half_life_days: float = 7.0
) -> AttributionComparison:
    """Per campaign: the orders and revenue credited under every model, with the Markov removal
    effects."""
    journeys, ids = campaign_journeys(ws, window_days, touch)
    c = ws.store.table("campaigns")
    names = {
        r["campaign_id"]: r
        for r in ws.store.to_arrow(c.select("campaign_id", "name", "channel")).to_pylist()
    }
    credits = compare_models(journeys, len(ids), half_life_days) if ids else {}
    removal = markov(journeys, len(ids)).removal_effects if ids else np.zeros(0)
    rows = tuple(
        CampaignCredit(
            cid,
            names.get(cid, {}).get("name"),
            names.get(cid, {}).get("channel"),
            {m: float(credits[m].conversions[i]) for m in MODELS},
            {m: float(credits[m].value[i]) for m in MODELS},
            float(removal[i]),
        )
        for i, cid in enumerate(ids)
    )
    return AttributionComparison(
        window_days,
        touch,
        tuple(MODELS),
        rows,
        int(journeys.converted.sum()),
        float(journeys.value.sum()),
        int(len(journeys.converted)),
        NOT_CAUSATION,
    )
