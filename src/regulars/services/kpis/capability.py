"""What the KPIs add to the shared views: highlight sentences and the overview's KPI tiles."""

from __future__ import annotations

from regulars.services.capabilities import Capability
from regulars.services.workspace import Workspace


def _highlights(ws: Workspace) -> list[str]:
    from regulars.services.kpis.highlights import kpi_highlights

    return kpi_highlights(ws)


def _tiles(ws: Workspace) -> dict[str, object]:
    from regulars.services.kpis.views import kpi_overview

    return {"kpis": kpi_overview(ws)}


CAPABILITY = Capability(
    "kpis", "KPIs and where to improve", 10, highlights=_highlights, tiles=_tiles
)
