"""The demo's planted experiment truths on both backends (DuckDB file and PostgreSQL): the planted
lift lies inside the interval on both scales and is called; the planted null is not called."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from regulars.demo import generate
from regulars.services.demo import write_demo_files
from regulars.services.experiments import analyze_experiment
from regulars.services.experiments.evaluation import Options
from regulars.services.imports import import_file

pytestmark = pytest.mark.slow

#: What the experiments read: customers, their orders, the experiments and the email touches.
TABLES = ("customers", "orders", "experiments", "experiment_assignments", "campaigns",
          "campaign_touches")  # fmt: skip


@pytest.fixture(scope="module")
def demo_shop():
    return generate(customers=3000, seed=7)


def _imported(workspace, shop):
    with tempfile.TemporaryDirectory(prefix="regulars-exp-demo-") as tmp:
        for table, path in write_demo_files(shop.tables, Path(tmp)):
            if table in TABLES:
                import_file(workspace, table, path)
    return {t["metric"]: t for t in shop.truths.to_dict()["experiments"]}


def test_planted_truths_hold_on_this_backend(workspace, demo_shop):
    truths = _imported(workspace, demo_shop)
    t = truths["converted_14d"]
    for scale, planted in (
        ("relative", t["planted_lift"] / t["planted"]["control"]),
        ("absolute", t["planted_lift"]),
    ):
        a = analyze_experiment(
            workspace, t["experiment_id"], ["converted_14d"], options=Options(scale=scale)
        )
        c = a.comparisons[0]
        assert c.scale == scale and c.ci_low <= planted <= c.ci_high
        assert a.verdict["decision"] == "ship" and not a.srm["flagged"]
    null = truths["open_rate"]
    for scale in ("relative", "absolute"):
        a = analyze_experiment(
            workspace, null["experiment_id"], ["opened"], options=Options(scale=scale)
        )
        c = a.comparisons[0]
        assert c.ci_low <= 0 <= c.ci_high
        assert a.verdict["decision"] not in ("ship", "keep control")
