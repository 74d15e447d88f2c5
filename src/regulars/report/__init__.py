"""The owner's HTML report: one self-contained file (Plotly's bundle inlined, no network)."""

from regulars.report.html import render_report, write_report

__all__ = ["render_report", "write_report"]
