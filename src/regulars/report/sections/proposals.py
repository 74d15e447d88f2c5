"""Report section: the proposals waiting for a person's approval (what, how many customers, why,
the expected effect, who proposed it, until when); none when nothing waits. Customers are counted,
never named."""

from __future__ import annotations

from regulars.report.sections import Section
from regulars.services.proposals import list_proposals
from regulars.services.workspace import Workspace


def _context(ws: Workspace) -> dict | None:
    pending = list_proposals(ws, "pending")
    return {"pending": pending} if pending else None


SECTION = Section("proposals", "Waiting for your approval", 90, _context)
