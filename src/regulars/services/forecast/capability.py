"""What forecasts add to the shared views: the next month's revenue in words."""

from __future__ import annotations

from regulars.services.capabilities import Capability
from regulars.services.workspace import Workspace


def _highlights(ws: Workspace) -> list[str]:
    from regulars.errors import RegularsError
    from regulars.services.forecast import forecast

    try:
        return list(forecast(ws, "revenue", "total", "month", 3).sentences[:1])
    except RegularsError:
        return []


CAPABILITY = Capability("forecast", "Sales forecasts", 70, highlights=_highlights)
