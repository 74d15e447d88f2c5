"""One experiment page (the analysis and the cumulative timeline) asks each question of the database
once: every query the real store runs while it is built is recorded (the store itself answers)."""

from __future__ import annotations

import collections

import ibis
import pytest

from regulars.analytics.experiments import ProportionStats, SampleMeanStats
from regulars.services import cache
from regulars.services.experiments import analyze_experiment
from regulars.services.experiments.metrics import (
    arm_statistic,
    experiment_units,
    parse_metric,
    sufficient_sums,
)
from regulars.services.experiments.monitoring import experiment_timeline
from regulars.store import prepared
from regulars.store.connection import Store
from regulars.views.experiments import experiment_view


@pytest.fixture
def queries(monkeypatch) -> collections.Counter:
    """Every query run through the store, by its SQL (and bound values)."""
    seen: collections.Counter = collections.Counter()
    to_arrow, run = Store.to_arrow, prepared._run

    def counted_to_arrow(store, expr):
        seen[str(ibis.to_sql(expr, dialect=store.dialect))] += 1
        return to_arrow(store, expr)

    def counted_run(store, statement, params):
        seen[(statement.sql, tuple(params))] += 1
        return run(store, statement, params)

    monkeypatch.setattr(Store, "to_arrow", counted_to_arrow)
    monkeypatch.setattr(prepared, "_run", counted_run)
    return seen


def test_an_experiment_page_asks_each_question_once(tiny_experiment, queries):
    cache.clear()
    with cache.pinned(tiny_experiment):
        view = experiment_view(tiny_experiment, "E1", window_days=14)
    assert view["analysis"].experiment == "Banner" and view["charts"]["cumulative"]
    assert sum(queries.values()) >= 4  # the experiment, the population, the campaigns, the sums
    repeated = {sql: n for sql, n in queries.items() if n > 1}
    assert not repeated, f"{len(repeated)} queries ran more than once: {list(repeated)[:3]}"


def test_the_analysis_summed_by_day_equals_the_sums_by_arm(tiny_experiment):
    """The page's analysis adds up the timeline's sums per day of exposure: the same per-arm
    statistics as summing per arm in the database (exposures on 1, 2 and 3 January)."""
    a = analyze_experiment(tiny_experiment, "E1", ["converted", "revenue"], cuped_days=30)
    parsed = [parse_metric(m, 14) for m in ("converted", "revenue")]
    units = experiment_units(tiny_experiment, "E1", "exposed")
    rows = sufficient_sums(tiny_experiment, units, parsed, cuped_days=30)
    by_arm = {r["arm"]: r for r in rows}
    expected = {arm: arm_statistic(by_arm[arm], parsed[0]) for arm in by_arm}
    assert expected == {"control": ProportionStats(2, 1.0), "treatment": ProportionStats(3, 2.0)}
    assert {r["arm"]: r["n"] for r in a.arms} == {"control": 2, "treatment": 3}
    converted = next(c for c in a.comparisons if c.metric == "converted_14d")
    assert converted.control_mean == pytest.approx(1 / 2)
    assert converted.treatment_mean == pytest.approx(2 / 3)
    revenue = next(c for c in a.comparisons if c.metric == "revenue_14d")
    assert arm_statistic(by_arm["treatment"], parsed[1]) == SampleMeanStats(3, 10000.0, 52e6)
    assert revenue.treatment_mean == pytest.approx(10000 / 3)  # CUPED keeps the raw means
    line = experiment_timeline(tiny_experiment, "E1", "converted")
    assert [d.units for d in line.days] == [
        {"control": 1, "treatment": 2},
        {"control": 2, "treatment": 2},
        {"control": 2, "treatment": 3},
    ]
