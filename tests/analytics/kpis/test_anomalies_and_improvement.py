from __future__ import annotations

import numpy as np
import pytest

from regulars.analytics.anomalies import find_anomalies, seasonal_baseline
from regulars.analytics.improvement import MonthContext, monthly_impact, rank_by_money


def test_a_drop_on_the_usual_weekday_is_found_and_an_outlier_does_not_move_the_baseline():
    weeks = 10
    weekday_level = np.array([100, 80, 80, 80, 90, 140, 60], dtype=float)
    values = np.tile(weekday_level, weeks) * (1 + 0.02 * np.sin(np.arange(7 * weeks)))
    values[20] = 1000.0  # one wild day earlier on
    values[-6] = 50.0  # a Tuesday far below the usual Tuesday
    season = np.arange(len(values)) % 7
    found = find_anomalies(values, season, window=28, min_history=14)
    last = [a for a in found if a.index == len(values) - 6]
    assert (
        len(last) == 1
        and last[0].seasonal
        and last[0].residual == pytest.approx(50 / last[0].baseline - 1)
    )
    assert last[0].baseline == pytest.approx(80, rel=0.05)
    assert all(a.index in (20, len(values) - 6) for a in found)


def test_a_steady_series_has_no_anomalies():
    values = 100 + np.random.default_rng(1).normal(0, 2, 40)
    assert find_anomalies(values, np.arange(40) % 12) == []
    base, seasonal = seasonal_baseline(values, np.arange(40) % 12)
    assert np.isnan(base[:3]).all() and seasonal[30]


def test_monthly_impact_shows_its_arithmetic():
    ctx = MonthContext(active_customers=500, average_order_cents=4000, gross_margin=0.4)
    impact = monthly_impact("repeat_rate", 0.05, ctx)
    assert impact.monthly_cents == pytest.approx(0.05 * 500 * 4000 * 0.4)
    assert impact.arithmetic == (
        "5.0 percentage points x 500 active customers x $40.00 average order "
        "x 40.0% gross margin = $400.00 a month"
    )
    no_margin = monthly_impact(
        "repeat_rate", 0.05, MonthContext(active_customers=500, average_order_cents=4000)
    )
    assert (
        no_margin.monthly_cents == pytest.approx(1000 * 100)
        and "revenue, not profit" in no_margin.assumes
    )
    assert (
        monthly_impact("nps", 10, ctx) is None
        and monthly_impact("repeat_rate", 0.05, MonthContext()) is None
    )


def test_rank_by_money_puts_unpriced_last():
    assert rank_by_money([("a", None), ("b", 5), ("c", 9)], lambda x: x[1]) == [
        ("c", 9),
        ("b", 5),
        ("a", None),
    ]
