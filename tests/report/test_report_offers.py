"""The report's Pricing & offers section shows the demo's imported offer test against its holdout,
as the service measures it, and an empty shop's report says to import one."""

from __future__ import annotations

from markupsafe import escape

from regulars.report import write_report
from regulars.services.offers.holdout import NO_LOG
from regulars.services.offers.logged import logged_offer_test


def _section(html: str) -> str:
    start = html.index('<section id="pricing">')
    return html[start : html.index("</section>", start)]


def test_the_report_shows_each_campaign_against_its_holdout(demo_report, demo_workspace):
    found = logged_offer_test(demo_workspace)
    section = _section(demo_report[1].read_text(encoding="utf-8"))
    assert 'id="offers-incrementality"' in section and 'id="offers-campaigns"' in section
    assert str(escape(found.incrementality.explanation)) in section
    for c in found.incrementality.campaigns:
        assert str(escape(c.any_offer.explanation)) in section
    assert str(escape(found.policy.explanation)) in section


def test_an_empty_shops_report_says_no_offer_log_yet(duckdb_workspace):
    html = write_report(duckdb_workspace).read_text(encoding="utf-8")
    assert str(escape(NO_LOG)) in _section(html)
