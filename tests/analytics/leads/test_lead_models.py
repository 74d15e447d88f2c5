"""Lead models on leads whose conversion depends on planted drivers: the drivers come out as the
top factors, the linear factors are exact parts of the log-odds, the scores are calibrated."""

from __future__ import annotations

import numpy as np
import pytest

from regulars.analytics.leads import fit_lead_model, points_score


def _leads(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    source = rng.choice(["referral", "trade show", "website form", "cold outreach"], n)
    owner = rng.choice(["A", "B", "C"], n)
    webinar = rng.choice(["attended", "no"], n)
    logit = -1.6 + 1.1 * (source == "referral") + 1.0 * (webinar == "attended")
    y = rng.random(n) < 1 / (1 + np.exp(-logit))
    return {"source": list(source), "owner": list(owner), "webinar": list(webinar)}, y


def test_the_planted_drivers_are_the_top_factors():
    attributes, y = _leads(3000)
    model = fit_lead_model(attributes, y, np.arange(len(y)))
    one = {"source": ["referral"], "owner": ["B"], "webinar": ["attended"]}
    top = [f.attribute for f in model.factors(one, top=2)[0]]
    assert set(top) == {"source", "webinar"}
    assert model.validations[0].auc > 0.62


def test_linear_factors_add_up_to_the_log_odds_exactly():
    attributes, y = _leads(800, seed=1)
    model = fit_lead_model(attributes, y, np.arange(len(y)))
    if model.name != "logistic":
        pytest.skip("boosting chosen on this split")
    p = model.predict(attributes)
    factors = model.factors(attributes, top=3)
    base = model.estimator.intercept_[0] + model.estimator.coef_[0] @ model.mean
    for i in range(20):
        logit = base + sum(np.log(f.odds_multiplier) for f in factors[i])
        assert logit == pytest.approx(np.log(p[i] / (1 - p[i])), abs=1e-9)


def test_scores_are_calibrated_on_the_held_out_leads():
    attributes, y = _leads(5000, seed=2)
    model = fit_lead_model(attributes, y, np.arange(len(y)))
    for predicted, observed, n in model.validations[0].calibration:
        assert abs(predicted - observed) < 0.06, (predicted, observed, n)


def test_points_are_rules_that_say_which_fired():
    scores, reasons = points_score({"source": ["referral", "unknown source"]})
    assert scores == [30, 0]
    assert reasons == [["source referral: +30 points"], []]
