"""The dashboard's own scripts satisfy its Content-Security-Policy: scripts from the server only,
no inline script (issue 16). In Chromium, every page with charts draws them with the policy on and
the browser reports no violation; an injected inline script does not run."""

from __future__ import annotations

import re

import httpx

from .conftest import sign_in

PAGES = ("/", "/kpis", "/segments", "/clv", "/campaigns", "/experiments", "/customers")


def test_the_policy_allows_no_inline_script(live_shop):
    policy = httpx.get(f"{live_shop.url}/login").headers["content-security-policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1).split()
    assert script_src == ["'self'"], policy


def test_every_page_draws_its_charts_under_the_policy(context, live_shop):
    violations = []
    context.set_default_timeout(120_000)  # a page's first computation on a busy machine
    page = sign_in(context, "owner")
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)
    page.evaluate(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.log('Content Security violation ' + e.violatedDirective))"
    )
    drawn = 0
    for path in PAGES:
        page.goto(path)
        page.wait_for_load_state("load")
        html = page.content()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html), f"inline script {path}"
        boxes = page.locator("[data-figure], .js-plotly-plot").count()
        if boxes:
            page.wait_for_selector(".js-plotly-plot .main-svg")
            assert page.locator("[data-figure]").count() == 0, f"a chart left undrawn on {path}"
            drawn += page.locator(".js-plotly-plot .main-svg").count()
    assert drawn >= 4, "the pages' charts are drawn"
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.appendChild(s); }"
    )
    assert page.evaluate("window.ran") is None  # an inline script is refused
    assert violations, "the refused script is reported as a violation"
    assert all("script-src" in v for v in violations), violations
