"""Pricing & offers: the API and the dashboard page say the same (in-process, no browser), and the
page names nobody: groups and counts only."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "_api_conftest", Path(__file__).parents[1] / "api" / "conftest.py"
)
_api = sys.modules.setdefault("_api_conftest", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(_api)
demo_template, shop = _api.demo_template, _api.shop


def test_pricing_api_and_page_agree(shop):
    e = shop.get("/api/v1/pricing/elasticity", role="viewer").json()
    plan = shop.get("/api/v1/offers/plan", role="viewer").json()
    shop.log_in("viewer")
    page = shop.client.get("/pricing")
    assert page.status_code == 200 and 'href="/pricing"' in page.text
    assert all(p["product_id"] in page.text for p in e["products"])
    assert "your prices moved less than 3%: run a price test" in page.text
    assert all(g["group"] in page.text for g in plan["groups"])
    assert 'id="offers-disparities"' in page.text and "@example" not in page.text


def test_the_page_shows_the_competitor_prices_the_suggestions_used(shop):
    from markupsafe import escape

    s = shop.get("/api/v1/pricing/suggestions", role="viewer").json()
    seen = [c for c in s["competitors"] if c["sources"]]
    assert seen and all(c["observed_on"] for c in seen)  # the demo's weekly observations
    shop.log_in("viewer")
    page = shop.client.get("/pricing").text
    assert 'id="pricing-competitors"' in page
    assert all(str(escape(c["explanation"])) in page for c in seen)


def test_the_page_shows_each_offer_and_campaign_against_its_holdout(shop):
    from markupsafe import escape

    body = shop.get("/api/v1/offers/logged", role="viewer").json()
    inc = body["incrementality"]
    assert inc["rows"] > 1000 and len(inc["campaigns"]) == 6  # the demo's six monthly waves
    assert inc["overall"]["any_offer"]["held_out"] > 100
    shop.log_in("viewer")
    page = shop.client.get("/pricing").text
    assert 'id="offers-incrementality"' in page and 'id="offers-campaigns"' in page
    assert str(escape(inc["explanation"])) in page
    assert all(str(escape(c["any_offer"]["explanation"])) in page for c in inc["campaigns"])
    assert str(escape(body["policy"]["explanation"])) in page
    assert set(inc["overall"]["by_offer"]) == {"pct5", "pct10", "pct15", "free_shipping", "bundle"}
