"""The report is one offline file with every section, built from the demo shop."""

from __future__ import annotations

import re

from regulars.report import write_report
from regulars.report.sections import all_sections
from regulars.services.demo import run_demo


def test_demo_report_is_offline_and_has_every_section(duckdb_workspace):
    result = run_demo(duckdb_workspace, customers=300, seed=5)
    path = write_report(duckdb_workspace, highlights=result["highlights"])
    html = path.read_text(encoding="utf-8")
    for section in all_sections():
        assert f'<section id="{section.id}">' in html
    assert "Plotly.newPlot" in html and len(html) > 3_000_000  # plotly.js inlined, charts drawn
    assert not re.search(r'<script[^>]+src=', html), "no script may be loaded from elsewhere"
    assert not re.search(r'<link[^>]+href="https?://', html)
    assert any("customers placed" in h for h in result["highlights"])


def test_empty_workspace_report_says_what_to_import(duckdb_workspace):
    html = write_report(duckdb_workspace).read_text(encoding="utf-8")
    assert "No orders yet: import orders" in html
