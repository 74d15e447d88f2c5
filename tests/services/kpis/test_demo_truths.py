"""On the demo shop: the planted shipping-delay month raises a feedback alert; campaign CTR and ROI
come
out as generated; competitors' price indexes come out as planted (DuckDB; the same code runs on
PostgreSQL)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from regulars.services.kpis import competitor_comparison, kpi_alerts, kpi_highlights, kpi_history
from regulars.services.kpis.campaigns import campaign_results


@pytest.fixture(scope="module")
def demo(demo_workspace, demo_truths):
    return demo_workspace, SimpleNamespace(**demo_truths)


def test_shipping_delay_month_is_a_feedback_alert(demo_copy, demo_truths):
    ws, truths = demo_copy, SimpleNamespace(**demo_truths)  # kpi_alerts records the alerts it finds
    month = truths.shipping_delay["month"] + "-01"
    alerts = [a for a in kpi_alerts(ws, "month") if a.period_start == month]
    feedback = {
        a.kpi
        for a in alerts
        if a.kpi in ("average_rating", "csat", "first_response_hours") and not a.is_good
    }
    assert "average_rating" in feedback or "csat" in feedback, [a.message for a in alerts]
    rating = next(a for a in alerts if a.kpi == "average_rating")
    assert rating.value == pytest.approx(truths.shipping_delay["mean_rating_in_month"], abs=0.01)
    assert "fell" in rating.message and "below" in rating.message
    assert all(not a.new for a in kpi_alerts(ws, "month"))  # recorded once


def test_campaign_ctr_and_roi_as_generated(demo):
    ws, truths = demo
    ours = {c.campaign_id: c for c in campaign_results(ws)}
    for t in truths.campaigns:
        c = ours[t["campaign_id"]]
        if t["channel"] == "email":
            assert c.click_through_rate == pytest.approx(t["clicks"] / t["delivered"])
            if t[
                "spend_cents"
            ]:  # ROI on the platform-reported revenue (orders within 5 days of a click)
                assert c.roi == pytest.approx(
                    (t["reported_revenue_cents"] - t["spend_cents"]) / t["spend_cents"]
                )
        else:
            assert c.click_through_rate == pytest.approx(t["clicks"] / t["impressions"])
    emails = [t for t in truths.campaigns if t["channel"] == "email"]
    by_month: dict[str, list] = {}
    for t in emails:
        by_month.setdefault(ours[t["campaign_id"]].started_at[:7], []).append(t)
    ctr = {
        p.start.isoformat()[:7]: p.value
        for p in kpi_history(ws, "month", keys=["email_click_rate"]).series[0].points
    }
    for month, ts in by_month.items():
        assert ctr[month] == pytest.approx(
            sum(t["clicks"] for t in ts) / sum(t["delivered"] for t in ts)
        )


def test_competitor_price_index_as_planted(demo):
    ws, truths = demo
    report = {c.competitor_id: c for c in competitor_comparison(ws).competitors}
    for cid, t in truths.competitors.items():
        assert report[cid].price_index_median == pytest.approx(t["planted_price_index"], abs=0.02)


def test_highlights_are_sentences(demo):
    ws, _ = demo
    lines = kpi_highlights(ws)
    assert lines and all(isinstance(line, str) and line.endswith(".") for line in lines)
