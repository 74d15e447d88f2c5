"""The Segments page: segments chart and table, movement matrix and a cell's customers, persona
cards,
audiences with live counts and a CSRF-checked export that shows what consent left out; the customer
profile's segment line."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

# The in-process server over a small demo shop: the fixtures of tests/api/conftest.py, reused here.
_spec = importlib.util.spec_from_file_location(
    "_api_conftest", Path(__file__).parents[1] / "api" / "conftest.py"
)
_api = sys.modules.setdefault("_api_conftest", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(_api)
demo_template, shop = _api.demo_template, _api.shop


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_segments_page_renders_charts_matrix_personas(shop):
    shop.log_in("viewer")
    page = shop.client.get("/segments")
    assert page.status_code == 200, page.text
    for marker in (
        'id="chart-segments"',
        'id="segment-table"',
        'id="movement-matrix"',
        'id="persona-cards"',
        "/assets/plotly.min.js",
        "Champions",
    ):
        assert marker in page.text, marker
    assert 'id="audience-form"' not in page.text  # a viewer reads only
    link = (
        re.search(r'href="(/segments\?from_segment=[^"#]+)', page.text)
        .group(1)
        .replace("&amp;", "&")
    )
    cell = shop.client.get(link)
    assert 'id="movement-cell"' in cell.text and 'href="/customers/' in cell.text


def test_audience_form_and_export_show_consent_exclusion(shop):
    shop.log_in("analyst")
    page = shop.client.get("/segments")
    token = _token(page.text)
    assert (
        shop.client.post(
            "/segments/audiences", data={"csrf_token": "wrong", "name": "x", "rule": "orders >= 1"}
        ).status_code
        == 403
    )
    created = shop.client.post(
        "/segments/audiences",
        data={"csrf_token": token, "name": "regulars", "rule": "orders >= 2"},
        follow_redirects=True,
    )
    assert (
        created.status_code == 200
        and "saved" in created.text
        and 'id="audience-table"' in created.text
    )
    button = re.search(
        r"Download CSV \(([\d,]+) rows; ([\d,]+) left out for consent\)", created.text
    )
    rows, left_out = (int(g.replace(",", "")) for g in button.groups())
    assert left_out > 0
    download = shop.client.post("/segments/audiences/regulars/export", data={"csrf_token": token})
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    assert len(download.text.strip().splitlines()) == rows + 1
    assert int(download.headers["x-regulars-excluded-no-consent"]) == left_out
    typed = {"csrf_token": token, "name": "bad", "rule": "nosuch = 1", "description": "typed words"}
    bad = shop.client.post("/segments/audiences", data=typed)
    assert bad.status_code == 422  # the page again: what was typed, the reason under the rule
    for value in ("bad", "nosuch = 1", "typed words"):
        assert f'value="{value}"' in bad.text
    beside = re.search(r'id="audience-rule-error" role="alert">([^<]+)<', bad.text).group(1)
    assert "nosuch" in beside
    unnamed = shop.client.post(
        "/segments/audiences", data={"csrf_token": token, "name": " ", "rule": "orders >= 1"}
    )
    assert unnamed.status_code == 422 and 'id="audience-name-error"' in unnamed.text
    assert 'value="orders &gt;= 1"' in unnamed.text
    delete = "/segments/audiences/regulars/delete"
    assert shop.client.post(delete, data={"csrf_token": "wrong"}).status_code == 403
    deleted = shop.client.post(delete, data={"csrf_token": token}, follow_redirects=True)
    assert deleted.status_code == 200 and "deleted" in deleted.text
    assert 'action="/segments/audiences/regulars/export"' not in deleted.text


def test_a_viewer_sees_no_delete_button_and_cannot_delete(shop):
    shop.log_in("analyst")
    token = _token(shop.client.get("/segments").text)
    shop.client.post(
        "/segments/audiences", data={"csrf_token": token, "name": "kept", "rule": "orders >= 3"}
    )
    shop.log_in("viewer")
    page = shop.client.get("/segments")
    assert "kept" in page.text and 'class="inline delete-form"' not in page.text
    refused = shop.client.post(
        "/segments/audiences/kept/delete", data={"csrf_token": _token(page.text)}
    )
    assert refused.status_code == 403
    assert "kept" in shop.client.get("/segments").text


def test_customer_profile_shows_segment(shop):
    shop.log_in("viewer")
    page = shop.client.get("/segments")
    link = (
        re.search(r'href="(/segments\?from_segment=[^"#]+)', page.text)
        .group(1)
        .replace("&amp;", "&")
    )
    customer = re.search(r'href="/customers/([^"]+)"', shop.client.get(link).text).group(1)
    profile = shop.client.get(f"/customers/{customer}")
    assert (
        'id="customer-segment"' in profile.text
        and "RFM segment:" in profile.text
        and 'id="customer-persona"' in profile.text
    )


def test_movement_dates_the_wrong_way_round_are_said_beside_them(shop):
    shop.log_in("viewer")
    page = shop.client.get("/segments?start=2025-06-01&end=2025-01-01")
    assert page.status_code == 422 and 'nav class="main"' in page.text
    assert 'value="2025-06-01"' in page.text and 'value="2025-01-01"' in page.text
    beside = re.search(r'id="movement-error" role="alert">([^<]+)<', page.text).group(1)
    assert "must be before the end" in beside
    assert 'id="segment-table"' in page.text  # the rest of the page is still there


def test_segments_and_kpis_pages_are_kept_per_data_version(shop):
    from regulars.web import kept

    def kept_now(template: str) -> set:
        return {k for k in kept._pages.keys() if k[1] == template}

    shop.log_in("analyst")
    for address, template in (("/segments", "pages/segments.html"), ("/kpis", "pages/kpis.html")):
        before = kept_now(template)
        first = shop.client.get(address)
        assert first.status_code == 200, first.text
        new = kept_now(template) - before
        assert [k[2] for k in new] == [address]  # kept, once, under its data version
        assert shop.client.get(address).text == first.text and kept_now(template) - before == new
    before = kept_now("pages/segments.html")
    token = _token(first.text)
    shop.client.post(
        "/segments/audiences", data={"csrf_token": token, "name": "fresh", "rule": "orders >= 4"}
    )
    after = shop.client.get("/segments")
    assert 'action="/segments/audiences/fresh/export"' in after.text  # a write: not the old page
    assert len(kept_now("pages/segments.html") - before) == 1  # kept anew, for the new version
    dated = shop.client.get("/segments?start=2025-02-01&end=2025-01-01")
    assert dated.status_code == 422  # an address with a query is rendered, the dates said wrong
