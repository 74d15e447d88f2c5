"""One way to show a change, on every surface: rates and shares (ROI included) and scores move in
points, money and counts in relative %, and a change from or to a value at or below zero is never
a relative %. Checked over the rendered dashboard pages and the report of the session's demo shop,
against the rule written out here (not against the formatter that produces the text)."""

from __future__ import annotations

import re
import shutil
from html import unescape

import pytest
from fastapi.testclient import TestClient

from regulars.app import create_app
from regulars.http.auth import SESSION_COOKIE
from regulars.report.html import render_report
from regulars.services.accounts import add_user, log_in
from regulars.services.kpis import kpi_alerts, kpi_report
from regulars.services.workspace import Workspace
from regulars.settings import load_settings
from regulars.units import format_change, relative_change

POINTS = re.compile(r"^[+-]\d+(\.\d+)? pts$")
RELATIVE = re.compile(r"^[+-][\d,]+\.\d%$")
ROW = re.compile(r'<tr id="kpi-(\w+)"[^>]*>(.*?)</tr>', re.S)
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def _follows_the_rule(r, shown: str) -> None:
    """``shown`` is the change of KPI result ``r`` as a page or the report writes it."""
    where = f"{r.key} ({r.unit}): {shown!r}"
    if r.unit in ("percent", "score"):
        assert POINTS.match(shown), where
        number = float(shown.split()[0])
        scale = 100 if r.unit == "percent" else 1
        assert number == pytest.approx(r.delta * scale, abs=0.051 if scale == 100 else 0.51)
    elif r.value > 0 and r.comparison_value > 0:
        assert RELATIVE.match(shown), where
        assert float(shown.rstrip("%").replace(",", "")) == pytest.approx(
            100 * (r.value / r.comparison_value - 1), abs=0.051
        )
    else:
        assert "%" not in shown, where


@pytest.fixture(scope="module")
def shop(tmp_path_factory, demo_folder):
    path = tmp_path_factory.mktemp("change-rule") / "ws"
    shutil.copytree(demo_folder, path)
    ws = Workspace(load_settings(path))
    try:
        user = add_user(ws, "viewer-c", "viewer")
        session = log_in(ws, user.username, user.password)
        report = kpi_report(ws, "month")
        alerts = kpi_alerts(ws, "month")
        html = render_report(ws)
    finally:
        ws.close()
    with TestClient(create_app(load_settings(path))) as client:
        client.cookies.set(SESSION_COOKIE, session.token)
        pages = {p: client.get(p) for p in ("/", "/kpis", "/campaigns")}
    assert all(p.status_code == 200 for p in pages.values())
    return report, alerts, {p: r.text for p, r in pages.items()}, html


def test_the_kpis_page_and_the_report_write_every_change_by_the_rule(shop):
    report, _, pages, html = shop
    compared = [r for r in report.results if r.delta]
    assert {r.unit for r in compared} >= {"percent", "money", "count", "score"}
    for source, delta_cell in ((pages["/kpis"], 3), (html, 3)):
        rows = dict(ROW.findall(source))
        for r in compared:
            cells = CELL.findall(rows[r.key])
            shown = _text(cells[delta_cell]).lstrip("▲▼ ").split(" good")[0]
            shown = re.split(r" (needs attention|within noise|on )", shown)[0]
            _follows_the_rule(r, shown)


def test_the_overview_tiles_write_their_change_by_the_rule(shop):
    report, _, pages, _ = shop
    tiles = re.findall(r'data-kpi="(\w+)">.*?<div class="delta[^"]*">(.*?) vs ', pages["/"], re.S)
    assert tiles
    for key, shown in tiles:
        _follows_the_rule(report.get(key), _text(shown).lstrip("▲▼ "))


def test_alerts_on_rates_speak_in_points(shop):
    report, alerts, pages, html = shop
    units = {r.key: r.unit for r in report.results}
    assert alerts
    for a in alerts:
        if units[a.kpi] == "percent":
            assert re.search(r"(rose|fell) \d+\.\d+ points (above|below)", a.message), a.message
        else:
            assert "points" not in a.message or units[a.kpi] == "score", a.message
        assert a.message in unescape(pages["/kpis"]) and a.message in unescape(html)


def test_no_change_from_or_to_a_negative_value_is_a_relative_percent():
    """ROI from -20% to +10% is 30 points, not "+150%"; a loss that grows has no % either."""
    assert relative_change(0.10, -0.20) is None and relative_change(-300, 200) is None
    assert relative_change(0, 100) == -1.0 and relative_change(5, 0) is None
    assert format_change("percent", 0.30, relative_change(0.10, -0.20)) == "+30.0 pts"
    assert format_change("money", -500, relative_change(-300, 200)) == "-$5.00"
    assert format_change("count", 20, relative_change(120, 100)) == "+20.0%"
    assert format_change("score", -7, relative_change(43, 50)) == "-7 pts"
