"""The Marketing mix page in Debian's Chromium: after a fit (through the API, as an analyst) the
response curves, the contributions over time and the budget split are drawn, with no script
error (the dashboard's Content-Security-Policy allows no inline script)."""

from __future__ import annotations

import httpx

from .conftest import sign_in


def test_the_page_draws_its_three_charts(context, live_shop):
    answer = httpx.post(f"{live_shop.url}/api/v1/mmm/fit", json={"draws": 20},
                        headers={"Authorization": f"Bearer {live_shop.api_keys['analyst']}"},
                        timeout=120)  # fmt: skip
    assert answer.status_code == 200, answer.text
    errors: list[str] = []
    page = sign_in(context, "viewer", "/mmm")
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.reload()
    page.wait_for_selector(".js-plotly-plot .main-svg")
    assert page.locator(".js-plotly-plot").count() == 3
    assert page.locator("#mmm-channels tbody tr").count() == len(answer.json()["channels"])
    assert errors == []


def test_the_owner_queues_the_split_in_one_click_and_a_viewer_cannot(context, live_shop):
    """The demo fitted and saved the model: the page shows the split; the owner's button puts it
    in the approval queue (checked in the store), a viewer's page has no button."""
    from regulars.services.proposals import list_proposals
    from regulars.services.workspace import Workspace
    from regulars.settings import load_settings

    viewer = sign_in(context, "viewer", "/mmm")
    assert viewer.locator("#mmm-allocation").is_visible()
    assert viewer.locator("#mmm-propose-form").count() == 0
    context.clear_cookies()
    page = sign_in(context, "owner", "/mmm")
    page.click("#mmm-propose-form button[type=submit]")
    page.wait_for_selector("#mmm-proposed")
    proposal_id = page.url.split("proposed=")[1].split("#")[0]
    with Workspace(load_settings(live_shop.path)) as ws:
        queued = [p for p in list_proposals(ws, "pending") if p.action_type == "budget_split"]
    assert proposal_id in [p.proposal_id for p in queued]
    split = next(p for p in queued if p.proposal_id == proposal_id).parameters["split_cents"]
    assert all(type(v) is int for v in split.values())


def test_an_analyst_records_a_geo_test_from_the_page(context, live_shop):
    """The geo-test form: pick the channel and the weeks, see the power in words, record it in
    one click; the store then holds the draft experiment, and the page no longer offers it; a
    viewer sees the power but no button."""
    from regulars.services.experiments import list_experiments
    from regulars.services.workspace import Workspace
    from regulars.settings import load_settings

    viewer = sign_in(context, "viewer", "/mmm")
    assert viewer.locator("#geo-power").is_visible()
    assert viewer.locator("#geo-record-form").count() == 0
    context.clear_cookies()
    page = sign_in(context, "analyst", "/mmm")
    page.select_option("#geo-design-form select[name=geo_channel]", "social")
    page.fill("#geo-design-form input[name=geo_weeks]", "10")
    page.click("#geo-design-form button[type=submit]")
    page.wait_for_url("**geo_weeks=10**")
    power = page.locator("#geo-power").inner_text()
    assert power.startswith("social: Switch the channel on (or off)") and "10 weeks" in power
    page.click("#geo-record-form button[type=submit]")
    page.wait_for_selector("#geo-recorded")
    with Workspace(load_settings(live_shop.path)) as ws:
        made = [e for e in list_experiments(ws) if e.name == "Geo test: social"]
    assert len(made) == 1 and made[0].status == "draft"
    page.reload()
    assert page.locator("#geo-record-form").count() == 0
