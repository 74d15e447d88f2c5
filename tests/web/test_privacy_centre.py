"""The owner's privacy rights in Debian's Chromium, on a shop of its own (it deletes data): the
Privacy page shows retention's dry run and deletes exactly that with one button (the monthly
counts kept); a customer's page gives the access request as a readable page and erases them, after
which the library finds them nowhere; an analyst may not open the Privacy page."""

from __future__ import annotations

import datetime as dt

import pytest

from regulars.app import create_app
from regulars.services.accounts import add_user
from regulars.services.retention import retention_plan, retention_summary
from regulars.services.workspace import Workspace
from regulars.settings import load_settings

from ..conftest import LiveServer
from .conftest import LAPTOP, PASSWORDS, sign_in


def _events(ws, where: str = "", params=()) -> int:
    return ws.store.execute(f'SELECT COUNT(*) FROM "events" {where}', params)[0][0]


@pytest.fixture
def shop(small_demo, browser):
    first, last = small_demo.store.execute(
        'SELECT MIN(occurred_at), MAX(occurred_at) FROM "events"'
    )[0]
    middle, now = first + (last - first) / 2, dt.datetime.now(dt.UTC)
    months = max(1, (now.year - middle.year) * 12 + now.month - middle.month)
    with (small_demo.path / "regulars.toml").open("a", encoding="utf-8") as f:
        f.write(f"\n[retention]\nevents = {months}\n")
    for role in ("owner", "analyst"):
        add_user(small_demo, role, role, PASSWORDS[role])
    small_demo.close()
    settings = load_settings(small_demo.path, small_demo.settings.database)
    with LiveServer(create_app(settings)) as live:
        context = browser.new_context(base_url=live.url, viewport=LAPTOP)
        context.set_default_timeout(15_000)
        yield context, settings
        context.close()


@pytest.mark.parametrize("backend", ["duckdb"])
def test_the_owner_applies_retention_and_answers_an_access_request_and_an_erasure(shop):
    context, settings = shop
    with Workspace(settings) as ws:
        [planned] = retention_plan(ws).tables
        total = _events(ws)
        customer = ws.store.execute('SELECT customer_id FROM "orders" LIMIT 1')[0][0]
    assert 0 < planned.rows < total
    page = sign_in(context, "owner", "/privacy-centre")
    assert page.locator("#retention-plan td.num").last.inner_text() == f"{planned.rows:,}"
    page.click("#retention-form button[type=submit]")
    page.wait_for_selector("#retention-done")
    assert f"Deleted {planned.rows:,} rows" in page.locator("#retention-done").inner_text()
    with Workspace(settings) as ws:
        assert _events(ws) == total - planned.rows
        assert _events(ws, "WHERE occurred_at < ?", (planned.cutoff,)) == 0
        assert retention_summary(ws, "events") == planned.by_month
    assert "Nothing is past its retention today" in page.content()

    page.goto(f"/customers/{customer}")
    with page.expect_navigation():
        page.click("#export-page-link")
    assert page.locator("h1").inner_text() == f"Everything held about {customer}"
    assert "orders (" in page.content()
    page.go_back()
    page.fill("#confirm", customer)
    page.click("#erase-form button[type=submit]")
    page.wait_for_url("**/customers?erased=1")
    with Workspace(settings) as ws:
        assert (
            ws.store.execute('SELECT COUNT(*) FROM "customers" WHERE customer_id = ?', (customer,))[
                0
            ][0]
            == 0
        )
        assert (
            ws.store.execute('SELECT COUNT(*) FROM "orders" WHERE customer_id = ?', (customer,))[0][
                0
            ]
            == 0
        )


@pytest.mark.parametrize("backend", ["duckdb"])
def test_an_analyst_may_not_open_the_privacy_page(shop):
    context, _ = shop
    page = sign_in(context, "analyst", "/customers")
    answer = page.goto("/privacy-centre")
    assert answer.status == 403 and "owner" in page.content()
