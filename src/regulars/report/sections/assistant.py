"""Report section: the customer assistant's conversations (containment, handovers) and the
questions it could not answer, as a list to improve the FAQ from; none before a conversation."""

from __future__ import annotations

from regulars.report.sections import Section
from regulars.services.assistant import conversation_stats
from regulars.services.workspace import Workspace


def _context(ws: Workspace) -> dict | None:
    stats = conversation_stats(ws, limit=10)
    return {"stats": stats} if stats.conversations else None


SECTION = Section("assistant", "Customer assistant", 92, _context)
