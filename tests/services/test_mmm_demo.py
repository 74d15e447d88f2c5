"""The demo's planted caused revenue per paid channel, recovered by the marketing mix model
within its 90% intervals (demo/campaigns.py plants what each campaign caused; the ad platforms
overclaim, so the attributed ROI of ads is far above the caused one)."""

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


def test_ads_and_email_caused_revenue_within_the_intervals(demo_fit, demo_truths):
    planted = _planted(demo_truths)
    effects = {c.channel: c for c in demo_fit.channels}
    for channel in ("ads", "email"):
        lo, hi = effects[channel].contribution_interval
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
    assert len(demo_fit.contributions) == len(demo_fit.weeks) == len(demo_fit.revenue)
