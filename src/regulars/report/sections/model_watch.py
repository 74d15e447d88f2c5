"""Report section: the validated lifetime-value model's predicted purchases per month against the
actual ones, and its inputs' drift; none before a validation exists."""

from __future__ import annotations

from regulars.report.sections import Section
from regulars.services.workspace import Workspace
from regulars.views.modelwatch import watch_context


def _context(ws: Workspace) -> dict | None:
    context = watch_context(ws)
    return context if context["watch"] is not None else None


SECTION = Section("model-watch", "Models against what happened", 89, _context)
