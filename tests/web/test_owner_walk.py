"""The dashboard as an owner uses it, in a real browser against the real server over the demo shop:
every link leads to a page (no 404 or 500, every #anchor exists), an error keeps the navigation,
and no page is wider than a phone (390 px). Phone screenshots: test-artifacts/phone-*.png."""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

from .conftest import PHONE, sign_in

#: Links of one kind (a customer's profile, a cell of the movement matrix) followed this often.
PER_KIND = 3
#: Elements sticking out past the right edge of the screen, for the message of a failure.
TOO_WIDE_JS = """() => {
    const clipped = e => { for (let a = e.parentElement; a; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };
    return [...document.querySelectorAll('body *')]
        .filter(e => !clipped(e)
            && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className); }"""


class _Page(HTMLParser):
    """The links and ids of a page (script text is not markup)."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"])
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])


def _kind(url: str) -> str:
    """'/customers/*?' for each profile, '/segments?from_segment,to_segment' for each cell."""
    parts = urlsplit(url)
    first, *rest = parts.path.strip("/").split("/")
    shape = "/".join([first] + ["*"] * len(rest))
    return f"/{shape}?" + ",".join(sorted(parse_qs(parts.query)))


def _crawl(request, base: str) -> tuple[dict[str, int], list[str]]:
    """Every same-site link followed from the overview: {address: status}, and missing anchors."""
    statuses, missing, seen_kinds = {}, [], Counter()
    queue, ids = deque([(base + "/", None)]), {}
    while queue:
        url, anchor = queue.popleft()
        if url not in statuses:
            if seen_kinds[_kind(url)] >= PER_KIND:
                continue
            seen_kinds[_kind(url)] += 1
            response = request.get(url)
            statuses[url] = response.status
            html = (
                response.text() if "text/html" in response.headers.get("content-type", "") else ""
            )
            page = _Page(html)
            ids[url] = page.ids
            for href in page.links:
                target = urljoin(url, href)
                if target.startswith(base + "/"):
                    address, _, fragment = target.partition("#")
                    queue.append((address, fragment or None))
        if anchor and url in ids and anchor not in ids[url]:
            missing.append(f"{url}#{anchor}")
    return statuses, missing


def test_every_link_a_signed_in_owner_follows_leads_to_a_page(context, live_shop):
    sign_in(context, "owner", "/data")
    statuses, missing = _crawl(context.request, live_shop.url)
    broken = {url: status for url, status in statuses.items() if status >= 400}
    assert not broken, f"links leading to errors: {broken}"
    assert not missing, f"links to anchors that do not exist: {missing}"
    kinds = {_kind(url) for url in statuses}
    for page in (
        "/kpis?",
        "/segments?",
        "/clv?",
        "/campaigns?",
        "/experiments/*?",
        "/customers/*?",
        "/data?",
    ):
        assert page in kinds, f"the walk never reached {page}"


def test_an_error_on_a_dashboard_address_is_a_page_with_the_navigation(context):
    page = sign_in(context, "owner", "/data")
    for address, status in (
        ("/no-such-page", 404),
        ("/campaigns?window_days=many", 422),
        ("/customers/NO-SUCH-ONE", 404),
    ):
        response = page.goto(address)
        assert response.status == status, address
        assert "text/html" in response.headers["content-type"], address
        assert page.locator("nav.main a").count() >= 5, (
            f"{address}: the error page lost the navigation"
        )
        assert page.locator("main [role=alert]").inner_text().strip(), address
    page.click("nav.main >> text=KPIs")
    page.wait_for_url("**/kpis")


def _phone_addresses(page) -> list[str]:
    """Every page of the navigation, and one page of each kind reached from them."""
    page.goto("/")
    addresses = page.eval_on_selector_all(
        "nav.main a", "links => links.map(a => a.getAttribute('href'))"
    )
    for list_page, link in (
        ("/customers", "#customer-results a"),
        ("/experiments", "main table a"),
        ("/segments", "#movement-matrix a"),
    ):
        page.goto(list_page)
        addresses.append(page.locator(link).first.get_attribute("href"))
    return addresses + ["/kpis?period=week&compare=last-year", "/no-such-page"]


def test_no_page_is_wider_than_a_phone(context, artifacts):
    page = sign_in(context, "owner", "/data")
    page.set_viewport_size(PHONE)
    too_wide = {}
    for address in _phone_addresses(page):
        page.goto(address)
        if page.locator(".chart").count():
            page.wait_for_selector(".chart .js-plotly-plot .main-svg")
            page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[address] = (width, page.evaluate(TOO_WIDE_JS))
        name = re.sub(r"[^a-z0-9]+", "-", address.lower()).strip("-") or "overview"
        page.screenshot(path=artifacts / f"phone-{name[:40]}.png")
    assert not too_wide, f"pages wider than {PHONE['width']} px: {too_wide}"
