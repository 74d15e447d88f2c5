"""Per-customer predictions: CLV, risk tiers, reasons in words, heuristics and validation."""

from __future__ import annotations

import numpy as np
import pytest

from regulars.analytics.clv import (
    ACTIVE_THRESHOLD,
    LAPSED_THRESHOLD,
    BetaGeoModel,
    GammaGammaModel,
    ParetoNBDModel,
    check_data_sufficiency,
    compare_models,
    customer_lifetime_value,
    describe_duration,
    explain_customers,
    heuristic_scores,
    risk_tiers,
    round_p_alive,
    score_customers,
)
from regulars.units import rate

PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


@pytest.fixture(scope="module")
def published():
    model = BetaGeoModel()
    model.params_ = dict(PUBLISHED_BGNBD)
    return model


def test_probability_alive_and_purchase_known_values(published):
    p_alive = published.probability_alive([0, 2], [0, 30.43], [38.86, 38.86])
    assert p_alive[0] == 1.0  # BG/NBD: no dropout before the first repeat purchase
    # 1 / (1 + a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))
    expected = 1 / (1 + 0.793 / (2.426 + 1) * ((4.414 + 38.86) / (4.414 + 30.43)) ** 2.243)
    assert p_alive[1] == pytest.approx(expected, rel=1e-12)
    # x = 0: P(no purchase in t) = ((alpha+T)/(alpha+T+t))^r
    p_buy = published.probability_of_purchase(39, [0], [0], [38.86])
    assert p_buy[0] == pytest.approx(1 - ((4.414 + 38.86) / (4.414 + 77.86)) ** 0.243, rel=1e-10)


def test_time_to_next_purchase(published):
    mean = published.expected_time_to_next_purchase([0, 10], [0, 20], [38, 38])
    median = published.median_time_to_next_purchase([0, 10], [0, 20], [38, 38])
    assert np.isinf(mean[0]) and mean[1] == pytest.approx((4.414 + 38) / (10.243 - 1))
    assert median[1] == pytest.approx((4.414 + 38) * (2 ** (1 / 10.243) - 1))
    assert np.isfinite(median[0])


def test_clv_is_discounted_sum_of_expected_purchases(published):
    x, tx, T = np.array([0.0, 3, 8]), np.array([0.0, 20, 35]), np.array([38.0, 38, 38])
    spend = np.array([30.0, 40, 50])
    undiscounted = customer_lifetime_value(
        published, x, tx, T, spend, horizon=4, period_length=13, discount_rate=0.0, margin=0.5
    )
    np.testing.assert_allclose(
        undiscounted, published.conditional_expected_purchases(52, x, tx, T) * spend * 0.5
    )
    discounted = customer_lifetime_value(
        published, x, tx, T, spend, horizon=4, period_length=13, discount_rate=0.05, margin=0.5
    )
    assert np.all(discounted < undiscounted) and np.all(discounted > undiscounted / 1.05**4)


def test_gammagamma_expected_spend_shrinks_towards_population_mean(cdnow):
    model = GammaGammaModel().fit(cdnow.frequency, cdnow.monetary_value)
    pop = model.population_mean_spend()
    spend = model.conditional_expected_average_spend([0, 1, 50], [0, 100.0, 100.0])
    assert spend[0] == pytest.approx(pop)
    assert pop < spend[1] < spend[2] < 100.0


def test_score_customers_on_cdnow(cdnow):
    purchases = BetaGeoModel().fit(cdnow.frequency, cdnow.recency, cdnow.T)
    spend = GammaGammaModel().fit(cdnow.frequency, cdnow.monetary_value)
    scores = score_customers(
        purchases,
        cdnow.frequency,
        cdnow.recency,
        cdnow.T,
        horizon=39,
        spend_model=spend,
        monetary_value=cdnow.monetary_value,
        clv_periods=9,
        period_length=4.345,
        discount_rate=0.01,
        margin=0.3,
    )
    assert scores.clv.shape == (2357,) and np.all(scores.clv >= 0)
    assert len(scores.reasons) == 2357 and scores.reasons[0].endswith("(3 orders so far)")
    assert set(np.unique(scores.risk_tier)) <= {"active", "at risk", "likely lapsed"}
    assert "2357 customers" in scores.explanation


