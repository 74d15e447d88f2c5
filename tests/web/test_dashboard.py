"""The dashboard end to end in a real browser (Debian's Chromium via Playwright) against the real
server: sign in, overview charts, uploads (landed and rejected), a customer, erasure, a viewer's
limits.
Screenshots are kept in test-artifacts/ (overview.png, overview-phone.png, upload-errors.png,
customer.png)."""

from __future__ import annotations

import httpx
import pytest

from regulars.units import money

from .conftest import LAPTOP, PHONE, sign_in

GOOD_CSV = (
    "customer_id,email,first_name,last_name,customer_type,created_at\n"
    "WEB0001,wendy.upload@example.com,Wendy,Upload,retail,2025-03-01T12:00:00Z\n"
    "WEB0002,walter.upload@example.com,Walter,Upload,wholesale,2025-03-02T12:00:00Z\n"
)
BAD_CSV = (
    "customer_id,email,first_name,last_name,customer_type,created_at\n"
    "WEBBAD1,one@example.com,One,Fine,retail,2025-03-01T12:00:00Z\n"
    "WEBBAD2,two@example.com,Two,Wrong,platinum,2025-03-01T12:00:00Z\n"
)


def api(live_shop, path: str, role: str = "owner") -> httpx.Response:
    return httpx.get(
        live_shop.url + path,
        headers={"Authorization": f"Bearer {live_shop.api_keys[role]}"},
        timeout=30,
    )


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def charts_fit(page) -> bool:
    """Every chart is drawn inside its box (not wider, so nothing is clipped), once Plotly has
    laid it out (it resizes responsive charts after the page's load event: wait up to 5 s)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            """[...document.querySelectorAll('.chart')].every(c => {
            const svg = c.querySelector('.main-svg');
            return svg &&
                svg.getBoundingClientRect().width <= c.getBoundingClientRect().width + 1; })""",
            timeout=5000,
        )
    except PlaywrightTimeout:
        return False
    return True


def upload(page, csv: str, name: str, mapping: str = ""):
    page.goto("/data")
    page.select_option("#table", "customers")
    page.fill("#mapping", mapping)
    page.set_input_files(
        "#file", files=[{"name": name, "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.click("#upload-form button[type=submit]")
    page.wait_for_load_state()


def test_sign_in_and_see_the_overview_with_charts(context, live_shop, artifacts):
    page = context.new_page()
    page.goto("/")
    assert "/login" in page.url  # not signed in: the sign-in form, with the way back
    page.fill("#username", "owner")
    page.fill("#password", "wrong password!")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").inner_text() == "Wrong username or password."
    page = sign_in(context, "owner")
    page.wait_for_selector("#chart-sales .js-plotly-plot .main-svg")
    page.wait_for_selector("#chart-customers .js-plotly-plot .main-svg")
    assert (
        page.locator("#chart-sales .main-svg .bars path").count() > 10
    )  # one bar per month, drawn
    headline = api(live_shop, "/api/v1/overview").json()["headline"]
    assert page.locator("#headline .tile .value").first.inner_text() == money(
        headline["revenue_cents"]
    )
    assert fits_the_width(page) and charts_fit(page)
    page.screenshot(path=artifacts / "overview.png", full_page=True)

    page.set_viewport_size(PHONE)
    page.reload()
    page.wait_for_selector("#chart-sales .js-plotly-plot .main-svg")
    assert fits_the_width(page), "the overview scrolls sideways on a phone"
    assert charts_fit(page)
    chart = page.locator("#chart-sales").bounding_box()
    assert chart["width"] <= PHONE["width"]
    page.screenshot(path=artifacts / "overview-phone.png", full_page=True)
    page.set_viewport_size(LAPTOP)


def test_upload_a_good_file_and_see_it_land(context, live_shop):
    page = sign_in(context, "analyst", "/data")
    upload(page, GOOD_CSV, "new-customers.csv")
    result = page.locator("#import-result")
    assert "new-customers.csv: 2 rows; added 2" in result.inner_text()
    assert page.locator("#imports tbody tr").first.inner_text().count("new-customers.csv") == 1
    assert api(live_shop, "/api/v1/customers/WEB0001").json()["customer"]["first_name"] == "Wendy"


def test_upload_a_bad_file_and_see_the_line_level_errors(context, live_shop, artifacts):
    page = sign_in(context, "analyst", "/data")
    upload(page, BAD_CSV, "bad-customers.csv")
    problems = page.locator("#import-problems")
    assert "nothing was imported" in problems.inner_text()
    row = problems.locator("tbody tr").first.locator("td").all_inner_texts()
    assert (
        row[0] == "3"
        and row[1] == "customer_type"
        and row[2] == "platinum"
        and "retail, wholesale" in row[3]
    )
    assert page.locator("#import-result").count() == 0
    assert page.locator("#table").input_value() == "customers"  # the form keeps what was chosen
    assert (
        api(live_shop, "/api/v1/customers/WEBBAD1").status_code == 404
    )  # the good line was not written either
    problems.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "upload-errors.png", full_page=True)


def test_a_wrong_mapping_is_said_beside_its_field_and_kept(context):
    page = sign_in(context, "analyst", "/data")
    upload(page, GOOD_CSV, "mapped.csv", mapping="just-a-word")
    assert "SOURCE_COLUMN=FIELD" in page.locator("#mapping-error").inner_text()
    assert page.locator("#mapping").input_value() == "just-a-word"
    assert page.locator("#table").input_value() == "customers"
    assert page.locator("nav.main a").count() >= 5


def test_find_a_customer_and_view_them(context, live_shop, artifacts):
    someone = api(live_shop, "/api/v1/customers?limit=5").json()["customers"][3]
    page = sign_in(context, "analyst", "/customers")
    page.click("nav.main >> text=Customers")
    page.fill("#q", someone["email"])
    page.click("form[role=search] button")
    results = page.locator("#customer-results tbody tr")
    assert results.count() == 1
    results.first.locator("a").click()
    page.wait_for_url(f"**/customers/{someone['customer_id']}")
    assert someone["email"] in page.locator("main p.muted").first.inner_text()
    assert page.locator("#export-link").is_visible()
    assert page.locator("#erase-form").count() == 0  # an analyst may export, not erase
    with page.expect_download() as download:
        page.click("#export-link")
    assert download.value.suggested_filename == f"customer-{someone['customer_id']}.json"
    page.screenshot(path=artifacts / "customer.png", full_page=True)


def test_owner_erases_a_customer(context, live_shop):
    victim = api(live_shop, "/api/v1/customers?limit=20").json()["customers"][17]["customer_id"]
    page = sign_in(context, "owner", "/data")
    page.goto(f"/customers/{victim}")
    page.fill("#confirm", "not the id")
    page.click("#erase-form button[type=submit]")
    assert "Type the customer id exactly" in page.locator("#erase-form [role=alert]").inner_text()
    page.fill("#confirm", victim)
    page.click("#erase-form button[type=submit]")
    page.wait_for_url("**/customers?erased=1")
    assert "was erased" in page.locator("[role=status]").inner_text()
    page.fill("#q", victim)
    page.click("form[role=search] button")
    assert f"No customer matches “{victim}”" in page.locator(".empty").inner_text()
    assert api(live_shop, f"/api/v1/customers/{victim}").status_code == 404


def test_a_viewer_is_refused(context, live_shop):
    page = sign_in(context, "viewer", "/data")
    assert page.locator("h1").inner_text() == "Data"
    assert page.locator("#upload-form").count() == 0
    csrf = page.locator("header input[name=csrf_token]").input_value()
    forced = page.request.post(
        "/data/import",
        multipart={
            "csrf_token": csrf,
            "table": "customers",
            "file": {
                "name": "sneaky.csv",
                "mimeType": "text/csv",
                "buffer": GOOD_CSV.replace("WEB", "SNEAK").encode(),
            },
        },
    )
    assert forced.status == 403
    assert "Not allowed" in forced.text() and "needs the analyst role" in forced.text()
    assert api(live_shop, "/api/v1/customers/SNEAK0001").status_code == 404
    someone = api(live_shop, "/api/v1/customers?limit=1").json()["customers"][0]["customer_id"]
    page.goto(f"/customers/{someone}")
    assert page.locator("#erase-form").count() == 0 and page.locator("#export-link").count() == 0
    erase = page.request.post(
        f"/customers/{someone}/erase",
        form={"csrf_token": csrf, "confirm": someone},
        max_redirects=0,
    )
    assert erase.status == 403
    assert api(live_shop, f"/api/v1/customers/{someone}").status_code == 200


@pytest.mark.parametrize("role", ["owner", "viewer"])
def test_sign_out(context, role):
    page = sign_in(context, role, "/data")
    page.click("header button:has-text('Sign out')")
    page.wait_for_url("**/login")
    page.goto("/customers")
    assert "/login?next=/customers" in page.url
    assert not [c for c in context.cookies() if c["name"] == "regulars_session"]
