"""The fairness audit finds a planted disparity (one postcode area offered far less) by the
four-fifths rule, and passes a plan that treats areas alike."""

from __future__ import annotations

import numpy as np

from regulars.analytics.offers import audit_fairness, incrementality


def _plan(seed, gap):
    rng = np.random.default_rng(seed)
    area = rng.choice(["N1", "E2", "SW3"], 3000)
    segment = rng.choice(["loyal", "lapsing"], 3000)
    rate = np.where(area == "E2", 0.5 * gap, 0.5)
    offered = (rng.random(3000) < rate).astype(float)
    discount = offered * 0.10
    paid = 4000 * (1 - discount)
    return {"postcode area": area, "segment": segment}, offered, discount, paid


def test_a_postcode_area_offered_half_as_often_is_flagged():
    attrs, offered, discount, paid = _plan(0, gap=0.5)
    audit = audit_fairness(attrs, offered, discount, paid)
    assert not audit.fair
    flagged = {(d.attribute, d.measure) for d in audit.disparities if d.flagged}
    assert ("postcode area", "offer_rate") in flagged
    assert ("segment", "offer_rate") not in flagged
    worst = next(d for d in audit.disparities if d.measure == "offer_rate" and d.flagged)
    assert worst.lowest == "E2" and 0.4 < worst.ratio < 0.6
    assert "E2" in audit.explanation


def test_areas_treated_alike_pass():
    attrs, offered, discount, paid = _plan(1, gap=1.0)
    audit = audit_fairness(attrs, offered, discount, paid)
    assert audit.fair and "No group" in audit.explanation


def test_incrementality_against_the_holdout_in_words():
    rng = np.random.default_rng(2)
    offered = (rng.random(4000) < 0.15).astype(float)
    held = (rng.random(1000) < 0.10).astype(float)
    got = incrementality(offered, held, offered * 1200, held * 1600)
    assert got.low < 0.05 < got.high and got.low > 0
    assert "would not have happened without it" in got.explanation
    a, b = (rng.random(2000) < 0.10).astype(float), (rng.random(2000) < 0.10).astype(float)
    same = incrementality(a, b, a * 1600, b * 1600)
    assert "might have happened anyway" in same.explanation