def test_risk_tiers_thresholds():
    tiers = risk_tiers([0.95, ACTIVE_THRESHOLD, 0.5, LAPSED_THRESHOLD, 0.1])
    assert list(tiers) == ["active", "active", "at risk", "at risk", "likely lapsed"]


def test_one_rounding_of_p_alive_for_the_tier_the_table_and_the_reason():
    p = round_p_alive([0.6949, 0.695, 0.2951, 0.99996])
    assert list(p) == [0.69, 0.70, 0.30, 1.0]
    assert list(risk_tiers(p)) == ["at risk", "active", "at risk", "active"]
    reasons = explain_customers(
        [1, 1, 1, 1], [5, 5, 5, 5], [10, 10, 10, 10], [0.6949, 0.695, 0.2951, 0.99996]
    )
    shown = [rate(v, 0) for v in p]  # the dashboard's percent filter
    assert [r.split(" likely")[0] for r in reasons] == shown == ["69%", "70%", "30%", "100%"]


def test_reasons_in_plain_words():
    reasons = explain_customers([6, 0], [36, 0], [75, 10], [0.23, 1.0], time_unit="weeks")
    assert reasons[0] == (
        "23% likely still active: last order 9 months ago; "
        "usually orders every 6 weeks (7 orders so far)"
    )
    assert reasons[1] == (
        "100% likely still active: ordered once, 2 months ago; no repeat order yet "
        "(the model takes a one-time buyer to be active)"
    )
    assert describe_duration(6, "weeks") == "6 weeks"
    assert describe_duration(3, "days") == "3 days"
    assert describe_duration(900, "days") == "2.5 years"


def test_data_sufficiency_says_why_not(cdnow):
    ok = check_data_sufficiency(cdnow.frequency, cdnow.recency, cdnow.T)
    assert ok.sufficient and ok.n_repeat_buyers == 946
    thin = check_data_sufficiency(cdnow.frequency[:200], cdnow.recency[:200], cdnow.T[:200])
    assert not thin.sufficient and "ordered more than once" in thin.reasons[0]
    short = check_data_sufficiency([1] * 150, [4.0] * 150, [6.0] * 150)
    assert not short.sufficient and "typical gap" in short.explanation


def test_heuristic_scores_say_they_are_heuristic():
    result = heuristic_scores(
        [2, 0, 4], [10, 0, 8], [12, 20, 40], [90.0, 20.0, 200.0], time_unit="weeks"
    )
    assert list(result.status) == ["active", "likely lapsed", "likely lapsed"]
    assert all(r.startswith("Heuristic (not a fitted model)") for r in result.reasons)
    assert result.explanation.startswith("Heuristic")
    assert result.gaps_overdue[0] == pytest.approx(2 / 5)


def test_compare_models_names_the_better_model():
    actual = np.array([0.0, 1, 2, 3])
    result = compare_models(actual, {"good": actual + 0.1, "bad": actual * 2})
    assert result.better == "good" and result.mean_absolute_error["good"] == pytest.approx(0.1)
    assert result.total_error["bad"] == pytest.approx(6.0)


def test_pareto_expected_purchases_limit_s_equals_one():
    model = ParetoNBDModel()
    model.params_ = {"r": 0.5, "alpha": 10.0, "s": 1.0, "beta": 12.0}
    near = ParetoNBDModel()
    near.params_ = {"r": 0.5, "alpha": 10.0, "s": 1.0 + 1e-7, "beta": 12.0}
    args = (39, [0, 3], [0, 20], [38, 38])
    np.testing.assert_allclose(
        model.conditional_expected_purchases(*args),
        near.conditional_expected_purchases(*args),
        rtol=1e-5,
    )
