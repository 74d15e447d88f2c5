"""The demo shop's planted groups get sensible predictions (truths in demo-truths.json)."""

from __future__ import annotations

import json
from collections import defaultdict

import numpy as np
import pytest

from regulars.services.clv import fit_clv, predict_clv


@pytest.fixture
def demo(demo_copy):
    return demo_copy  # fit_clv saves its model in the workspace


def test_demo_groups_get_sensible_p_alive(demo):
    document = fit_clv(demo, "bgnbd")
    assert document["method"] == "model" and document["purchase_model"]["converged"]
    groups = json.loads((demo.path / "demo-truths.json").read_text())["customer_groups"]
    found = predict_clv(demo)
    by_group = defaultdict(list)
    for row in found.customers:
        by_group[groups[row["customer_id"]]].append(row["p_alive"])
    mean = {g: float(np.mean(v)) for g, v in by_group.items()}
    assert mean["subscriber"] > 0.8
    assert mean["lapsed"] < 0.3
    assert mean["subscriber"] > mean["ordinary"] > mean["lapsed"]
    lapsed_tiers = [r["risk_tier"] for r in found.customers if groups[r["customer_id"]] == "lapsed"]
    assert lapsed_tiers.count("likely lapsed") > len(lapsed_tiers) / 2


def test_demo_predictions_have_value_dates_and_reasons(demo):
    fit_clv(demo, "bgnbd")
    found = predict_clv(demo)
    top = found.customers[0]
    assert (
        top["clv_cents"] > 0
        and top["expected_spend_cents"] > 0
        and 0 <= top["probability_of_purchase"] <= 1
    )
    assert "likely still active" in top["reason"] and "usually orders every" in top["reason"]
    assert all(
        r["next_purchase_date"] is None
        for r in found.customers
        if r["risk_tier"] == "likely lapsed"
    )
    assert found.overview["customers"] == len(found.customers)
