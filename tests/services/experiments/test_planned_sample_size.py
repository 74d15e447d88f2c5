"""N*, the sequential test's tuning, is fixed at plan time and stored with the experiment: the
analysis and the timeline use it rather than re-tuning to the units seen at each look."""

from __future__ import annotations

import pytest

from regulars.errors import InputError
from regulars.services.experiments import analyze_experiment, create_experiment, find_experiment
from regulars.services.experiments.evaluation import Options
from regulars.services.experiments.monitoring import experiment_timeline
from regulars.services.imports import import_file


def test_create_stores_n_star(workspace):
    e = create_experiment(workspace, "Hero", planned_sample_size=1806)
    assert find_experiment(workspace, "Hero").planned_sample_size == 1806 == e.planned_sample_size
    with pytest.raises(InputError):
        create_experiment(workspace, "Tiny", planned_sample_size=1)


def test_sequential_analysis_and_timeline_use_the_stored_n_star(tiny_experiment, tmp_path):
    path = tmp_path / "experiments.csv"
    path.write_text(
        "experiment_id,name,status,arms,primary_metric,planned_sample_size\n"
        'E1,Banner,running,"control:0.5,treatment:0.5",converted,400\n',
        encoding="utf-8",
    )
    import_file(tiny_experiment, "experiments", path)
    a = analyze_experiment(
        tiny_experiment, "Banner", ["revenue"], sequential=True, options=Options(scale="absolute")
    )
    assert "N* = 400" in a.notes["method"]
    line = experiment_timeline(tiny_experiment, "Banner", "revenue")
    last = line.days[-1].effects["treatment"]
    c = a.comparisons[0]
    # the timeline's last day is the whole experiment: the same interval, from the same N*
    assert (last["ci_low"], last["ci_high"]) == pytest.approx((c.ci_low, c.ci_high))
    other = analyze_experiment(
        tiny_experiment,
        "Banner",
        ["revenue"],
        sequential=True,
        options=Options(scale="absolute", planned_sample_size=5000),
    ).comparisons[0]
    assert (other.ci_low, other.ci_high) != pytest.approx((c.ci_low, c.ci_high))
