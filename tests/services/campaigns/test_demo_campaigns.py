"""On the demo shop: every email campaign's realised sends, opens, clicks, unsubscribes and the
orders after a click come out as generated; planted open and click rates fall inside their
intervals; attribution models each share out exactly the orders that followed a click; the
holdout campaigns' groups and lift are recovered."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from regulars.services.campaigns import (
    attribution_comparison,
    campaign_incrementality,
    campaign_monitor,
    campaign_performance,
    campaign_report,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(demo_workspace, demo_truths):
    return demo_workspace, {t["campaign_id"]: t for t in demo_truths["campaigns"]}


def test_email_counts_and_orders_after_a_click_are_the_realised_ones(demo):
    ws, truths = demo
    rows = [r for r in campaign_performance(ws, window_days=5) if r.channel == "email"]
    assert len(rows) == sum(t["channel"] == "email" for t in truths.values())
    for r in rows:
        t = truths[r.campaign_id]
        assert (r.sends, r.delivered, r.opens, r.clicks, r.unsubscribes) == (
            t["recipients"],
            t["delivered"],
            t["opens"],
            t["clicks"],
            t["unsubscribes"],
        ), r.name
        assert (r.conversions, r.revenue_cents) == (
            t["reported_orders"],
            t["reported_revenue_cents"],
        ), r.name
        assert r.roi == pytest.approx(
            (t["reported_revenue_cents"] - t["spend_cents"]) / t["spend_cents"]
        )
        assert r.holdout == t.get("holdout_size", 0)


def test_planted_rates_fall_inside_their_intervals(demo):
    ws, truths = demo
    rows = [
        r for r in campaign_performance(ws) if r.channel == "email" and (r.delivered or 0) >= 100
    ]
    opens = [
        r.open_rate_interval[0]
        <= truths[r.campaign_id]["planted_open_rate"]
        <= r.open_rate_interval[1]
        for r in rows
    ]
    clicks = [
        r.ctr_interval[0] <= truths[r.campaign_id]["planted_click_rate"] <= r.ctr_interval[1]
        for r in rows
    ]
    assert len(rows) >= 20
    assert sum(opens) / len(rows) >= 0.85 and sum(clicks) / len(rows) >= 0.85  # 95% intervals


def test_caused_roi_is_never_above_what_followed_the_clicks(demo):
    ws, truths = demo
    for r in campaign_performance(ws, window_days=5):
        t = truths[r.campaign_id]
        if r.channel == "email" and r.roi is not None:
            assert t["realised_roi"] <= r.roi + 1e-9, (
                r.name
            )  # attribution counts orders that were not caused


def test_every_model_shares_out_exactly_the_orders_after_a_click(demo):
    ws, _ = demo
    a = attribution_comparison(ws, window_days=7)
    assert a.total_conversions > 100
    for model in a.models:
        assert sum(r.conversions[model] for r in a.campaigns) == pytest.approx(
            a.total_conversions
        ), model
        assert sum(r.revenue_cents[model] for r in a.campaigns) == pytest.approx(
            a.total_revenue_cents
        ), model
    assert "not causation" in a.note


def test_holdout_incrementality(demo):
    ws, truths = demo
    found = campaign_incrementality(ws, window_days=7)
    planted = {cid for cid, t in truths.items() if t["holdout"]}
    assert {i.campaign_id for i in found} == planted
    for i in found:
        t = truths[i.campaign_id]
        assert (i.treated_size, i.holdout_size) == (t["treated_size"], t["holdout_size"])
        # the generator also counts cancelled and failed orders as buying; sales leave them out
        assert abs(i.treated_buyers - t["treated_buyers_7d"]) <= 0.02 * t["treated_size"] + 1
        assert abs(i.holdout_buyers - t["holdout_buyers_7d"]) <= 1
        b = i.buyers
        assert b.lift == pytest.approx(
            i.treated_buyers / i.treated_size - i.holdout_buyers / i.holdout_size
        )
        realised = (
            t["treated_buyers_7d"] / t["treated_size"] - t["holdout_buyers_7d"] / t["holdout_size"]
        )
        assert b.ci_low <= realised <= b.ci_high
        assert b.ci_low < b.lift < b.ci_high


def test_report_and_monitor(demo):
    ws, _ = demo
    report = campaign_report(ws, "markov", 7)
    assert {c.channel for c in report.channels} == {"email", "ads", "social"}
    assert sum(r.attributed_conversions for r in report.campaigns) == pytest.approx(
        report.attribution.total_conversions
    )
    m = campaign_monitor(ws, datetime(2025, 6, 10, 23, 59, tzinfo=UTC))
    assert m.running and all(r.daily for r in m.running if r.channel == "email")
    assert all(a.value < a.plan for a in m.alerts)
    # each answer fills its own extra: the credit in the report, the daily touches in the monitor
    assert all(r.daily is None for r in report.campaigns)
    assert all(r.attributed_conversions is None for r in m.running)
