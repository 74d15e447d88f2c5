"""Plain-words verdicts, warnings and guardrails."""

from regulars.analytics.experiments import (
    ProportionStats,
    SampleMeanStats,
    check_guardrail,
    explain,
    peeking_warning,
    sample_ratio_mismatch,
    small_sample_warning,
    srm_warning,
    two_proportion_z_test,
    welch_t_test,
)


def test_winning_treatment_headline():
    r = two_proportion_z_test(
        ProportionStats(20000, 620), ProportionStats(20000, 720), relative=True
    )
    v = explain(r)
    assert v.decision == "ship"
    assert v.headline == (
        "B raised conversion from 3.1% to 3.6% (+16.1%, 95% CI +3.9% to +28.4%): ship B"
    )


def test_absolute_rate_effect_is_in_points_and_money_in_the_currency():
    r = two_proportion_z_test(ProportionStats(20000, 620), ProportionStats(20000, 720))
    assert "(+0.5 pts, 95% CI +0.1 pts to +0.9 pts)" in explain(r).headline
    m = welch_t_test(SampleMeanStats(100, 250000, 7e8), SampleMeanStats(100, 300000, 1e9))
    words = explain(m, metric="revenue", unit="money", currency="EUR").headline
    assert "from €25.00 to €30.00 (+€5.00, 95% CI +€2.38 to +€7.62)" in words


def test_losing_treatment_keeps_control():
    r = two_proportion_z_test(
        ProportionStats(20000, 720), ProportionStats(20000, 620), relative=True
    )
    v = explain(r, control="Old checkout", treatment="New checkout")
    assert v.decision == "keep control" and v.headline.startswith("New checkout lowered conversion")
    assert v.headline.endswith("keep Old checkout")


def test_inconclusive_result_says_how_many_more_days():
    r = two_proportion_z_test(ProportionStats(5000, 155), ProportionStats(5000, 160), relative=True)
    v = explain(r, daily_units_per_arm=1000, target_lift=0.10)
    assert v.decision == "wait"
    assert v.headline.startswith("Not enough evidence yet; at current traffic about ")
    assert v.headline.endswith("more days to detect +10%")


def test_error_result_becomes_cannot_tell():
    v = explain(welch_t_test(SampleMeanStats(0, 0, 0), SampleMeanStats(5, 5, 9)))
    assert v.decision == "cannot tell" and "n = 0" in v.headline


def test_srm_warning_blocks_shipping():
    r = two_proportion_z_test(
        ProportionStats(20000, 620), ProportionStats(20000, 720), relative=True
    )
    warnings = srm_warning(sample_ratio_mismatch([20000, 21500]))
    v = explain(r, warnings=warnings)
    assert v.decision == "do not trust" and v.warnings == warnings


def test_peeking_and_small_sample_warnings():
    assert peeking_warning(1, sequential=False) == ()
    assert peeking_warning(7, sequential=True) == ()
    assert "7 times" in peeking_warning(7, sequential=False)[0]
    assert small_sample_warning(ProportionStats(40, 3), ProportionStats(42, 5))
    assert small_sample_warning(ProportionStats(5000, 150), ProportionStats(5000, 170)) == ()


def test_guardrail_flags_significant_worsening_only():
    refunds_up = two_proportion_z_test(ProportionStats(20000, 200), ProportionStats(20000, 300))
    assert check_guardrail(refunds_up, "refund rate", higher_is_better=False).flagged
    assert not check_guardrail(refunds_up, "repeat purchase", higher_is_better=True).flagged
