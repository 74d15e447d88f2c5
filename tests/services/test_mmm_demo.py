"""The demo's planted caused revenue per channel (ads, email and the two-week social pulses),
recovered by the marketing mix model within its 90% intervals (demo/campaigns.py plants what each
campaign caused; the ad platforms overclaim, so the attributed ROI of ads is far above the caused
one); and the demo itself fits and saves the model, so it shows what each channel caused."""

from __future__ import annotations

import pytest

from regulars.services.mmm import fit_mmm


def _planted(truths) -> dict[str, tuple[float, float]]:
    out: dict[str, list[float]] = {}
    for c in truths["campaigns"]:
        row = out.setdefault(c["channel"], [0.0, 0.0])
        row[0] += c["caused_revenue_cents"]
        row[1] += c["spend_cents"]
    return {k: (v[0], v[1]) for k, v in out.items()}


@pytest.fixture(scope="module")
def demo_fit(demo_workspace):
    return fit_mmm(demo_workspace, n_boot=100, save=False)


def test_the_demo_saves_a_fit_and_says_what_each_channel_caused(demo_workspace):
    """``regulars demo`` fits the model before it analyses: the report reads the saved fit and
    the demo's highlights carry each channel's sentence."""
    from regulars.services.demo import demo_highlights
    from regulars.services.mmm import mmm_report

    saved = mmm_report(demo_workspace)
    assert saved.saved and {c.channel for c in saved.channels} == {"ads", "email", "social"}
    lines = demo_highlights(demo_workspace)
    assert all(c.explanation in lines for c in saved.channels)


def test_every_channels_caused_revenue_within_the_intervals(demo_fit, demo_truths):
    planted = _planted(demo_truths)
    effects = {c.channel: c for c in demo_fit.channels}
    assert set(effects) == {"ads", "email", "social"}
    for channel in effects:
        lo, hi = effects[channel].caused_interval_cents
        assert lo <= planted[channel][0] <= hi, (channel, planted[channel], lo, hi)


def test_ads_caused_roi_is_inside_the_interval_and_said_to_be_unsure(demo_fit, demo_truths):
    caused, spend = _planted(demo_truths)["ads"]
    ads = next(c for c in demo_fit.channels if c.channel == "ads")
    assert caused / spend - 1 < 0  # the planted truth: ads lose money
    lo, hi = ads.roi_interval
    assert lo <= caused / spend - 1 <= hi
    assert "cannot tell whether it pays back" in ads.explanation


def test_the_black_friday_holdouts_calibrate_email(demo_fit):
    assert any(p.startswith("holdout: BFCM") for p in demo_fit.priors)
    assert len(demo_fit.contributions_cents) == len(demo_fit.weeks) == len(demo_fit.revenue_cents)
