"""Report section: a card per saved model (what it predicts, data window, accuracy, known limits,
last trained, minimum data); none when no model is saved."""

from __future__ import annotations

from regulars.report.sections import Section
from regulars.services.modelcards import model_cards
from regulars.services.workspace import Workspace


def _context(ws: Workspace) -> dict | None:
    cards = model_cards(ws)
    return {"cards": cards} if cards else None


SECTION = Section("models", "Models and how well they did", 88, _context)
