"""The KPIs page and the overview's KPI tiles on the session's demo shop, signed in by cookie."""

from __future__ import annotations

import re
import shutil
from html import unescape

import pytest
from fastapi.testclient import TestClient

from regulars.app import create_app
from regulars.http.auth import SESSION_COOKIE
from regulars.services.accounts import add_user, log_in
from regulars.services.workspace import Workspace
from regulars.settings import load_settings


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_folder):
    path = tmp_path_factory.mktemp("kpi-page") / "ws"
    shutil.copytree(demo_folder, path)  # the session's demo shop
    ws = Workspace(load_settings(path))
    try:
        users = {role: add_user(ws, f"{role}-k", role) for role in ("analyst", "viewer")}
    finally:
        ws.close()
    return path, users


def _client(demo, tmp_path, role: str):
    template, users = demo
    path = tmp_path / "ws"
    shutil.copytree(template, path)
    ws = Workspace(load_settings(path))
    try:
        session = log_in(ws, users[role].username, users[role].password)
    finally:
        ws.close()
    client = TestClient(create_app(load_settings(path)))
    client.cookies.set(SESSION_COOKIE, session.token)
    return client


@pytest.fixture
def analyst(demo, tmp_path):
    with _client(demo, tmp_path, "analyst") as client:
        yield client


@pytest.fixture
def viewer(demo, tmp_path):
    with _client(demo, tmp_path, "viewer") as client:
        yield client


def test_kpis_page_shows_every_section(analyst):
    page = analyst.get("/kpis")
    assert page.status_code == 200, page.text
    html = page.text
    for anchor in (
        'id="kpi-table"',
        'id="improvements"',
        'id="alerts"',
        'id="chart-heatmap"',
        'id="competitors"',
        'id="kpi-selectors"',
        'id="target-form"',
        "/assets/plotly.min.js",
    ):
        assert anchor in html, anchor
    report = analyst.get("/api/v1/kpis").json()
    revenue = next(k for k in report["kpis"] if k["key"] == "revenue")
    row = re.search(r'<tr id="kpi-revenue".*?</tr>', html, re.S).group(0)
    assert (
        revenue["value_text"] in unescape(row)
        and "<svg" in row
        and revenue["change_text"] in unescape(row)
    )
    assert ("delta good" in row) == bool(revenue["is_good"])
    for k in report["kpis"]:
        if k["value"] is None:  # missing data is said, never shown as zero
            assert k["missing_data"] in unescape(html)
    plan = analyst.get("/api/v1/improvements").json()
    for area in plan["areas"][:3]:
        assert unescape(area["explanation"]) in unescape(html)
        if area["arithmetic"]:
            assert area["arithmetic"] in unescape(html)


def test_selectors_change_period_and_comparison(analyst):
    page = analyst.get("/kpis?period=quarter&compare=last-year")
    assert page.status_code == 200
    assert (
        '<option value="quarter" selected>' in page.text
        and '<option value="last-year" selected>' in page.text
    )
    assert "Last 12 quarters" in page.text
    bad = analyst.get("/kpis?compare=sideways")
    assert bad.status_code == 422 and "unknown comparison" in bad.text


def test_analyst_sets_a_target_with_the_form(analyst):
    page = analyst.get("/kpis")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    assert (
        analyst.post(
            "/kpis/targets",
            data={"kpi": "repeat_rate", "target": "41", "period": "month"},
            follow_redirects=False,
        ).status_code
        == 403
    )  # no CSRF token
    saved = analyst.post(
        "/kpis/targets",
        data={
            "csrf_token": token,
            "kpi": "repeat_rate",
            "target": "41",
            "period": "month",
            "note": "page test",
        },
    )
    assert saved.status_code == 200
    assert "Target saved: Repeat purchase rate: 41.0% per month" in saved.text
    assert '<option value="target" selected>' in saved.text and "page test" in saved.text
    targets = analyst.get("/api/v1/targets").json()["targets"]
    assert any(t["kpi"] == "repeat_rate" and t["target"] == pytest.approx(0.41) for t in targets)


def test_targets_are_typed_and_shown_in_the_owners_units(analyst):
    """$90,000 is 9,000,000 cents; 0.5% is 0.005 (a percent typed is a percent, not a fraction)."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', analyst.get("/kpis").text).group(1)
    for kpi, typed in (("revenue", "$90,000"), ("site_conversion_rate", "0.5%")):
        assert (
            analyst.post(
                "/kpis/targets",
                data={"csrf_token": token, "kpi": kpi, "target": typed, "period": "quarter"},
            ).status_code
            == 200
        )
    targets = analyst.get("/api/v1/targets").json()["targets"]
    stored = {t["kpi"]: t["target"] for t in targets if t["period"] == "quarter"}
    assert stored["revenue"] == 9_000_000 and stored["site_conversion_rate"] == pytest.approx(0.005)
    page = analyst.get("/kpis").text
    listed = unescape(re.search(r'<ul id="target-list">.*?</ul>', page, re.S).group(0))
    assert "Revenue per quarter: $90,000" in listed
    assert "Site conversion rate per quarter: 0.5%" in listed
    assert "revenue_cents" not in listed and "site_conversion_rate" not in listed  # names, not keys


@pytest.mark.parametrize(
    ("field", "form"),
    [
        ("target", {"kpi": "revenue", "target": "lots", "period": "month", "note": "kept note"}),
        (
            "period",
            {"kpi": "revenue", "target": "90000", "period": "fortnight", "note": "kept note"},
        ),
        ("kpi", {"kpi": "happiness", "target": "90000", "period": "month", "note": "kept note"}),
    ],
)
def test_a_wrong_target_keeps_what_was_typed_and_says_why_beside_the_field(analyst, field, form):
    token = re.search(r'name="csrf_token" value="([^"]+)"', analyst.get("/kpis").text).group(1)
    answer = analyst.post("/kpis/targets", data={"csrf_token": token, **form})
    assert answer.status_code == 422
    assert 'nav class="main"' in answer.text  # the page, not an error page
    beside = re.search(rf'id="target-{field}-error" role="alert">([^<]+)<', answer.text).group(1)
    assert form[field] in unescape(beside)
    assert 'value="kept note"' in answer.text
    if field != "target":
        assert f'value="{form["target"]}"' in answer.text


def test_viewer_sees_no_target_form_and_cannot_post(viewer):
    page = viewer.get("/kpis")
    assert page.status_code == 200 and 'id="target-form"' not in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    refused = viewer.post(
        "/kpis/targets", data={"csrf_token": token, "kpi": "repeat_rate", "target": "41"}
    )
    assert refused.status_code == 403


def test_overview_shows_the_kpi_tiles_alerts_and_improvements_of_the_json(viewer):
    data = viewer.get("/api/v1/overview").json()["kpis"]
    page = viewer.get("/")
    assert page.status_code == 200
    html = unescape(page.text)
    tiles = re.findall(r'<div class="tile" data-kpi="([^"]+)">(.*?)</div>\s*\n', page.text, re.S)
    assert [key for key, _ in tiles] == [t["key"] for t in data["tiles"]]
    for t in data["tiles"]:
        block = unescape(re.search(rf'data-kpi="{t["key"]}">(.*?)</svg>', page.text, re.S).group(1))
        assert t["value_text"] in block and t["label"] in block
        if t["change_text"]:
            assert f"{t['change_text']} vs {t['comparison_label']}" in block
    assert 'id="overview-alerts"' in html and 'id="overview-improvements"' in html
    for a in data["alerts"]:
        assert a["message"] in html
    for a in data["improvements"]:
        assert a["explanation"] in html
    assert len(data["improvements"]) <= 3
