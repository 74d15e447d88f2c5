"""Attributed ROI is not caused ROI: every paid campaign's return, said for what it is.

The attributed ROI counts every order placed within the window after a click, including the orders
that would have come anyway: for a campaign without a holdout it is an upper bound on what the
campaign caused. Where a holdout exists, the caused ROI (incremental revenue against spend, from
the treated-vs-held-out comparison) comes first. For each paid campaign without one, the sentence
says so and gives the holdout design for the next one: the experiment planner's command (and API)
with this campaign's buying rate as the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass

from regulars.units import rate

#: The smallest relative lift in buyers a suggested holdout should detect.
SUGGESTED_LIFT = 0.2
PLANNER_API = "POST /api/v1/experiments/plan"


@dataclass(frozen=True, slots=True)
class CampaignRoi:
    """One paid campaign's ROI: ``basis`` "caused" (a holdout measured it) or "attributed" (an
    upper bound); the sentence in words; for the attributed ones, the holdout design to plan."""

    campaign_id: str
    name: str | None
    channel: str | None
    spend_cents: int
    basis: str
    caused_roi: float | None
    caused_roi_interval: tuple[float, float] | None
    attributed_roi: float | None
    sentence: str
    holdout_plan: str | None = None


def _signed(value: float | None) -> str:
    return "–" if value is None else ("+" if value > 0 else "") + rate(value, 0)


def _plan(row) -> str | None:
    """The planner's command for a holdout test of the next such campaign (its buying rate)."""
    reached = row.sends or row.delivered or row.engaged_customers
    if not reached or not row.buyers:
        return f"regulars experiment plan --baseline 0.05 --mde {SUGGESTED_LIFT} --relative"
    baseline = min(max(row.buyers / reached, 0.001), 0.99)
    return (
        f"regulars experiment plan --baseline {baseline:.3g} --mde {SUGGESTED_LIFT} --relative "
        f"--sample-size {max(reached // 2, 1)}"
    )


def _caused(row, lift) -> CampaignRoi:
    low, high = lift.revenue.incremental_roi_interval or (None, None)
    sentence = (
        f"{row.name}: caused ROI {_signed(lift.revenue.incremental_roi)} (95% interval "
        f"{_signed(low)} to {_signed(high)}), measured against {lift.holdout_size:,} held-out "
        f"customers; the attributed ROI {_signed(row.roi)} also counts orders that would have come "
        "anyway."
    )
    return CampaignRoi(
        row.campaign_id, row.name, row.channel, row.spend_cents, "caused",
        lift.revenue.incremental_roi, lift.revenue.incremental_roi_interval, row.roi, sentence,
    )  # fmt: skip


def _attributed(row, window_days: int, touch: str) -> CampaignRoi:
    plan = _plan(row)
    sentence = (
        f"{row.name}: attributed ROI {_signed(row.roi)} is an upper bound: it credits every order "
        f"within {window_days} days of a {touch}, including orders that would have come anyway, "
        "and no holdout measured what the campaign caused. Hold out a random group next time; "
        f"plan it with {plan} (or {PLANNER_API})."
    )
    return CampaignRoi(
        row.campaign_id, row.name, row.channel, row.spend_cents, "attributed",
        None, None, row.roi, sentence, plan,
    )  # fmt: skip


def campaign_roi(rows, incrementality, window_days: int, touch: str) -> tuple[CampaignRoi, ...]:
    """Every paid campaign's ROI, caused ones first (then by spend, largest first)."""
    lifts = {i.campaign_id: i for i in incrementality}
    out = []
    for row in rows:
        if not row.spend_cents:
            continue
        lift = lifts.get(row.campaign_id)
        if lift is not None and lift.revenue.incremental_roi is not None:
            out.append(_caused(row, lift))
        else:
            out.append(_attributed(row, window_days, touch))
    return tuple(sorted(out, key=lambda r: (r.basis != "caused", -r.spend_cents, r.campaign_id)))


def roi_summary(roi: tuple[CampaignRoi, ...]) -> str:
    """'Of 73 paid campaigns, 2 have a holdout (caused ROI shown first); for the other 71 the
    attributed ROI is an upper bound.'"""
    caused = sum(r.basis == "caused" for r in roi)
    if not roi:
        return ""
    return (
        f"Of {len(roi):,} paid campaigns, {caused:,} have a holdout (their caused ROI comes "
        f"first); for the other {len(roi) - caused:,} the attributed ROI is an upper bound, not "
        "what the campaign caused."
    )
