"""In Chromium: the owner finds the demo's proposals waiting, counted in the navigation, and
rejecting one from its card lowers the count."""

from __future__ import annotations

from regulars.demo.trust import DEMO_PROPOSALS

from .conftest import sign_in


def test_owner_rejects_a_waiting_proposal_from_the_inbox(context):
    page = sign_in(context, "owner", "/proposals")
    badge = page.locator('nav.main a[href="/proposals"] .count')
    before = int(badge.inner_text())
    assert before >= len(DEMO_PROPOSALS)
    card = page.locator("article.proposal").filter(has_text=DEMO_PROPOSALS[1]["title"])
    assert card.count() == 1 and "pricing-model (model)" in card.inner_text()
    card.locator('input[name="note"]').nth(1).fill("not before the new season")
    card.locator("button", has_text="Reject").click()
    page.wait_for_load_state()
    assert int(page.locator('nav.main a[href="/proposals"] .count').inner_text()) == before - 1
    assert "not before the new season" in page.locator("#decided-table").inner_text()
