"""Per-arm sufficient statistics computed in the database (DuckDB and PostgreSQL) against sums
worked out by hand from the tiny experiment in conftest.py.

Exposed customers, 14 days after exposure (cancelled orders do not count):
  control   c1 (o1 1000 + o2 3000), c2 (o3 is 18 days after: outside)          -> n 2
  treatment c4 (o5 4000; o4 is before exposure), c5 (o6 cancelled), c6 (o7 6000) -> n 3
"""

from __future__ import annotations

import pytest

from regulars.analytics.experiments import (
    ProportionStats,
    RatioStats,
    RegressionAdjustedStats,
    SampleMeanStats,
)
from regulars.services.experiments import analyze_experiment
from regulars.services.experiments.evaluation import Options
from regulars.services.experiments.metrics import (
    arm_statistic,
    experiment_units,
    parse_metric,
    sufficient_sums,
)


def _sums(ws, metrics, population="exposed", cuped_days=0):
    units = experiment_units(ws, "E1", population)
    parsed = [parse_metric(m, 14) for m in metrics]
    rows = {r["arm"]: r for r in sufficient_sums(ws, units, parsed, cuped_days=cuped_days)}
    return {
        m.name: {arm: arm_statistic(rows[arm], m, cuped=bool(cuped_days)) for arm in rows}
        for m in parsed
    }


def test_order_metrics_match_the_hand_sums(tiny_experiment):
    s = _sums(tiny_experiment, ["converted", "revenue", "orders", "aov"])
    assert s["converted_14d"] == {
        "control": ProportionStats(2, 1.0),
        "treatment": ProportionStats(3, 2.0),
    }
    assert s["revenue_14d"]["control"] == SampleMeanStats(2, 4000.0, 4000.0**2)
    assert s["revenue_14d"]["treatment"] == SampleMeanStats(3, 10000.0, 4000.0**2 + 6000.0**2)
    assert s["orders_14d"]["control"] == SampleMeanStats(2, 2.0, 4.0)
    assert s["orders_14d"]["treatment"] == SampleMeanStats(3, 2.0, 2.0)
    # revenue per order: m = revenue, d = orders, cross product sum(m * d)
    assert s["aov_14d"]["control"] == RatioStats(2, 4000.0, 16e6, 2.0, 4.0, 8000.0)
    assert s["aov_14d"]["treatment"] == RatioStats(3, 10000.0, 52e6, 2.0, 2.0, 10000.0)


def test_shorter_window_and_refunds(tiny_experiment):
    s = _sums(tiny_experiment, ["converted_5d", "refunded"])
    # within 5 days: c1's o1 (day 4) counts, o2 (day 9) does not; c4's o5 (day 1); c6's o7 is day 13
    assert s["converted_5d"] == {
        "control": ProportionStats(2, 1.0),
        "treatment": ProportionStats(3, 1.0),
    }
    assert s["refunded_14d"] == {
        "control": ProportionStats(2, 0.0),
        "treatment": ProportionStats(3, 1.0),
    }


def test_pre_period_sums_for_cuped(tiny_experiment):
    s = _sums(tiny_experiment, ["revenue"], cuped_days=30)
    # only c4 bought before exposure (o4, 2000, 12 days before): pre sum 2000, cross product
    # 4000 * 2000
    assert s["revenue_14d"]["treatment"] == RegressionAdjustedStats(
        3, 10000.0, 52e6, 2000.0, 4e6, 8e6
    )
    assert s["revenue_14d"]["control"] == RegressionAdjustedStats(2, 4000.0, 16e6, 0.0, 0.0, 0.0)


def test_assigned_population_starts_at_assignment(tiny_experiment):
    s = _sums(tiny_experiment, ["converted", "revenue"], population="assigned")
    # from 1 January: c3's o8 counts too (control n 3), c2's o3 on the 20th is outside
    assert s["converted_14d"]["control"] == ProportionStats(3, 2.0)
    assert s["revenue_14d"]["control"] == SampleMeanStats(3, 11000.0, 16e6 + 49e6)


def test_touch_metric_counts_customers_once_after_exposure(tiny_experiment):
    s = _sums(tiny_experiment, ["opened"])
    # c1 opened; c4 opened twice (one customer); c5's open was before exposure
    assert s["opened_14d"] == {
        "control": ProportionStats(2, 1.0),
        "treatment": ProportionStats(3, 1.0),
    }


def test_analysis_uses_the_database_sums(tiny_experiment):
    a = analyze_experiment(tiny_experiment, "Banner", ["converted", "revenue"])
    assert [(r["arm"], r["n"]) for r in a.arms] == [("control", 2), ("treatment", 3)]
    conv = next(c for c in a.comparisons if c.metric == "converted_14d")
    assert (conv.control_mean, conv.treatment_mean) == pytest.approx((0.5, 2 / 3))
    rev = next(c for c in a.comparisons if c.metric == "revenue_14d")
    assert rev.scale == "relative" and rev.unit == "money"
    assert rev.estimate == pytest.approx((10000 / 3 - 2000) / 2000)
    absolute = analyze_experiment(
        tiny_experiment, "Banner", ["revenue"], options=Options(scale="absolute")
    )
    assert absolute.comparisons[0].estimate == pytest.approx(10000 / 3 - 2000)
    assert a.verdict["decision"] in ("wait", "cannot tell")  # five customers prove nothing
    assert any("too small" in w for w in a.warnings)


def test_a_zero_baseline_is_compared_as_a_difference(tiny_experiment):
    # nobody in control was refunded within the window: no lift over zero, so a difference
    a = analyze_experiment(tiny_experiment, "Banner", ["converted"], guardrails=["refunded"])
    refunded = next(c for c in a.comparisons if c.metric == "refunded_14d")
    assert refunded.control_mean == 0 and refunded.scale == "absolute"
