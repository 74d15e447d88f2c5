"""Wilson and Newcombe intervals against Newcombe (1998): "Two-sided confidence intervals for the
single proportion" (Stat Med 17:857, Table I, 81/263) and "Interval estimation for the difference
between independent proportions" (Stat Med 17:873, Table II, method 10)."""

from __future__ import annotations

import pytest

from regulars.analytics.feedback.intervals import newcombe, wilson


def test_wilson_81_of_263():
    assert wilson(81, 263) == pytest.approx((0.2553, 0.3662), abs=1e-4)


def test_wilson_at_the_edges():
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == pytest.approx(1.0)
    assert wilson(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize(
    "counts, want",
    [
        ((56, 70, 48, 80), (0.0524, 0.3339)),  # example (a)
        ((5, 56, 0, 29), (-0.0381, 0.1926)),  # example (e)
    ],
)
def test_newcombe_method_10(counts, want):
    assert newcombe(*counts) == pytest.approx(want, abs=1e-4)
