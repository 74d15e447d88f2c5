"""Report section: recommendations as the dashboard's page shows them: the model chosen per
placement by backtest, its table against popularity, and example customers with reasons."""

from __future__ import annotations

from regulars.report.sections import Section
from regulars.services.recommendations import recommendations_overview
from regulars.services.workspace import Workspace


def _context(ws: Workspace) -> dict | None:
    return {"view": recommendations_overview(ws)}


SECTION = Section("recommendations", "Recommendations", 70, _context)
