"""Report section: every experiment's verdict, arm table, effect with interval and cumulative
effect."""

from __future__ import annotations

from regulars.errors import RegularsError
from regulars.report.sections import Section
from regulars.services.experiments import list_experiments
from regulars.services.workspace import Workspace
from regulars.views.experiments import experiment_view


def _context(ws: Workspace) -> dict | None:
    experiments = [e for e in list_experiments(ws) if e.assigned]
    if not experiments:
        return None
    views = []
    for e in experiments:
        try:
            views.append({"experiment": e, **experiment_view(ws, e.experiment_id)})
        except RegularsError as exc:
            views.append({"experiment": e, "error": str(exc)})
    return {"views": views}


SECTION = Section("experiments", "Experiments", 60, _context)
