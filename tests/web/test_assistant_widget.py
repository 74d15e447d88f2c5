"""In Chromium: the chat widget on a plain HTML page of another origin, whose Content-Security-
Policy allows scripts, styles and requests from the Regulars server only (no inline script): a
full conversation with an FAQ answer, order status after verification, a handover, and the
staff's answer from the inbox page arriving in the customer's chat."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from tests.services.assistant.conftest import fill_shop

from regulars.analytics.feedback import embedding
from regulars.app import create_app
from regulars.services.accounts import add_user
from regulars.services.assistant.widget import widget_key
from regulars.services.workspace import Workspace
from regulars.settings import load_settings

from ..conftest import LiveServer
from .conftest import LAPTOP, PASSWORDS, sign_in

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo Roastery</title>
</head><body><h1>Demo Roastery</h1><p>Fresh coffee.</p>
<script src="{base}/static/assistant-widget.js" data-key="{key}" defer></script></body></html>"""


def shop_site(page: str, regulars: str) -> ThreadingHTTPServer:
    """A plain site on its own port (another origin) that serves ``page`` under a strict CSP."""
    policy = (f"default-src 'none'; script-src {regulars}; style-src {regulars}; "
              f"connect-src {regulars}")  # fmt: skip

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server name)
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", policy)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def regulars(tmp_path):
    if not embedding.available():
        pytest.skip("wordllama is not installed")
    path = tmp_path / "ws"
    with Workspace.open(path) as ws:
        ws.init()
        fill_shop(ws, tmp_path)
        add_user(ws, "analyst", "analyst", PASSWORDS["analyst"])
        key = widget_key(ws)
    with LiveServer(create_app(load_settings(path))) as live:
        yield live.url, key


def test_widget_conversation_with_verification_and_handover(browser, regulars):
    base, key = regulars
    site = shop_site(PAGE.format(base=base, key=key), base)
    customer = browser.new_context(viewport=LAPTOP)
    staff = browser.new_context(base_url=base, viewport=LAPTOP)
    customer.set_default_timeout(15_000)
    staff.set_default_timeout(15_000)
    try:
        page = customer.new_page()
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(f"http://127.0.0.1:{site.server_address[1]}/")
        page.click(".regulars-chat-toggle")
        log = page.locator(".regulars-chat-log")

        def ask(text: str, expect: str) -> None:
            page.fill(".regulars-chat-input", text)
            page.click(".regulars-chat-send")
            page.locator(".regulars-chat-assistant", has_text=expect).last.wait_for()

        ask("how long does shipping take?", "2 to 4 days")
        assert "shop.example/faq#shipping" in log.inner_text()
        ask("where is my order 10234?", "email or postcode")
        assert "24.90" not in log.inner_text()
        ask("my postcode is SW1A 1AA", "Order 10234 was placed on 2026-11-28")
        ask("I want to talk to a person", "handing you over")
        inbox = sign_in(staff, "analyst", "/assistant")
        ticket = inbox.locator("article.ticket").filter(has_text="talk to a person")
        assert "[postcode]" in ticket.inner_text() and "SW1A" not in ticket.inner_text()
        ticket.locator("textarea[name=text]").fill("Hi, this is Sam from the roastery.")
        ticket.locator("button", has_text="Send the answer").click()
        inbox.wait_for_url("**/assistant#answered")
        page.locator(".regulars-chat-staff", has_text="this is Sam").wait_for()
        page.get_by_role("button", name="Rate this chat 4 of 5").click()
        page.locator(".regulars-chat-rate", has_text="you rated this chat 4 of 5").wait_for()
        inbox.goto("/assistant")
        assert "CSAT 100% of 1 rated chats" in inbox.locator("#csat-summary").inner_text()
        assert problems == []  # no CSP violation, no failed request
    finally:
        customer.close()
        staff.close()
        site.shutdown()
