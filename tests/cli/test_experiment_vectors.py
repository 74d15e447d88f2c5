"""Published experiment vectors reproduced through ``regulars experiment`` (not only the library).

Each test is named after its source and quotes it; the numbers were read in that source.
"""

from __future__ import annotations

import pytest

GB = "growthbook/growthbook packages/stats/tests/frequentist/test_tests.py"
# TestTwoSidedTTest inputs (SampleMeanStatistic sum, sum_squares, n)
GB_MEANS = (
    "arm,n,sum,sum_squares\ncontrol,3407,1396.87,52377.9767\ntreatment,3461,2422.7,134698.29\n"
)


@pytest.fixture
def ws(tmp_path):
    return tmp_path / "ws"


@pytest.fixture
def stats_file(tmp_path):
    def write(text: str, name: str = "stats.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def _r5(x: float) -> float:
    return round(x, 5)


def test_growthbook_two_sided_ttest_relative_is_the_default(cli, ws, stats_file):
    """growthbook packages/stats/tests/frequentist/test_tests.py test_two_sided_ttest:
    expected (0.7 - 0.41) / 0.41, ci [-0.03526, 1.44989], p_value 0.06191: not significant,
    so the verdict waits (the absolute test would ship at p 0.02016)."""
    a = cli("experiment", "analyze", "--stats", stats_file(GB_MEANS), ws=ws)
    c = a["comparisons"][0]
    assert c["scale"] == "relative"
    assert [_r5(c[k]) for k in ("estimate", "ci_low", "ci_high", "p_value")] == [
        _r5(0.29 / 0.41),
        -0.03526,
        1.44989,
        0.06191,
    ]
    assert a["verdict"]["decision"] == "wait"


def test_growthbook_two_sided_ttest_absolute(cli, ws, stats_file):
    """growthbook ... test_two_sided_ttest_absolute: expected 0.7 - 0.41, ci [0.04538, 0.53462],
    p_value 0.02016."""
    a = cli("experiment", "analyze", "--stats", stats_file(GB_MEANS), "--scale", "absolute", ws=ws)
    c = a["comparisons"][0]
    assert [_r5(c[k]) for k in ("estimate", "ci_low", "ci_high", "p_value")] == [
        0.29,
        0.04538,
        0.53462,
        0.02016,
    ]
    assert a["verdict"]["decision"] == "ship"


def test_growthbook_sequential_test_runs_with_stated_tuning(cli, ws, stats_file):
    """growthbook ... TestSequentialTTest test_sequential_test_runs (control n = 3000, tuning
    parameter 1000): expected 0.50336, ci [-0.55844, 1.56516]."""
    text = GB_MEANS.replace("control,3407", "control,3000")
    a = cli(
        "experiment", "analyze", "--stats", stats_file(text), "--sequential",
        "--planned-sample-size", "1000", ws=ws,
    )  # fmt: skip
    c = a["comparisons"][0]
    assert [_r5(c[k]) for k in ("estimate", "ci_low", "ci_high")] == [0.50336, -0.55844, 1.56516]
    assert "1,000" in a["notes"]["method"]


def test_growthbook_bayesian_binomial_ab_test_chance_to_win(cli, ws, stats_file):
    """growthbook packages/stats/tests/bayesian/test_tests.py test_bayesian_binomial_ab_test:
    49/100 vs 51/100, relative, chance_to_win 0.60918."""
    path = stats_file("arm,n,conversions\ncontrol,100,49\ntreatment,100,51\n")
    c = cli("experiment", "analyze", "--stats", path, ws=ws)["comparisons"][0]
    assert _r5(c["chance_to_win"]) == 0.60918


def test_growthbook_bayesian_gaussian_ab_test_informative_prior(cli, ws, stats_file):
    """growthbook ... test_bayesian_gaussian_ab_test_informative: prior N(0.1, 0.1), proper:
    chance_to_win 0.92315."""
    path = stats_file("arm,n,sum,sum_squares\ncontrol,10,100,1002.25\ntreatment,10,105,1111.5\n")
    args = ("experiment", "analyze", "--stats", path, "--prior-mean", "0.1")
    c = cli(*args, "--prior-variance", "0.1", ws=ws)["comparisons"][0]
    assert _r5(c["chance_to_win"]) == 0.92315
    flat = cli("experiment", "analyze", "--stats", path, ws=ws)["comparisons"][0]
    assert _r5(flat["chance_to_win"]) == 0.91923  # test_bayesian_gaussian_ab_test (flat prior)


def test_r_prop_test_smokers_omnibus(cli, ws, stats_file):
    """R ?prop.test: prop.test(c(83, 90, 129, 70), c(86, 93, 136, 82)) -> X-squared = 12.6,
    df = 3, p-value = 0.005585 (the omnibus test before the pairwise comparisons)."""
    rows = "".join(
        f"{a},{n},{x}\n" for a, n, x in zip("abcd", (86, 93, 136, 82), (83, 90, 129, 70))
    )
    a = cli("experiment", "analyze", "--stats", stats_file("arm,n,conversions\n" + rows), ws=ws)
    (omnibus,) = a["omnibus"]
    assert (round(omnibus["chi_square"], 1), omnibus["df"]) == (12.6, 3)
    assert omnibus["p_value"] == pytest.approx(0.005585, abs=5e-7)


def test_planned_75_25_split_is_not_a_mismatch(cli, ws, stats_file):
    """A correct 75/25 split: p = 1 against its plan, and no stop; equal weights would flag it."""
    text = "arm,n,conversions\ncontrol,7500,750\ntreatment,2500,300\n"
    a = cli("experiment", "analyze", "--stats", stats_file(text), "--weights", "75,25", ws=ws)
    assert a["srm"]["p_value"] == pytest.approx(1.0) and not a["srm"]["flagged"]
    assert a["verdict"]["decision"] != "do not trust"
    column = "arm,n,conversions,weight\ncontrol,7500,750,0.75\ntreatment,2500,300,0.25\n"
    b = cli("experiment", "analyze", "--stats", stats_file(column, "w.csv"), ws=ws)
    assert b["srm"]["p_value"] == pytest.approx(1.0)
    equal = cli("experiment", "analyze", "--stats", stats_file(text, "e.csv"), ws=ws)
    assert equal["srm"]["flagged"] and equal["verdict"]["decision"] == "do not trust"


def test_ratio_summaries_with_unit_denominators_equal_the_mean_test(cli, ws, stats_file):
    header = "arm,n,num_sum,num_sum_squares,den_sum,den_sum_squares,num_den_sum_products\n"
    rows = "control,3407,1396.87,52377.9767,3407,3407,1396.87\n"
    rows += "treatment,3461,2422.7,134698.29,3461,3461,2422.7\n"
    ratio = cli("experiment", "analyze", "--stats", stats_file(header + rows), ws=ws)
    mean = cli("experiment", "analyze", "--stats", stats_file(GB_MEANS, "m.csv"), ws=ws)
    keys = ("estimate", "ci_low", "ci_high", "p_value")
    assert ratio["comparisons"][0]["statistic"] == "ratio"
    assert [ratio["comparisons"][0][k] for k in keys] == pytest.approx(
        [mean["comparisons"][0][k] for k in keys]
    )


def test_pooled_z_squared_is_pearson_chi_square(cli, ws, stats_file):
    path = stats_file("arm,n,conversions\ncontrol,1000,100\ntreatment,1000,130\n")
    a = cli("experiment", "analyze", "--stats", path, "--pooled", "--scale", "absolute", ws=ws)
    c = a["comparisons"][0]
    assert "pooled" in c["method"]
    from scipy import stats as st

    chi2, p, _, _ = st.chi2_contingency([[100, 900], [130, 870]], correction=False)
    assert c["p_value"] == pytest.approx(p)


def test_r_power_t_test_and_cohen_sample_sizes(cli, ws):
    """R ?power.t.test: power.t.test(power = .90, delta = 1) -> n = 22.02110, so 23 per group
    (never one too few); d = 0.5 at 80% power -> 64 per group (n = 63.77)."""
    plan = cli("experiment", "plan", "--metric", "mean", "--baseline", "0", "--mde", "1",
               "--std-dev", "1", "--power", "0.9", ws=ws)  # fmt: skip
    assert plan["design"]["per_arm"] == 23 and plan["design"]["unrounded"] == pytest.approx(
        22.02110, abs=1e-4
    )
    half = cli("experiment", "plan", "--metric", "mean", "--baseline", "0", "--mde", "0.5",
               "--std-dev", "1", ws=ws)  # fmt: skip
    assert half["design"]["per_arm"] == 64 and half["planned_sample_size"] == 128
    normal = cli("experiment", "plan", "--metric", "mean", "--baseline", "0", "--mde", "1",
                 "--std-dev", "1", "--power", "0.9", "--convention", "normal", ws=ws)  # fmt: skip
    assert normal["design"]["per_arm"] == 22  # the normal approximation is one too few


def test_evan_miller_and_r_power_prop_test_conventions(cli, ws):
    """evanmiller.org/ab-testing/sample-size.html defaults (baseline 20%, MDE 5% absolute, 80%,
    5%): 1,030 per variation; R ?power.prop.test: power.prop.test(p1 = .50, p2 = .75,
    power = .90) -> n = 76.7, so 77 per group."""
    em = cli("experiment", "plan", "--baseline", "0.2", "--mde", "0.05",
             "--convention", "evan-miller", ws=ws)  # fmt: skip
    assert em["design"]["per_arm"] == 1030
    r = cli("experiment", "plan", "--baseline", "0.5", "--mde", "0.25", "--power", "0.9",
            "--convention", "r", ws=ws)  # fmt: skip
    assert r["design"]["per_arm"] == 77 and round(r["design"]["unrounded"], 1) == 76.7


def test_holm_and_bh_on_a_list_of_p_values(cli, ws):
    """Holm and BH worked by hand from their step-down / step-up definitions (what R's p.adjust
    computes): (0.01, 0.04, 0.03, 0.005) -> Holm 0.03 0.06 0.06 0.02, BH 0.02 0.04 0.04 0.02."""
    holm = cli("experiment", "adjust", "0.01", "0.04", "0.03", "0.005", ws=ws)
    assert holm["adjusted"] == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert holm["significant"] == [True, False, False, True]
    bh = cli("experiment", "adjust", "0.01", "0.04", "0.03", "0.005", "--correction", "bh", ws=ws)
    assert bh["adjusted"] == pytest.approx([0.02, 0.04, 0.04, 0.02])
    bad = cli("experiment", "adjust", "1.5", ws=ws, code=65)
    assert "between 0 and 1" in bad["message"]


def test_rate_effects_are_written_in_points_and_relative_in_percent(cli, ws, stats_file):
    from typer.testing import CliRunner

    from regulars.cli import app

    path = stats_file("arm,n,conversions\ncontrol,1000,100\ntreatment,1000,151\n")
    run = CliRunner().invoke(app, ["experiment", "analyze", "--stats", str(path), "-w", str(ws),
                                   "--scale", "absolute"])  # fmt: skip
    assert "+5.1 pts" in run.stdout
    rel = CliRunner().invoke(app, ["experiment", "analyze", "--stats", str(path), "-w", str(ws)])
    assert "+51.0%" in rel.stdout and "Wilson" in rel.stdout


def test_growthbook_power_and_mde_with_three_variations(cli, ws):
    """growthbook packages/shared/test/power.test.ts "calculates power correctly" / "two-tailed
    mde" / "sequential power" / "sequential mde": mean 10, variance 3909.9997749994377, lift 5%,
    400,000 users over 3 variations: power 0.52144, MDE 0.07027; sequential (5,000): 0.20596,
    0.12821."""
    sd = str(3909.9997749994377**0.5)
    args = ["experiment", "plan", "--convention", "growthbook", "--metric", "mean", "--baseline",
            "10", "--std-dev", sd, "--mde", "0.05", "--relative", "--arms", "3",
            "--sample-size", str(400_000 / 3)]  # fmt: skip
    g = cli(*args, ws=ws)["given_sample"]
    assert (round(g["power_for_mde"], 5), round(g["detectable_relative"], 5)) == (0.52144, 0.07027)
    s = cli(*args, "--sequential-tuning", "5000", ws=ws)["given_sample"]
    assert (round(s["power_for_mde"], 5), round(s["detectable_relative"], 5)) == (0.20596, 0.12821)


def test_evan_miller_simple_sequential_plan(cli, ws):
    """evanmiller.org/sequential-ab-testing.html: stop when T - C reaches d (about 2 sqrt(N) at
    5%) or when T + C reaches N; the plan gives N and d with the stated error rates."""
    plan = cli("experiment", "plan", "--baseline", "0.05", "--mde", "0.5", "--relative",
               "--convention", "simple-sequential", ws=ws)["design"]  # fmt: skip
    assert plan["false_positive_rate"] <= 0.05 and plan["power_reached"] >= 0.8
    assert abs(plan["threshold"] - 2 * plan["conversions"] ** 0.5) < 0.1 * plan["threshold"]
    assert plan["per_arm"] * 0.05 * 2.5 >= plan["conversions"]  # enough customers for N


def test_r_poisson_test_two_rates_through_the_cli(cli, ws, stats_file):
    """R: poisson.test(c(11, 21), c(800, 3011)) -> p-value = 0.07967, 95% CI 0.8584264 4.2772659,
    rate ratio 1.971488 (as quoted in a public validation table of R outputs). Events over
    exposure; the planned split is the exposures'."""
    path = stats_file("arm,events,exposure\ncontrol,21,3011\ntreatment,11,800\n")
    a = cli("experiment", "analyze", "--stats", path, "--weights", "3011,800", ws=ws)
    c = a["comparisons"][0]
    assert c["statistic"] == "rate" and c["p_value"] == pytest.approx(0.07967, abs=5e-6)
    assert c["estimate"] + 1 == pytest.approx(1.971488, abs=1e-6)
    assert (c["ci_low"] + 1, c["ci_high"] + 1) == pytest.approx((0.8584264, 4.2772659), abs=1e-7)
    assert not a["srm"]["flagged"] and a["verdict"]["decision"] == "wait"


def _r4(c: dict) -> list[float]:
    return [c[k] for k in ("estimate", "ci_low", "ci_high", "p_value")]


def _places4(expected) -> pytest.approx:
    """unittest's assertAlmostEqual(places=4), as PostHog checks: |ours - theirs| < 0.00005."""
    return pytest.approx(list(expected), abs=5e-5)


def test_posthog_two_sided_ttest_with_sample_proportion(cli, ws, stats_file):
    """PostHog/posthog products/experiments/stats/tests/test_frequentist.py
    test_two_sided_ttest_with_sample_proportion: treatment 62/1471 against control 87/1529,
    relative: expected -0.25925, ci [-0.49475, -0.02376], p_value 0.030960 (checked to 4
    places there): a significant drop, so keep control."""
    path = stats_file("arm,n,conversions\ncontrol,1529,87\ntreatment,1471,62\n")
    a = cli("experiment", "analyze", "--stats", path, ws=ws)
    assert _r4(a["comparisons"][0]) == _places4((-0.25925, -0.49475, -0.02376, 0.03096))
    assert a["verdict"]["decision"] == "keep control"


def test_posthog_two_sided_ttest_with_sample_mean(cli, ws, stats_file):
    """PostHog ... test_two_sided_ttest_with_sample_mean: treatment sum 1922.7, sum_squares
    94698.29, n 2461 against control 1196.87, 37377.9767, 2507: expected 0.63646,
    ci [-0.0875, 1.36048], p_value 0.08487."""
    text = (
        "arm,n,sum,sum_squares\ncontrol,2507,1196.87,37377.9767\ntreatment,2461,1922.7,94698.29\n"
    )
    c = cli("experiment", "analyze", "--stats", stats_file(text), ws=ws)["comparisons"][0]
    assert _r4(c) == _places4((0.63646, -0.0875, 1.36048, 0.08487))


def test_posthog_two_sided_ttest_with_ratio_statistic(cli, ws, stats_file):
    """PostHog ... test_two_sided_ttest_with_ratio_statistic (treatment n 2034, control n 1966):
    expected 0.041333, ci [0.01378609, 0.0689], p_value 0.0032826."""
    header = "arm,n,num_sum,num_sum_squares,den_sum,den_sum_squares,num_den_sum_products\n"
    rows = (
        "control,1966,94605.79858780127,10463129.505392816,936,936,94605.79858780127\n"
        "treatment,2034,99673.9364269569,11298745.182728939,947,947,99673.9364269569\n"
    )
    c = cli("experiment", "analyze", "--stats", stats_file(header + rows), ws=ws)["comparisons"][0]
    assert _r4(c) == _places4((0.041333, 0.01378609, 0.0689, 0.0032826))


def test_growthbook_two_sided_ttest_binom(cli, ws, stats_file):
    """growthbook packages/stats/tests/frequentist/test_tests.py test_two_sided_ttest_binom:
    14/28 against 16/30, relative: ci [-0.47767, 0.61101], p_value 0.80707."""
    path = stats_file("arm,n,conversions\ncontrol,28,14\ntreatment,30,16\n")
    c = cli("experiment", "analyze", "--stats", path, ws=ws)["comparisons"][0]
    assert [round(c[k], 5) for k in ("ci_low", "ci_high", "p_value")] == [
        -0.47767,
        0.61101,
        0.80707,
    ]


def test_posthog_bayesian_realistic_example(cli, ws, stats_file):
    """PostHog/posthog products/experiments/stats/tests/test_bayesian.py test_realistic_example
    (the sample-mean inputs above, relative, flat prior): effect 0.63646, credible interval
    [-0.0873, 1.36026], chance_to_win 0.95759 (4 places)."""
    text = (
        "arm,n,sum,sum_squares\ncontrol,2507,1196.87,37377.9767\ntreatment,2461,1922.7,94698.29\n"
    )
    c = cli("experiment", "analyze", "--stats", stats_file(text), ws=ws)["comparisons"][0]
    ours = [c["estimate"], *c["credible_interval"], c["chance_to_win"]]
    assert ours == _places4((0.63646, -0.0873, 1.36026, 0.95759))
