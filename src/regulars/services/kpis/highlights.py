"""A few sentences for the demo's highlights (and any summary): call ``kpi_highlights(ws)``."""

from __future__ import annotations

from regulars.services.kpis.review import month_review
from regulars.services.workspace import Workspace

HEADLINE_KPIS = ("revenue", "retention_rate", "site_conversion_rate")


def kpi_highlights(ws: Workspace, limit: int = 5) -> list[str]:
    """Headline KPIs against last month, the biggest improvement area, and the newest bad alerts."""
    review = month_review(ws)
    if review.report is None or review.plan is None:
        return []
    lines = [
        r.sentence for r in review.report.results if r.key in HEADLINE_KPIS and r.value is not None
    ]
    priced = [a for a in review.plan.areas if a.monthly_cents]
    if priced:
        lines.append(f"Biggest improvement area: {priced[0].explanation}")
    bad = [a for a in review.alerts if not a.is_good]
    lines += [f"Alert: {a.message}" for a in bad[:2]]
    return lines[:limit]
