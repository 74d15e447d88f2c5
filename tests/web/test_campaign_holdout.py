"""One click from a campaign's page to a holdout test, in Debian's Chromium: the campaign page
shows the power first (on the campaign's own sends and buying rate), an analyst records the test,
and the store then holds the draft experiment (control held out, the campaign's audience as the
planned sample size); recording again adds nothing; a paid campaign without sends is pointed to
a geo test; a viewer sees the power but no button."""

from __future__ import annotations

import re

from regulars.services.campaigns.performance import campaign_performance
from regulars.services.experiments import list_experiments
from regulars.services.workspace import Workspace
from regulars.settings import load_settings

from .conftest import sign_in


def _campaigns(live_shop):
    with Workspace(load_settings(live_shop.path)) as ws:
        rows = campaign_performance(ws)
    email = max((r for r in rows if r.sends), key=lambda r: r.sends)
    paid = next(r for r in rows if not r.sends and r.spend_cents)
    return email, paid


def _holdouts(live_shop, name: str):
    with Workspace(load_settings(live_shop.path)) as ws:
        return [e for e in list_experiments(ws) if e.name == f"Holdout: {name}"]


def test_an_analyst_records_a_holdout_from_the_campaign_page(context, live_shop):
    email, _ = _campaigns(live_shop)
    page = sign_in(context, "analyst", "/campaigns")
    page.click(f"#campaigns a:text-is('{email.name}')")
    page.wait_for_url(f"**/campaigns/{email.campaign_id}")
    power = page.locator("#holdout-power").inner_text()
    held = round(email.sends * 0.1)
    assert f"Holding out {held:,} of {email.sends:,} customers" in power
    assert re.search(r"the power for a 20% relative lift is \d+%", power)
    assert _holdouts(live_shop, email.name) == []
    page.click("#holdout-record-form button[type=submit]")
    page.wait_for_selector("#holdout-recorded")
    [made] = _holdouts(live_shop, email.name)
    assert made.status == "draft" and made.planned_sample_size == email.sends
    assert made.arms == "control:0.1,send:0.9"
    page.reload()
    assert page.locator("#holdout-record-form").count() == 0  # once per campaign
    assert len(_holdouts(live_shop, email.name)) == 1


def test_a_changed_share_changes_the_power_before_recording(context, live_shop):
    email, _ = _campaigns(live_shop)
    page = sign_in(context, "analyst", f"/campaigns/{email.campaign_id}")
    page.fill("#holdout-design-form input[name=holdout_share]", "0.3")
    page.click("#holdout-design-form button[type=submit]")
    page.wait_for_url("**holdout_share=0.3**")
    held = round(email.sends * 0.3)
    assert f"Holding out {held:,} of" in page.locator("#holdout-power").inner_text()


def test_a_campaign_without_sends_is_pointed_to_a_geo_test(context, live_shop):
    _, paid = _campaigns(live_shop)
    page = sign_in(context, "analyst", f"/campaigns/{paid.campaign_id}")
    assert "--kind geo" in page.locator("#holdout-error").inner_text()
    assert page.locator("#holdout-record-form").count() == 0


def test_a_viewer_sees_the_power_but_cannot_record(context, live_shop):
    email, _ = _campaigns(live_shop)
    page = sign_in(context, "viewer", f"/campaigns/{email.campaign_id}")
    assert page.locator("#holdout-power").is_visible()
    assert page.locator("#holdout-record-form").count() == 0
