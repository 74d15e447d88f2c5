"""End-to-end fixtures: the real server (uvicorn, loopback, free port) over a small demo shop, and
Debian's Chromium driven by Playwright. Nothing is downloaded: Chromium is launched by path, and
without it these tests skip (fail under CI=true) saying how to install it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from regulars.app import create_app
from regulars.services.accounts import add_user
from regulars.services.workspace import Workspace
from regulars.settings import load_settings

from ..conftest import LiveServer, environment_skip

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PASSWORDS = {role: f"{role}-password-for-tests" for role in ("owner", "analyst", "viewer")}


@dataclass
class LiveShop:
    url: str
    path: Path
    api_keys: dict[str, str]


@pytest.fixture(scope="session")
def live_shop(tmp_path_factory):
    from regulars.services.demo import run_demo

    path = tmp_path_factory.mktemp("web-demo") / "ws"
    ws = Workspace(load_settings(path))
    try:
        run_demo(ws, customers=500, seed=5)
        keys = {role: add_user(ws, role, role, PASSWORDS[role]).api_key for role in PASSWORDS}
    finally:
        ws.close()
    with LiveServer(create_app(load_settings(path))) as live:
        yield LiveShop(live.url, path, keys)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        environment_skip("Chromium", "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def context(browser, live_shop):
    """A fresh browser profile (no cookies) pointed at the live server."""
    ctx = browser.new_context(base_url=live_shop.url, viewport=LAPTOP)
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


def sign_in(context, role: str, next_path: str = "/"):
    page = context.new_page()
    page.goto(f"/login?next={next_path}")
    page.fill("#username", role)
    page.fill("#password", PASSWORDS[role])
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_path}")
    return page
