"""Comparisons, targets, benchmarks, alert de-duplication, cohorts and improvements on the tiny
shop."""

from __future__ import annotations

import datetime as dt

import pytest

from regulars.errors import InputError
from regulars.services.kpis import (
    cohort_table,
    improvement_areas,
    kpi_report,
    list_targets,
    set_target,
)
from regulars.services.kpis.alerts import _record, _seen, detect_alerts, kpi_alerts
from regulars.services.kpis.history import kpi_history

FEB = dt.date(2025, 2, 15)


def test_previous_period_delta_direction_and_sentence(tiny_shop):
    ws, _ = tiny_shop
    r = kpi_report(ws, "month", "previous", at=FEB).get("average_order_value")
    assert (r.value, r.comparison_value) == (1875, 2000)
    assert r.delta == -125 and r.delta_relative == pytest.approx(-0.0625) and r.is_good is False
    assert r.sentence == (
        "Average order value in February 2025: $18.75, 6.2% below January 2025 ($20.00): "
        "needs attention (on 4 orders against 2)."
    )
    assert kpi_report(ws, "month", "last-year", at=FEB).get("revenue").comparison_value is None


def test_targets_are_written_listed_and_compared(tiny_shop):
    ws, _ = tiny_shop
    set_target(
        ws, "repeat_rate", 80, "quarter", note="most customers come back"
    )  # 80 -> 0.80 for a percent KPI
    set_target(ws, "revenue_cents", 10000, "month")  # an alias, as in the demo's targets
    set_target(ws, "revenue", 9000, "month")  # replaces
    targets = {(t.kpi, t.period): t.target for t in list_targets(ws)}
    assert targets == {("repeat_rate", "quarter"): 0.8, ("revenue", "month"): 9000.0}
    report = kpi_report(ws, "month", "target", at=FEB)
    assert report.get("revenue").comparison_value == 9000 and report.get("revenue").is_good is False
    repeat = report.get("repeat_rate")  # rate: any period; on 2 customers, not judged
    assert repeat.comparison_value == 0.8 and repeat.is_good is None and repeat.within_noise
    assert repeat.sentence.endswith("too few to judge (2 customers).")
    assert report.get("orders").comparison_value is None
    with pytest.raises(InputError):
        set_target(ws, "happiness", 1)


def test_benchmarks_shipped_and_workspace_override(tiny_shop):
    ws, import_rest = tiny_shop
    import_rest()
    r = kpi_report(ws, "month", "benchmark", at=FEB).get("email_open_rate")
    assert r.comparison_value == 0.1568 and "Mailchimp" in r.source and r.is_good is True
    (ws.path / "benchmarks.csv").write_text(
        "vertical,kpi,value,statistic,source,year,url,title,note\n"
        "e-commerce,open_rate,0.40,median,Our trade body,2025,https://example.org,Members "
        "survey,\n",
        encoding="utf-8",
    )
    r = kpi_report(ws, "month", "benchmark", at=FEB).get("email_open_rate")
    assert r.comparison_value == 0.40 and r.is_good is False and "Our trade body" in r.source
    with pytest.raises(InputError):
        kpi_report(ws, "month", "benchmark", vertical="space-travel")


def test_alerts_are_recorded_once(tiny_shop):
    ws, _ = tiny_shop
    history = kpi_history(ws, "day", keys=["orders"])
    assert detect_alerts(history) == []  # too short a history to judge
    from regulars.services.kpis.alerts import KpiAlert

    fake = KpiAlert(
        "a" * 24,
        "orders",
        "Orders",
        "month",
        "2025-02-01",
        "February 2025",
        1,
        10,
        -0.9,
        -8,
        "high",
        False,
        "Orders fell 90% below its usual level in February 2025.",
        "/segments",
    )
    _record(ws, [fake], dt.datetime(2025, 3, 1, tzinfo=dt.UTC))
    assert list(_seen(ws)) == ["a" * 24]
    assert kpi_alerts(ws, "month") == []  # nothing anomalous in three months; nothing written twice


def test_cohorts_hand_computed(tiny_shop):
    ws, _ = tiny_shop
    table = cohort_table(ws)
    by_month = {c.month: c for c in table.cohorts}
    jan = by_month["2025-01"]  # c1, c2; in February only c1 comes back (2000)
    assert jan.size == 2
    assert [(c.age, c.customers, c.retention, c.revenue_per_customer) for c in jan.cells] == [
        (0, 2, 1.0, 2000.0),
        (1, 1, 0.5, 1000.0),
    ]
    assert jan.cells[1].cumulative_revenue_per_customer == 3000.0
    assert (
        by_month["2025-02"].size == 1
        and by_month["2025-02"].cells[0].revenue_per_customer == 5000.0
    )  # c3


def test_improvement_areas_rank_by_money_with_the_arithmetic(tiny_shop):
    ws, import_rest = tiny_shop
    import_rest()
    set_target(ws, "site_conversion_rate", 0.6, "month")
    plan = improvement_areas(ws, at=FEB)
    site = next(a for a in plan.areas if a.kpi == "site_conversion_rate")
    # 10 points x 4 sessions x $18.75 average order x 55.6% margin (February's gross margin
    # 1000/1800)
    assert site.monthly_cents == pytest.approx(0.1 * 4 * 1875 * (1000 / 1800))
    assert (
        site.reference_kind == "target"
        and "4 sessions" in site.arithmetic
        and site.link == "/experiments"
    )
    priced = [a.monthly_cents for a in plan.areas if a.monthly_cents is not None]
    assert priced == sorted(priced, reverse=True)
    assert plan.to_dict()["areas"][0]["explanation"]
