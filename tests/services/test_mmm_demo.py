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


def test_every_separable_channels_caused_revenue_within_the_intervals(demo_fit, demo_truths):
    planted = _planted(demo_truths)
    effects = {c.channel: c for c in demo_fit.channels}
    assert set(effects) == {"ads", "email", "social"}
    for channel in (c for c, e in effects.items() if e.separable):
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


def test_email_whose_sale_emails_land_in_the_promotion_weeks_is_said_to_be_inseparable(demo_fit):
    """The demo plants a sale email at the start of every promotion: what those emails caused
    and the promotion weeks' own lift fall in the same weeks (on the default 8,000-customer demo
    the fit hands email's sale revenue to the promotion column, far outside email's interval), so
    the report must say it cannot tell, name the tests, and show no confident number; the clean
    channels are not flagged."""
    effects = {c.channel: c for c in demo_fit.channels}
    email = effects["email"]
    assert not email.separable
    assert email.limit.startswith("email's spend moves with your promotion weeks")
    assert "holdout" in email.limit and "--kind geo" in email.limit
    assert email.explanation.startswith(email.limit) and "The model's guess" in email.explanation
    assert effects["ads"].separable and effects["social"].separable
    assert effects["ads"].limit is None and effects["social"].limit is None
    assert "cannot separate what email caused" in demo_fit.explanation
    sep = demo_fit.separability
    assert sep.confounded_with[sep.channels.index("email")] == "promotion weeks"


def test_the_allocation_keeps_email_at_todays_spend(demo_workspace):
    from regulars.services.mmm import allocate_budget

    plan = allocate_budget(demo_workspace)
    email = next(s for s in plan.splits if s.channel == "email")
    assert email.proposed_cents == email.today_cents
    assert "email stays at today's spend" in plan.explanation
