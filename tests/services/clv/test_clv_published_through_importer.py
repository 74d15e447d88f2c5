"""The published CDNOW results, reproduced from orders that came in through the importer and were
summarised in the database (DuckDB and PostgreSQL). Numbers: tests/data/cdnow/README.md."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from regulars.analytics.clv import BetaGeoModel, GammaGammaModel
from regulars.services.clv import (
    customer_summaries,
    fit_clv,
    load_model,
    load_validation,
    validate_clv,
)

CALIBRATION_END = dt.date(1997, 9, 30)
HOLDOUT_END = dt.date(1998, 6, 30)


def assert_params(params: dict, published: dict, tol: float = 1e-3):
    for name, value in published.items():
        assert params[name] == pytest.approx(value, abs=tol), name


@pytest.fixture
def summary(cdnow_workspace):
    return customer_summaries(cdnow_workspace, CALIBRATION_END, "week", holdout_end=HOLDOUT_END)


def test_cdnow_database_summary_follows_the_literature(summary):
    assert summary.size == 2357
    assert int(np.sum(summary.frequency > 0)) == 946
    assert summary.T.max() == pytest.approx(272 / 7)
    assert summary.holdout.sum() == 1882  # same-day purchases counted once


def test_bgnbd_matches_fader_hardie_lee_2005_through_the_importer(cdnow_workspace):
    document = fit_clv(cdnow_workspace, "bgnbd", CALIBRATION_END, "week")
    fitted = document["purchase_model"]
    assert document["method"] == "model" and fitted["converged"]
    assert_params(fitted["params"], {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    assert fitted["log_likelihood"] == pytest.approx(-9582.4, abs=0.1)
    assert all(np.isfinite(v) and v > 0 for v in fitted["standard_errors"].values())
    assert load_model(cdnow_workspace, "bgnbd")["fitted_at"] == document["fitted_at"]


def test_paretonbd_matches_fader_hardie_lee_2005_through_the_importer(cdnow_workspace):
    fitted = fit_clv(cdnow_workspace, "pareto", CALIBRATION_END, "week")["purchase_model"]
    assert fitted["converged"], fitted["message"]
    assert_params(fitted["params"], {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669})
    assert fitted["log_likelihood"] == pytest.approx(-9595.0, abs=0.1)


def test_gammagamma_matches_fader_hardie_lee_2005_rfm_clv_through_the_importer(summary):
    model = GammaGammaModel().fit(summary.frequency, summary.monetary_value)
    assert model.converged_ and model.n_customers_ == 946
    assert_params(model.params_, {"p": 6.25, "q": 3.74, "gamma": 15.44}, tol=5e-3)
    assert model.log_likelihood_ == pytest.approx(-4055.9, abs=0.1)


def test_bgnbd_point_check_fader_hardie_lee_2005_through_the_importer(summary):
    # Customer 0001: 2 repeat purchases, the last 30.43 weeks after the first, T 38.86 weeks.
    i = list(summary.customer_id).index("0001")
    assert (summary.frequency[i], round(summary.recency[i], 2), round(summary.T[i], 2)) == (
        2,
        30.43,
        38.86,
    )
    model = BetaGeoModel()
    model.params_ = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    expected = model.conditional_expected_purchases(
        39, summary.frequency[i : i + 1], summary.recency[i : i + 1], summary.T[i : i + 1]
    )
    assert expected[0] == pytest.approx(1.226, abs=5e-4)


def test_holdout_validation_on_cdnow_names_the_chosen_model(cdnow_workspace):
    result = validate_clv(
        cdnow_workspace, dt.date(1997, 10, 1), HOLDOUT_END, models=("bgnbd", "pareto")
    )
    assert result["actual_total"] == 1882 and result["actual_weekly_cumulative"][-1] == 1882
    assert len(result["actual_weekly_cumulative"]) == 39
    bg = next(m for m in result["models"] if m["key"] == "bgnbd")
    assert bg["total_predicted"] == pytest.approx(1653.4, abs=1.0)
    assert bg["cumulative_predicted"][-1] == pytest.approx(bg["total_predicted"])
    assert [r["bucket"] for r in bg["by_frequency"]][-1] == "7+"
    assert result["chosen"] in ("BG/NBD", "Pareto/NBD")
    assert result["explanation"].startswith(f"Chosen model: {result['chosen']}")
    assert load_validation(cdnow_workspace) is not None
