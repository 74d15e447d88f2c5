"""The weekly data the marketing mix model reads, on DuckDB and PostgreSQL alike: every cent of
campaign spend inside the whole weeks lands in its channel, the revenue is the forecast's weekly
series, and the fit saves and reads back on both backends."""

from __future__ import annotations

import numpy as np

from regulars.services.forecast.series import series_table
from regulars.services.mmm import allocate_budget, fit_mmm, mmm_report
from regulars.services.mmm.data import weekly_data
from regulars.units import money


def test_weekly_spend_and_revenue_from_the_store(small_demo):
    data = weekly_data(small_demo)
    rows = small_demo.store.to_arrow(
        small_demo.store.table("campaigns").select("channel", "spend_cents")
    ).to_pylist()
    by_channel = {}
    for r in rows:
        by_channel[r["channel"]] = by_channel.get(r["channel"], 0) + (r["spend_cents"] or 0)
    assert data.channels == tuple(sorted(c for c, v in by_channel.items() if v))
    for c, name in enumerate(data.channels):  # campaigns of the week in progress are left out
        assert 0.9 * by_channel[name] <= data.spend[:, c].sum() <= by_channel[name] + 1e-6
    revenue = series_table(small_demo, "revenue", "total", "week").values.sum(axis=0)
    assert np.array_equal(data.revenue, revenue)
    assert data.extra.shape[0] == len(data.weeks) and data.extra.max() == 1.0


def test_fit_saves_and_reads_back(small_demo):
    fitted = fit_mmm(small_demo, n_boot=20, holdouts=False)
    again = mmm_report(small_demo)
    assert [c.caused_cents for c in again.channels] == [c.caused_cents for c in fitted.channels]


def test_money_leaves_the_service_in_whole_minor_units(small_demo):
    """The maths runs in floats; every amount the report and the allocation hand out is an int
    (cents), the split adds up to the budget to the cent, and the sentences name the currency."""
    report = fit_mmm(small_demo, n_boot=20, holdouts=False, save=True)
    amounts = [v for c in report.channels for v in (c.spend_cents, c.caused_cents,
               *c.caused_interval_cents, c.half_point_cents)]  # fmt: skip
    amounts += [v for c in report.curves for v in c.weekly_revenue_cents + c.high_cents]
    amounts += [v for row in report.contributions_cents for v in row] + list(report.revenue_cents)
    assert amounts and all(type(v) is int for v in amounts)
    spent = small_demo.store.to_arrow(small_demo.store.table("campaigns").spend_cents.sum())
    assert sum(c.spend_cents for c in report.channels) <= spent.as_py()
    budget = int(sum(s.today_cents for s in allocate_budget(small_demo).splits) * 0.9) + 7
    plan = allocate_budget(small_demo, budget)  # within every channel's cap: all of it is split
    assert sum(s.proposed_cents for s in plan.splits) == plan.budget_cents == budget
    assert all(type(s.proposed_cents) is int and type(s.today_cents) is int for s in plan.splits)
    assert f"Spending {money(budget)} a week" in plan.explanation
    assert "$" in report.channels[0].explanation
