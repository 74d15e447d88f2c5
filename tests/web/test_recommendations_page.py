"""The Recommendations page in Debian's Chromium over the live demo server: the nav links it, the
backtest table of every placement shows popularity beside the chosen model, an example customer's
link opens their profile with their own list and reasons, and the page and the JSON agree."""

from __future__ import annotations

import httpx

from .conftest import sign_in


def test_page_profile_and_api_agree(context, live_shop):
    page = sign_in(context, "viewer", "/recommendations")
    assert page.locator('nav a[href="/recommendations"]').count() >= 1
    key = {"Authorization": f"Bearer {live_shop.api_keys['viewer']}"}
    api = httpx.get(f"{live_shop.url}/api/v1/recommendations", headers=key).json()
    for placement in api["placements"]:
        table = page.locator(f"#backtest-{placement['placement']}")
        assert table.is_visible()
        assert "popularity" in table.inner_text()
        assert (
            page.locator(f"#explanation-{placement['placement']}").inner_text()
            == (placement["explanation"])
        )
    first = api["examples"][0]
    page.click(f'a[href="/customers/{first["customer_id"]}"]')
    page.wait_for_url(f"**/customers/{first['customer_id']}")
    shown = page.locator("#customer-recommendations").inner_text()
    assert first["items"][0]["name"] in shown and first["items"][0]["reason"] in shown
