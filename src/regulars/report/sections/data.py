from __future__ import annotations

from regulars.report.sections import Section
from regulars.services.status import workspace_status
from regulars.services.workspace import Workspace


def _context(ws: Workspace) -> dict:
    return {"status": workspace_status(ws)}


SECTION = Section("data", "Data", 1000, _context)
