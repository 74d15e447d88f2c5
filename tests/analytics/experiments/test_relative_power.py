"""GrowthBook's relative-effect power and MDE, several variations, fixed and sequential.

Every number is from growthbook/growthbook packages/shared/test/power.test.ts (found with the code
search): a mean metric (mean 10, variance 3909.9997749994377, lift 5%, 400,000 users over 3
variations) and the "checks power" / "checks sequential power" tables (4,500 users a week, 3
variations, weeks 1 to 9; click-through rate 10% with a 5% lift, revenue mean 0.1, variance 0.5,
with a 30% lift)."""

import math

import pytest

from regulars.analytics.experiments.relative_power import relative_mde, relative_power

VAR = 3909.9997749994377
WEEKS = range(1, 10)
# powerSolution / mdeSolution, interleaved (click_through_rate, revenue) per week
POWER = [
    0.073,
    0.17053,
    0.0965,
    0.29389,
    0.1204,
    0.41122,
    0.14458,
    0.51749,
    0.16895,
    0.61037,
    0.19342,
    0.68938,
    0.21791,
    0.75513,
    0.24235,
    0.80886,
    0.26666,
    0.85213,
]
MDE = [
    0.36767,
    1.26769,
    0.24505,
    0.71941,
    0.19525,
    0.54299,
    0.16673,
    0.4506,
    0.14774,
    0.39208,
    0.13394,
    0.35099,
    0.12336,
    0.32018,
    0.11491,
    0.29603,
    0.10796,
    0.27647,
]
SEQ_POWER = [
    0.05936,
    0.09832,
    0.06912,
    0.14992,
    0.07849,
    0.19972,
    0.08761,
    0.24784,
    0.09657,
    0.29426,
    0.10541,
    0.33888,
    0.11415,
    0.38165,
    0.12282,
    0.42249,
    0.13142,
    0.46136,
]
SEQ_MDE = [
    0.65545,
    4.33868,
    0.4112,
    1.51846,
    0.32394,
    1.04943,
    0.27607,
    0.84084,
    0.24484,
    0.71862,
    0.22241,
    0.63663,
    0.20532,
    0.577,
    0.19172,
    0.53123,
    0.18058,
    0.49473,
]
METRICS = ((0.1, 0.1 * 0.9, 0.05), (0.1, 0.5, 0.3))  # (mean, variance, lift)


def test_growthbook_calculates_power_and_two_tailed_mde():
    assert round(relative_power(10, VAR, 0.05, 400_000, 3), 5) == 0.52144
    assert round(relative_mde(10, VAR, 0.8, 400_000, 3), 5) == 0.07027


def test_growthbook_calculates_sequential_power_and_mde():
    assert round(relative_power(10, VAR, 0.05, 400_000, 3, sequential_tuning=5000), 5) == 0.20596
    assert round(relative_mde(10, VAR, 0.8, 400_000, 3, sequential_tuning=5000), 5) == 0.12821


@pytest.mark.parametrize("tuning,power,mde", [(None, POWER, MDE), (5000, SEQ_POWER, SEQ_MDE)])
def test_growthbook_checks_power_week_by_week(tuning, power, mde):
    ours_power = [
        round(relative_power(m, v, e, 4500 * w, 3, sequential_tuning=tuning), 5)
        for w in WEEKS
        for m, v, e in METRICS
    ]
    ours_mde = [
        round(relative_mde(m, v, 0.8, 4500 * w, 3, sequential_tuning=tuning), 5)
        for w in WEEKS
        for m, v, _ in METRICS
    ]
    assert ours_power == power and ours_mde == mde


def test_too_few_units_have_no_mde():
    assert math.isnan(relative_mde(0.1, 0.5, 0.8, 10, 3))  # more units needed
    assert math.isnan(relative_mde(0.1, 0.09, 0.01, 4500, 3))  # power below alpha
