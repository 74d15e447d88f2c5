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
