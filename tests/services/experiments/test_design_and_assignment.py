"""Planning, creating and assigning: sizes from the stated formulas, sticky assignment written
once."""

from __future__ import annotations

import csv
import math

import pytest

from regulars.analytics.experiments import assign_many, evan_miller_sample_size, power_t_test
from regulars.errors import InputError
from regulars.services.experiments import (
    assign_experiment,
    create_experiment,
    export_assignments,
    list_experiments,
    parse_arms,
    plan_experiment,
)
from regulars.services.imports import import_file


def test_plan_proportion_by_the_stated_formula():
    # (1.959964 + 0.841621)^2 x (0.15 x 0.85 + 0.20 x 0.80) / 0.05^2 = 902.4 -> 903 per arm
    p = plan_experiment("proportion", 0.15, 0.05, daily_traffic=200)
    assert (
        p["design"]["per_arm"] == 903 and p["design"]["total"] == 1806 and p["design"]["days"] == 10
    )
    assert "z(1-alpha/2)" in p["design"]["formula"]
    em = plan_experiment("proportion", 0.15, 0.05, convention="evan-miller")
    assert em["design"]["per_arm"] == round(evan_miller_sample_size(0.15, 0.05)) == 831
    rel = plan_experiment("proportion", 0.15, 1 / 3, relative=True)
    assert rel["design"]["per_arm"] == 903


def test_plan_mean_and_given_sample():
    p = plan_experiment("mean", 50.0, 0.1, relative=True, std_dev=40.0, sample_size=1000)
    # exact t by default: the noncentral t needs a little more than the normal approximation
    assert p["design"]["per_arm"] == math.ceil(power_t_test(5, sd=40, power=0.8)) == 1006
    assert p["given_sample"]["power_for_mde"] == pytest.approx(0.799, abs=0.002)
    normal = plan_experiment("mean", 50.0, 0.1, relative=True, std_dev=40.0, convention="normal")
    # n = 2 (1.959964 + 0.841621)^2 40^2 / 5^2 = 1004.6 -> 1005
    assert normal["design"]["per_arm"] == 1005
    with pytest.raises(InputError):
        plan_experiment("mean", 50.0, 5.0)


def test_arms_with_holdout():
    plan = parse_arms("control:0.5,treatment:0.5", holdout=0.1)
    assert plan.weights == pytest.approx({"control": 0.45, "treatment": 0.45, "holdout": 0.1})
    assert parse_arms(plan.text()).hashing_weights == pytest.approx(
        {"control": 0.5, "treatment": 0.5}
    )
    with pytest.raises(InputError):
        parse_arms("control")


def test_create_assign_rerun_and_export(workspace, tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text("customer_id\n" + "".join(f"k{i:03d}\n" for i in range(200)), encoding="utf-8")
    import_file(workspace, "customers", path)
    e = create_experiment(workspace, "Hero image", "control:0.5,treatment:0.5", holdout=0.2)
    with pytest.raises(InputError):
        create_experiment(workspace, "Hero image")
    first = assign_experiment(workspace, "Hero image")
    ids = [f"k{i:03d}" for i in range(200)]
    expected = assign_many(e.experiment_id, ids, {"control": 0.5, "treatment": 0.5}, holdout=0.2)
    counts = {
        a: int(sum(1 for x in expected if (x or "holdout") == a))
        for a in ("control", "treatment", "holdout")
    }
    assert first.assigned_now == 200 and first.per_arm == {k: v for k, v in counts.items() if v}
    again = assign_experiment(workspace, "Hero image")
    assert again.assigned_now == 0 and again.already_assigned == 200
    row = next(r for r in list_experiments(workspace) if r.name == "Hero image")
    assert row.status == "running" and row.assigned == 200
    out = export_assignments(workspace, "Hero image", tmp_path / "list.csv")
    with open(out.file, newline="") as f:
        listed = {r["customer_id"]: r["arm"] for r in csv.DictReader(f)}
    assert listed == {c: (a or "holdout") for c, a in zip(ids, expected)}


def test_assign_an_audience(tiny_experiment):
    from regulars.services.segments.audiences import create_audience

    create_audience(
        tiny_experiment, "two orders", "orders >= 2"
    )  # c1 has o1 and o2; c4 has o4 and o5
    create_experiment(tiny_experiment, "Loyal test")
    r = assign_experiment(tiny_experiment, "Loyal test", customers="two orders")
    assert r.candidates == r.assigned_now == 2
    assert sum(r.per_arm.values()) == 2
