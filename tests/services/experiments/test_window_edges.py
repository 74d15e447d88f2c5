"""Metric windows are exact elapsed time from the unit's start, to the microsecond, on both backends
and in any shop timezone: a day is 86,400 seconds even across a DST change (New York, 9 March 2025),
the start itself is inside, the end is outside. Orders years away change nothing.

Unit c1 (control) is exposed at T = 2025-03-08 12:00 UTC; its orders (cents):
  T 100 (days 1, 3)   T - 1 us 200 (before: CUPED only)   T + 1d - 1 us 400 (days 1, 3)
  T + 1d 800 (day 3)  T + 3d - 1 us 1600 (day 3)          T + 3d 3200 (outside)   2020 6400
  (outside)
"""

from __future__ import annotations

from regulars.analytics.experiments import RegressionAdjustedStats, SampleMeanStats
from regulars.services.experiments.metrics import (
    arm_statistic,
    experiment_units,
    parse_metric,
    sufficient_sums,
)
from regulars.services.imports import import_file
from regulars.services.workspace import Workspace

FILES = {
    "experiments": (
        "experiment_id,name,status,arms,primary_metric\n"
        'E2,Edges,running,"control:0.5,treatment:0.5",converted\n'
    ),
    "experiment_assignments": (
        "assignment_id,experiment_id,customer_id,arm,assigned_at,exposed_at\n"
        "a1,E2,c1,control,2025-03-08T12:00:00Z,2025-03-08T12:00:00Z\n"
        "a2,E2,c2,treatment,2025-03-08T12:00:00Z,2025-03-08T12:00:00Z\n"
    ),
    "orders": (
        "order_id,customer_id,ordered_at,currency,total_cents,status\n"
        "o1,c1,2025-03-08T12:00:00Z,USD,100,paid\n"
        "o2,c1,2025-03-08T11:59:59.999999Z,USD,200,paid\n"
        "o3,c1,2025-03-09T11:59:59.999999Z,USD,400,paid\n"
        "o4,c1,2025-03-09T12:00:00Z,USD,800,paid\n"
        "o5,c1,2025-03-11T11:59:59.999999Z,USD,1600,paid\n"
        "o6,c1,2025-03-11T12:00:00Z,USD,3200,paid\n"
        "o7,c1,2020-01-01T12:00:00Z,USD,6400,paid\n"
    ),
}


def _workspace(tmp_path, database_url, monkeypatch) -> Workspace:
    monkeypatch.setenv("REGULARS_TIMEZONE", "America/New_York")
    ws = Workspace.open(tmp_path / "edges", database_url)
    ws.init()
    for name, text in FILES.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        import_file(ws, name, path)
    return ws


def _control(ws: Workspace, metrics: list[str], cuped_days: int = 0) -> dict:
    parsed = [parse_metric(m, 14) for m in metrics]
    rows = {
        r["arm"]: r
        for r in sufficient_sums(
            ws, experiment_units(ws, "E2", "exposed"), parsed, cuped_days=cuped_days
        )
    }
    return {m.name: arm_statistic(rows["control"], m, cuped=bool(cuped_days)) for m in parsed}


def test_windows_are_exact_elapsed_days(tmp_path, database_url, monkeypatch):
    ws = _workspace(tmp_path, database_url, monkeypatch)
    try:
        s = _control(ws, ["revenue_1d", "orders_1d", "revenue_3d", "orders_3d", "converted_1d"])
        assert s["revenue_1d"] == SampleMeanStats(1, 500.0, 500.0**2)
        assert s["orders_1d"] == SampleMeanStats(1, 2.0, 4.0)
        assert s["revenue_3d"] == SampleMeanStats(1, 2900.0, 2900.0**2)
        assert s["orders_3d"] == SampleMeanStats(1, 4.0, 16.0)
        assert s["converted_1d"].conversions == 1.0
    finally:
        ws.close()


def test_pre_period_ends_just_before_the_start(tmp_path, database_url, monkeypatch):
    ws = _workspace(tmp_path, database_url, monkeypatch)
    try:
        s = _control(ws, ["revenue_3d"], cuped_days=1)
        assert s["revenue_3d"] == RegressionAdjustedStats(
            1, 2900.0, 2900.0**2, 200.0, 200.0**2, 2900.0 * 200.0
        )
    finally:
        ws.close()
