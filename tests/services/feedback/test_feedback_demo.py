"""The demo's planted shipping delay (demo/feedback.py) is found by the feedback services as an
emerging "shipping" issue in its first week, with the affected orders; nothing else alarms."""

from __future__ import annotations

import datetime as dt

from regulars.services import feedback


def _shipping_alert(alerts, truths):
    start, end = (dt.date.fromisoformat(d) for d in truths["shipping_delay"]["first_week"])
    return [a for a in alerts if a.theme == "shipping"
            and start <= dt.date.fromisoformat(a.first_day) <= end]  # fmt: skip


def test_the_shipping_delay_is_an_alert_in_its_first_week(demo_workspace, demo_truths):
    alerts = feedback.feedback_alerts(demo_workspace).alerts
    found = _shipping_alert(alerts, demo_truths)
    assert len(found) == 1, [(a.theme, a.first_day) for a in alerts]
    a = found[0]
    assert a.share > 2 * a.usual_share and a.p_value < 1e-4
    truth = demo_truths["shipping_delay"]["shipping_texts_first_week"]
    assert len(a.orders) >= 0.8 * truth
    assert any("late" in q for q in a.quotes)


def test_no_other_theme_alarms_outside_the_delay_month(demo_workspace, demo_truths):
    month = demo_truths["shipping_delay"]["month"]
    for a in feedback.feedback_alerts(demo_workspace).alerts:
        assert a.theme == "shipping" and a.first_day[:7] == month, a.explanation


def test_the_affected_orders_wrote_about_shipping(demo_workspace, demo_truths):
    a = _shipping_alert(feedback.feedback_alerts(demo_workspace).alerts, demo_truths)[0]
    f = demo_workspace.store.table("feedback")
    rows = demo_workspace.store.to_arrow(
        f.filter(f.order_id.isin(list(a.orders))).select("order_id", "text")
    ).to_pylist()
    about = {r["order_id"] for r in rows if r["text"] and "ship" in r["text"].lower()
             or r["text"] and "deliver" in r["text"].lower()}  # fmt: skip
    assert about == set(a.orders)


def test_shipping_goes_with_unhappy_customers(demo_workspace):
    d = {r.theme: r for r in feedback.feedback_drivers(demo_workspace).drivers}
    assert d["shipping"].clear and d["shipping"].low > 0
    assert "not cause" in feedback.feedback_drivers(demo_workspace).explanation


def test_summary_themes_trends_and_the_sentiment_path(demo_workspace, demo_truths):
    s = feedback.feedback_summary(demo_workspace)
    assert s.texts > 500 and s.sentiment_path in ("lexicon", "learned")
    assert s.lexicon_accuracy is not None and "held-out" in s.explanation
    names = {t.name for t in s.themes if t.mentions}
    assert {"shipping", "price", "taste", "packaging", "quality"} <= names
    trends = feedback.feedback_trends(demo_workspace, "month")
    ship = next(t for t in trends.themes if t.name == "shipping")
    assert len(ship.points) > 12
    peak = max(ship.points, key=lambda p: p.share)
    assert peak.period == demo_truths["shipping_delay"]["month"]
    detail = feedback.feedback_theme(demo_workspace, "Shipping")
    assert detail.theme.mentions == next(t.mentions for t in s.themes if t.name == "shipping")
