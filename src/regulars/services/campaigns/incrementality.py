"""Incrementality from holdout groups: what a campaign caused, not what followed it.

For a campaign with ``holdout`` touches, the customers it was sent to (``sent``) and the held-out
ones are compared on buying within ``window_days`` of the campaign's start and on revenue per
customer, with the experiment engine's tests (statistics in the database). Incremental buyers and
revenue scale the lift to the treated group; the incremental ROI weighs that against the spend.
"""

from __future__ import annotations

from dataclasses import dataclass

from regulars.analytics.experiments import two_proportion_z_test, welch_t_test
from regulars.services.experiments.metrics import Metric, arm_statistic, sufficient_sums
from regulars.services.workspace import Workspace

GROUPS = {"sent": "treated", "holdout": "holdout"}


@dataclass(frozen=True, slots=True)
class HoldoutLift:
    """The treated and held-out groups' means, the lift with its 95% interval and p-value, and
    the incremental total in the treated group; for revenue with spend, the incremental ROI."""

    treated: float | None
    holdout: float | None
    lift: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    error: str | None
    incremental: float | None
    incremental_low: float | None
    incremental_high: float | None
    incremental_roi: float | None = None
    incremental_roi_interval: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class CampaignIncrementality:
    """A campaign with a holdout: group sizes and buyers, the buyer and revenue lift."""

    campaign_id: str
    name: str | None
    spend_cents: int | None
    window_days: int
    treated_size: int
    holdout_size: int
    treated_buyers: int
    holdout_buyers: int
    buyers: HoldoutLift
    revenue: HoldoutLift


def _units(ws: Workspace):
    t = ws.store.table("campaign_touches")
    c = ws.store.table("campaigns")
    held = t.filter(t.touch_type == "holdout").select("campaign_id").distinct()
    g = t.filter(t.touch_type.isin(list(GROUPS))).semi_join(held, "campaign_id")
    g = g.group_by(["campaign_id", "customer_id", "touch_type"]).aggregate()
    g = g.inner_join(c.select("campaign_id", "started_at"), "campaign_id")
    arm = g.touch_type.cases(*GROUPS.items())
    return g.select("campaign_id", "customer_id", arm=arm, start=g.started_at)


def _result(group: dict, metric: Metric, spend) -> HoldoutLift:
    holdout, treated = (
        arm_statistic(group.get(a, {"n": 0}), metric) for a in ("holdout", "treated")
    )
    test = two_proportion_z_test if metric.statistic == "proportion" else welch_t_test
    r = test(holdout, treated)
    n = treated.n
    out = {
        "treated": treated.unadjusted_mean,
        "holdout": holdout.unadjusted_mean,
        "lift": r.estimate,
        "ci_low": r.ci_low,
        "ci_high": r.ci_high,
        "p_value": r.p_value,
        "error": r.error,
        "incremental": r.estimate * n,
        "incremental_low": r.ci_low * n,
        "incremental_high": r.ci_high * n,
    }
    if metric.kind == "revenue" and spend:
        out["incremental_roi"] = (out["incremental"] - spend) / spend
        out["incremental_roi_interval"] = (
            (out["incremental_low"] - spend) / spend,
            (out["incremental_high"] - spend) / spend,
        )
    return HoldoutLift(**out)


def campaign_incrementality(
    ws: Workspace, window_days: int = 7
) -> tuple[CampaignIncrementality, ...]:
    """One row per campaign with a holdout: group sizes, buyer and revenue lift with 95%
    intervals."""
    metrics = [
        Metric(f"converted_{window_days}d", "converted", window_days),
        Metric(f"revenue_{window_days}d", "revenue", window_days),
    ]
    rows = sufficient_sums(ws, _units(ws), metrics, by=("campaign_id", "arm"))
    c = ws.store.table("campaigns")
    info = {
        r["campaign_id"]: r
        for r in ws.store.to_arrow(
            c.select("campaign_id", "name", "channel", "spend_cents")
        ).to_pylist()
    }
    by_campaign: dict[str, dict] = {}
    for r in rows:
        by_campaign.setdefault(r["campaign_id"], {})[r["arm"]] = r
    out = []
    for cid, group in sorted(by_campaign.items()):
        spend = info.get(cid, {}).get("spend_cents")
        out.append(
            CampaignIncrementality(
                **{
                    "campaign_id": cid,
                    "name": info.get(cid, {}).get("name"),
                    "spend_cents": spend,
                    "window_days": window_days,
                    "treated_size": int(group.get("treated", {}).get("n", 0)),
                    "holdout_size": int(group.get("holdout", {}).get("n", 0)),
                    "treated_buyers": int(group.get("treated", {}).get(metrics[0].name + "__x", 0)),
                    "holdout_buyers": int(group.get("holdout", {}).get(metrics[0].name + "__x", 0)),
                    "buyers": _result(group, metrics[0], spend),
                    "revenue": _result(group, metrics[1], spend),
                }
            )
        )
    return tuple(out)
