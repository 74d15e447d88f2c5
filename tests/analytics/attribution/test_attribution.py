"""Attribution models on hand-worked journeys: every model's credits sum to the conversions, and the
Markov removal effects equal the numbers worked out by hand below."""

from __future__ import annotations

import numpy as np
import pytest

from regulars.analytics.attribution import (
    MODELS,
    Journeys,
    attribute,
    compare_models,
    first_touch,
    last_touch,
    linear,
    markov,
    position_based,
    time_decay,
)

A, B, C = 0, 1, 2


def classic() -> Journeys:
    """A->B->C converts; A alone does not; B->C does not."""
    return Journeys.from_paths([[A, B, C], [A], [B, C]], [True, False, False])


def test_markov_removal_effects_worked_by_hand():
    # Transitions: start->A 2, start->B 1; A->B 1, A->null 1; B->C 2; C->conv 1, C->null 1.
    # P(conv) = P(start->A) P(A->B) P(B->C) P(C->conv) + P(start->B) P(B->C) P(C->conv)
    #         = 2/3 * 1/2 * 1 * 1/2 + 1/3 * 1 * 1/2 = 1/6 + 1/6 = 1/3.
    # Without A: only start->B->C->conv remains: 1/3 * 1/2 = 1/6, removal effect 1 -
    # (1/6)/(1/3) = 1/2.
    # Without B or without C nothing reaches conversion: removal effects 1 and 1.
    # Credit of the one conversion: 0.5/2.5 = 0.2 to A, 0.4 to B, 0.4 to C.
    result = markov(classic(), 3)
    assert result.conversion_probability == pytest.approx(1 / 3)
    assert result.removal_effects == pytest.approx([0.5, 1.0, 1.0])
    assert result.credit.conversions == pytest.approx([0.2, 0.4, 0.4])


def test_markov_collapses_repeats_and_weighs_value():
    # A->A->B converts (value 100) and B converts (value 50); repeats of A collapse to one visit.
    # Transitions: start->A 1, start->B 1, A->B 1, B->conv 2: P(conv) = 1.
    # Without A: start->B->conv still 1/2 of the time: effect 1/2. Without B: 0, effect 1.
    # Shares 1/3 and 2/3 of 2 conversions and of 150 in value.
    j = Journeys.from_paths([[A, A, B], [B]], [True, True], [100.0, 50.0])
    result = markov(j, 2)
    assert result.removal_effects == pytest.approx([0.5, 1.0])
    assert result.credit.conversions == pytest.approx([2 / 3, 4 / 3])
    assert result.credit.value == pytest.approx([50.0, 100.0])


def test_rule_based_models_by_hand():
    # Converting journeys: A->B->C (value 90) and B (value 10); A->C does not convert.
    j = Journeys.from_paths([[A, B, C], [B], [A, C]], [True, True, False], [90.0, 10.0, 0.0])
    assert first_touch(j, 3).conversions == pytest.approx([1, 1, 0])
    assert last_touch(j, 3).conversions == pytest.approx([0, 1, 1])
    assert linear(j, 3).conversions == pytest.approx([1 / 3, 1 + 1 / 3, 1 / 3])
    assert linear(j, 3).value == pytest.approx([30, 40, 30])
    assert position_based(j, 3).conversions == pytest.approx([0.4, 1.2, 0.4])
    # Time decay, half-life 1 day: touches 2, 1 and 0 days before weigh 1/4, 1/2, 1 (sum 7/4).
    td = time_decay(j, 3, half_life_days=1.0)
    assert td.conversions == pytest.approx([1 / 7, 2 / 7 + 1, 4 / 7])


def test_position_based_two_touches_split_half():
    j = Journeys.from_paths([[A, B]], [True])
    assert position_based(j, 2).conversions == pytest.approx([0.5, 0.5])


def test_every_model_sums_to_the_conversions():
    rng = np.random.default_rng(3)
    paths = [list(rng.integers(0, 5, rng.integers(1, 6))) for _ in range(300)]
    converted = list(rng.random(300) < 0.4)
    j = Journeys.from_paths(paths, converted, list(rng.uniform(10, 100, 300)))
    total_value = float(np.asarray(j.value)[np.asarray(converted)].sum())
    for model, credit in compare_models(j, 5).items():
        assert credit.conversions.sum() == pytest.approx(sum(converted)), model
        assert credit.value.sum() == pytest.approx(total_value), model
    assert set(compare_models(j, 5)) == set(MODELS)


def test_touch_order_in_the_arrays_does_not_matter():
    j = classic()
    shuffled = np.random.default_rng(1).permutation(len(j.journey))
    k = Journeys(
        j.journey[shuffled], j.channel[shuffled], j.days_before[shuffled], j.converted, j.value
    )
    for model in MODELS:
        assert attribute(k, 3, model).conversions == pytest.approx(
            attribute(j, 3, model).conversions
        ), model


def test_unknown_model_is_refused():
    with pytest.raises(ValueError, match="unknown attribution model"):
        attribute(classic(), 3, "u-shaped")


def test_no_conversions_gives_zero_credit():
    j = Journeys.from_paths([[A], [B]], [False, False])
    for model in MODELS:
        assert attribute(j, 2, model).conversions.sum() == 0
