"""What lead scores add to the shared views: how leads are scored and the lead to call first."""

from __future__ import annotations

from regulars.services.capabilities import Capability
from regulars.services.workspace import Workspace


def _highlights(ws: Workspace) -> list[str]:
    from regulars.services.leads import lead_scores, leads_to_call

    scores = lead_scores(ws)
    if not scores.leads:
        return []
    best = leads_to_call(ws, 1)
    if not best:
        return [scores.explanation.split(";")[0] + "."]
    call = [f"Lead to call first: {best[0].company} ({'; '.join(best[0].reasons)})."]
    return [scores.explanation.split(";")[0] + "."] + call


CAPABILITY = Capability("leads", "Lead scores", 80, highlights=_highlights)
