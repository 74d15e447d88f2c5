"""The report is one offline file with every section, built from the demo shop."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from regulars.report import write_report
from regulars.report.sections import all_sections


class _Anchors(HTMLParser):
    """Every ``<a href>`` and ``id`` of a page (script is not markup: plotly.js is skipped)."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"])
        if tag == "a" and "href" in found:
            self.links.append(found["href"])


def test_demo_report_is_offline_and_has_every_section(demo_report):
    highlights, path = demo_report
    html = path.read_text(encoding="utf-8")
    for section in all_sections():
        assert f'<section id="{section.id}">' in html
    assert "Plotly.newPlot" in html and len(html) > 3_000_000  # plotly.js inlined, charts drawn
    assert not re.search(r"<script[^>]+src=", html), "no script may be loaded from elsewhere"
    assert not re.search(r'<link[^>]+href="https?://', html)
    assert any("customers placed" in h for h in highlights)


def test_report_links_are_anchors_of_the_report_itself(demo_report):
    """Opened from disk, a server path (/kpis) leads nowhere: each link is an anchor that exists."""
    page = _Anchors()
    page.feed(demo_report[1].read_text(encoding="utf-8"))
    assert len(page.links) > len(all_sections()), "the contents and the improvement areas link"
    for href in page.links:
        assert href.startswith("#"), href
        assert href[1:] in page.ids, f"{href}: no such anchor in the report"


def test_empty_workspace_report_says_what_to_import(duckdb_workspace):
    html = write_report(duckdb_workspace).read_text(encoding="utf-8")
    assert "No orders yet: import orders" in html


def test_the_marketing_mix_section_says_what_the_data_cannot_tell(demo_report):
    """The demo's sale emails land in its promotion weeks: the section flags email in words with
    the tests that would tell, and shows no caused number for it in the table."""
    from html import unescape

    html = demo_report[1].read_text(encoding="utf-8")
    start = html.index('<section id="mmm">')
    section = unescape(html[start : html.index("</section>", start)])
    limits = section[section.index('id="mmm-limits"') :]
    assert "email's spend moves with your promotion weeks" in limits
    assert "holdout" in limits and "--kind geo" in limits
    email_row = section[section.index("<td>email</td>") :].split("</tr>")[0]
    assert "cannot be separated" in email_row and "$" not in email_row.split("</td>", 2)[2]
