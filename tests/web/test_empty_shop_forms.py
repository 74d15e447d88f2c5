"""Forms and errors of a shop with no data yet, in-process: a fit that cannot run is said beside
its form with the choices kept; an error page keeps the navigation signed in and offers the sign-in
signed out."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from regulars.app import create_app
from regulars.http.auth import SESSION_COOKIE
from regulars.services.accounts import add_user, log_in
from regulars.services.workspace import Workspace
from regulars.settings import load_settings


@pytest.fixture
def empty_shop(tmp_path):
    ws = Workspace(load_settings(tmp_path / "ws"))
    ws.init()
    try:
        owner = add_user(ws, "owner-e", "owner", "owner-password-for-tests")
        token = log_in(ws, owner.username, owner.password).token
    finally:
        ws.close()
    with TestClient(create_app(load_settings(tmp_path / "ws"))) as client:
        yield client, token


def test_a_fit_without_customers_is_said_beside_the_form(empty_shop):
    client, token = empty_shop
    client.cookies.set(SESSION_COOKIE, token)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/clv").text).group(1)
    answer = client.post(
        "/clv/fit", data={"csrf_token": csrf, "model": "pareto", "time_unit": "day"}
    )
    assert answer.status_code == 422 and 'nav class="main"' in answer.text
    assert re.search(r'id="clv-fit-error" role="alert">[^<]*import orders', answer.text)
    assert '<option value="pareto" selected>' in answer.text
    assert '<option value="day" selected>' in answer.text


def test_an_unknown_address_is_a_page_signed_in_or_out(empty_shop):
    client, token = empty_shop
    signed_out = client.get("/no-such-page")
    assert signed_out.status_code == 404 and signed_out.headers["content-type"].startswith(
        "text/html"
    )
    assert 'href="/login"' in signed_out.text and 'nav class="main"' not in signed_out.text
    client.cookies.set(SESSION_COOKIE, token)
    signed_in = client.get("/no-such-page")
    assert signed_in.status_code == 404 and 'nav class="main"' in signed_in.text
    assert "no page at /no-such-page" in signed_in.text
    assert client.get("/api/v1/no-such-route").headers["content-type"] == "application/problem+json"
