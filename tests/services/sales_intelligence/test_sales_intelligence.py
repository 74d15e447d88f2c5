"""Forecasts, the pipeline and lead scores through their services on both backends (the small demo
shop), checked against the raw rows; the CLI on the same shop."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from regulars.errors import InputError, NotFoundError
from regulars.services.calendar.periods import period_start
from regulars.services.forecast import forecast, forecast_accuracy, save_forecast
from regulars.services.forecast.series import series_table
from regulars.services.kpis.comparison import kpi_report
from regulars.services.leads import explain_lead, lead_scores, leads_to_call
from regulars.services.pipeline import pipeline_report
from regulars.services.sales import sales_orders


def test_category_forecasts_add_up_to_the_total(small_demo):
    report = forecast(small_demo, "revenue", "category", "week", 6)
    assert report.lines and report.total.model == "bottom-up"
    summed = np.sum([[p.mean for p in line.points] for line in report.lines], axis=0)
    assert np.allclose(summed, [p.mean for p in report.total.points])
    assert "bottom-up" in report.reconciliation
    for line in report.lines:
        assert {row.model for row in line.backtest} >= {"naive", "seasonal_naive"}
        assert all(p.low95 <= p.low80 <= p.mean <= p.high80 <= p.high95 for p in line.points)


def test_the_order_series_counts_the_sale_orders(small_demo):
    table = series_table(small_demo, "orders", "total", "day")
    sales = sales_orders(small_demo)
    assert table.values.sum() == small_demo.store.to_arrow(sales.count()).as_py()


@pytest.mark.parametrize("period", ["month", "week"])
def test_the_last_whole_period_is_the_one_the_kpis_report(small_demo, period):
    """A forecast starts after the last whole period (the KPIs' rule: whole when sales reach its
    last day), never inside a period the shop already has whole figures for."""
    table = series_table(small_demo, "revenue", "total", period)
    last = table.first + table.values.shape[1] - 1
    reported = kpi_report(small_demo, period=period).period_start
    assert str(period_start(last, period)) == str(reported)


def test_saved_forecasts_are_compared_later(small_demo):
    report = forecast(small_demo, "orders", "total", "month", 3)
    name = save_forecast(small_demo, report, dt.date(2026, 1, 1))
    (row,) = [a for a in forecast_accuracy(small_demo) if a.name == name]
    assert row.periods_happened == 0 and "none of its periods" in row.sentence


def test_bad_requests_are_input_errors(small_demo):
    with pytest.raises(InputError, match="cannot be split by category"):
        forecast(small_demo, "orders", "category", "week", 4)
    with pytest.raises(InputError, match="needs at least"):
        forecast(small_demo, "revenue", "total", "month", 30)


def test_the_pipeline_counts_match_the_deals(small_demo):
    report = pipeline_report(small_demo)
    deals = small_demo.store.to_arrow(small_demo.store.table("deals")).to_pydict()
    closed = sum(bool(c) for c in deals["is_closed"])
    won = sum(bool(c) and bool(w) for c, w in zip(deals["is_closed"], deals["is_won"]))
    assert (report.deals, report.closed_deals, report.won_deals) == (
        len(deals["deal_id"]), closed, won)  # fmt: skip
    assert [s.stage for s in report.funnel] == ["lead", "qualified", "proposal", "negotiation"]
    assert sum(g.closed for g in report.by_source) == closed


def test_few_leads_get_the_points_score_said_so(small_demo):
    scores = lead_scores(small_demo)
    assert scores.method == "points" and "rules, not a model" in scores.explanation
    best = leads_to_call(small_demo, 3)
    assert all(b.status in ("new", "qualified") for b in best)
    assert explain_lead(small_demo, best[0].lead_id).lead == best[0]
    with pytest.raises(NotFoundError):
        explain_lead(small_demo, "no such lead")


def test_the_demo_forecast_holds_its_80_percent_interval_on_later_weeks(demo_workspace):
    """Fit on all but the last 12 weeks, forecast them: the 80% interval holds 70-90%."""
    from regulars.analytics.forecast import forecast_series

    table = series_table(demo_workspace, "revenue", "category", "week")
    history, later = table.values[:, :-12], table.values[:, -12:]
    fits = forecast_series(history, 52, 12, table.groups)
    inside = [(later[k] >= f.low80) & (later[k] <= f.high80) for k, f in enumerate(fits)]
    assert 0.7 <= np.mean(inside) <= 0.9
