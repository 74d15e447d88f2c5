"""The report, opened from disk in a real browser at phone width (390 px): nothing wider than the
screen (wide tables scroll inside their box), the charts drawn. Screenshot: report-phone.png."""

from __future__ import annotations

from .conftest import PHONE


def test_the_report_fits_a_phone(browser, demo_report, artifacts):
    path = demo_report[1]
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(path.resolve().as_uri())
        page.wait_for_load_state("load")
        assert page.locator(".js-plotly-plot .main-svg").count() >= 4, "the charts are drawn"
        width = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=artifacts / "report-phone.png")
        assert width <= PHONE["width"], f"the report is {width} px wide on a phone"
    finally:
        context.close()
