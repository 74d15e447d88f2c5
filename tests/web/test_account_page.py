"""The /account page in Chromium (issue 16): a person makes an API key (shown once, and it
works), revokes it (it stops working, their other key still works), and changes their password
(every session ends; the old password no longer signs in, the new one does)."""

from __future__ import annotations

import httpx

from regulars.services.accounts import add_user
from regulars.services.workspace import Workspace
from regulars.settings import load_settings


def _me(live_shop, key: str) -> int:
    headers = {"Authorization": f"Bearer {key}"}
    return httpx.get(f"{live_shop.url}/api/v1/me", headers=headers, timeout=60).status_code


def _sign_in(context, username: str, password: str):
    page = context.new_page()
    page.goto("/login?next=/account")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    return page


def test_keys_made_and_revoked_and_the_password_changed(context, live_shop):
    context.set_default_timeout(60_000)
    with Workspace(load_settings(live_shop.path)) as ws:  # a person of its own: others unchanged
        person = add_user(ws, "account-walker", "analyst", "first password 123")
    page = _sign_in(context, "account-walker", "first password 123")
    page.wait_for_url("**/account")
    assert "account-walker" in page.locator("#account-link").inner_text()

    page.fill("#label", "nightly")
    page.click("#key-form button[type=submit]")
    key = page.locator("#new-key code").inner_text().strip()
    assert _me(live_shop, key) == 200

    page.fill("#api_key", key)
    page.click("#revoke-form button[type=submit]")
    assert page.locator("#revoked").is_visible()
    assert _me(live_shop, key) == 401
    assert _me(live_shop, person.api_key) == 200  # the other key still works
    page.fill("#api_key", person.api_key + "x")
    page.click("#revoke-form button[type=submit]")
    assert page.locator("#revoke-error").inner_text() == "No such API key of yours."

    page.fill("#current_password", "not my password")
    page.fill("#new_password", "second password 456")
    page.click("#password-form button[type=submit]")
    assert page.locator("#password-error").inner_text() == "The current password is wrong."
    page.fill("#current_password", "first password 123")
    page.fill("#new_password", "second password 456")
    page.click("#password-form button[type=submit]")
    page.wait_for_url("**/login**")  # this session ended too
    page.goto("/account")
    assert "/login" in page.url

    again = _sign_in(context, "account-walker", "first password 123")
    assert again.locator("[role=alert]").inner_text() == "Wrong username or password."
    again = _sign_in(context, "account-walker", "second password 456")
    again.wait_for_url("**/account")
