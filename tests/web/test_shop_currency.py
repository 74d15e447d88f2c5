"""The shop's currency everywhere: a EUR shop's dashboard (a page rendered through
the app) and report show euros, and every formatter of money writes the same text
(``regulars.units``)."""

from __future__ import annotations

import re
from html import unescape

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from fastapi.testclient import TestClient

from regulars.analytics.improvement import MonthContext, monthly_impact
from regulars.analytics.segments.traits import format_value as trait_value
from regulars.app import create_app
from regulars.report.html import render_report
from regulars.services.accounts import add_user
from regulars.services.imports import import_file
from regulars.services.workspace import Workspace
from regulars.settings import load_settings
from regulars.units import format_change, format_delta, format_value, money, rate

ORDERS = {
    "order_id": ["O1", "O2", "O3"],
    "customer_id": ["A", "A", "B"],
    "ordered_at": [
        "2025-01-10T10:00:00+00:00",
        "2025-02-12T10:00:00+00:00",
        "2025-02-20T10:00:00+00:00",
    ],
    "currency": ["EUR"] * 3,
    "total_cents": [123456, 1875, 4250],
    "status": ["paid"] * 3,
}


@pytest.fixture
def euro_shop(tmp_path):
    path = tmp_path / "ws"
    path.mkdir()
    (path / "regulars.toml").write_text('timezone = "UTC"\ncurrency = "EUR"\n', encoding="utf-8")
    ws = Workspace(load_settings(path))
    ws.init()
    pacsv.write_csv(
        pa.table({"customer_id": ["A", "B"], "email": ["a@example.com", "b@example.com"]}),
        tmp_path / "customers.csv",
    )
    pacsv.write_csv(pa.table(ORDERS), tmp_path / "orders.csv")
    import_file(ws, "customers", tmp_path / "customers.csv")
    import_file(ws, "orders", tmp_path / "orders.csv")
    user = add_user(ws, "owner-1", "owner")
    yield path, ws, user
    ws.close()


def _tiles(html: str) -> list[str]:
    return [unescape(v) for v in re.findall(r'<div class="value">([^<]*)</div>', html)]


def test_a_euro_shop_shows_euros_on_the_dashboard_and_in_the_report(euro_shop):
    path, ws, user = euro_shop
    revenue = money(123456 + 1875 + 4250, "EUR")
    assert revenue == "€1,296"
    with TestClient(create_app(load_settings(path))) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
        signed_in = client.post(
            "/login",
            data={
                "username": user.username,
                "password": user.password,
                "csrf_token": token,
                "next": "/",
            },
            follow_redirects=False,
        )
        assert signed_in.status_code == 303
        page = client.get("/")
    assert page.status_code == 200
    tiles = _tiles(page.text)
    assert revenue in tiles and money(123456 + 1875 + 4250, "USD") not in tiles
    assert not [t for t in tiles if "$" in t]
    report = _tiles(render_report(ws))
    assert revenue in report and not [t for t in report if "$" in t]


AMOUNTS = [0, 5, 1875, -500, 99_999, 100_000, 123_456, -250_000, 1_000_000_00]


@pytest.mark.parametrize("currency", ["USD", "EUR", "GBP", "CHF"])
def test_every_money_formatter_writes_the_same_text(currency):
    for cents in AMOUNTS:
        text = money(cents, currency)
        assert format_value("money", cents, currency) == text
        assert trait_value("money", cents, currency) == text
    assert (
        money(1875, "EUR") == "€18.75"
        and money(-123456, "GBP") == "-£1,235"
        and money(500, "CHF") == "CHF 5.00"
    )
    assert money(None, currency) == format_value("money", None, currency) == "–"
    # the improvement arithmetic and the KPI sentences write money and rates the same way
    impact = monthly_impact(
        "repeat_rate",
        0.05,
        MonthContext(active_customers=500, average_order_cents=4000, gross_margin=0.4),
        currency,
    )
    order, total = money(4000, currency), money(40000, currency)
    expected = f"x {order} average order x {rate(0.4)} gross margin = {total} a month"
    assert expected in impact.arithmetic
    assert format_delta("money", -2500, None, currency) == f"{money(2500, currency)} below"
    assert format_change("money", 2500, None, currency) == f"+{money(2500, currency)}"
    assert format_value("percent", 0.125) == rate(0.125) == "12.5%" and trait_value(
        "share", 0.125
    ) == rate(0.125, 0)
