"""On the demo shop: the planted real lift (15% -> 20% within 14 days of exposure) is detected with
the planted size inside its interval; the planted null subject-line test is not called a winner;
hand-entered summaries (--stats FILE) give the same answer as the engine."""

from __future__ import annotations

import pytest

from regulars.analytics.experiments import (
    ProportionStats,
    benjamini_hochberg,
    welch_t_test,
)
from regulars.services.experiments import analyze_experiment, analyze_summaries
from regulars.services.experiments.evaluation import Options
from regulars.services.experiments.monitoring import experiment_alerts, experiment_timeline

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(demo_workspace, demo_truths):
    return demo_workspace, {t["metric"]: t for t in demo_truths["experiments"]}


def test_planted_lift_is_detected_with_its_size(demo):
    ws, truths = demo
    t = truths["converted_14d"]
    a = analyze_experiment(ws, t["experiment_id"], ["converted_14d"])
    c = a.comparisons[0]
    realised = t["realised"]
    assert [r["n"] for r in a.arms] == [
        realised["control"]["exposed"],
        realised["treatment"]["exposed"],
    ]
    assert c.control_mean == pytest.approx(
        realised["control"]["converted"] / realised["control"]["exposed"]
    )
    assert c.treatment_mean == pytest.approx(
        realised["treatment"]["converted"] / realised["treatment"]["exposed"]
    )
    # relative by default: the planted lift over the planted control rate lies in the interval
    assert c.scale == "relative"
    assert c.ci_low <= t["planted_lift"] / t["planted"]["control"] <= c.ci_high
    assert c.significant and a.verdict["decision"] == "ship"
    absolute = analyze_experiment(
        ws, t["experiment_id"], ["converted_14d"], options=Options(scale="absolute")
    ).comparisons[0]
    assert absolute.ci_low <= t["planted_lift"] <= absolute.ci_high
    assert not a.srm["flagged"]


def test_planted_null_is_not_called_a_winner(demo):
    ws, truths = demo
    t = truths["open_rate"]
    a = analyze_experiment(ws, t["experiment_id"], ["opened"])
    c = a.comparisons[0]
    realised = t["realised"]
    assert c.control_mean == pytest.approx(
        realised["control"]["opened"] / realised["control"]["exposed"]
    )
    assert c.treatment_mean == pytest.approx(
        realised["treatment"]["opened"] / realised["treatment"]["exposed"]
    )
    assert c.ci_low <= 0 <= c.ci_high
    assert a.verdict["decision"] not in ("ship", "keep control")


def test_stats_file_gives_the_engine_answer(demo, tmp_path):
    _, truths = demo
    r = truths["converted_14d"]["realised"]
    path = tmp_path / "summaries.csv"
    path.write_text(
        "arm,n,conversions\n"
        + "".join(f"{a},{r[a]['exposed']},{r[a]['converted']}\n" for a in ("control", "treatment"))
    )
    a = analyze_summaries(path)
    direct = welch_t_test(  # Welch's t for rates too, as GrowthBook and PostHog
        ProportionStats(r["control"]["exposed"], r["control"]["converted"]),
        ProportionStats(r["treatment"]["exposed"], r["treatment"]["converted"]),
        relative=True,
    )
    c = a.comparisons[0]
    assert (c.estimate, c.ci_low, c.ci_high, c.p_value) == pytest.approx(
        (direct.estimate, direct.ci_low, direct.ci_high, direct.p_value)
    )
    assert a.verdict["decision"] == "ship"


def test_mean_summaries_and_several_metrics(tmp_path):
    path = tmp_path / "means.csv"
    path.write_text(
        "metric,arm,n,sum,sum_squares\nrevenue,control,1000,50000,5000000\n"
        "revenue,b,1000,56000,6000000\nrevenue,c,1000,50500,5100000\n"
    )
    a = analyze_summaries(path, correction="bh", options=Options(scale="absolute"))
    assert [c.arm for c in a.comparisons] == ["b", "c"]
    assert a.comparisons[0].estimate == pytest.approx(6.0)
    raw = [c.p_value for c in a.comparisons]
    assert [c.adjusted_p for c in a.comparisons] == pytest.approx(list(benjamini_hochberg(raw)))


def test_timeline_ends_at_the_full_result(demo):
    ws, truths = demo
    t = truths["converted_14d"]
    line = experiment_timeline(ws, t["experiment_id"], "converted_14d")
    last = line.days[-1]
    assert last.units == {a: t["realised"][a]["exposed"] for a in ("control", "treatment")}
    assert (
        last.effects["treatment"]["ci_low"]
        <= t["planted_lift"]
        <= last.effects["treatment"]["ci_high"]
    )


def test_no_srm_alert_on_the_demo(demo):
    ws, _ = demo
    assert all(not a.flagged for a in experiment_alerts(ws, ("running", "stopped")))
