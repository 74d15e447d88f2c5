"""What prices add to the shared views: how many products' price response is known."""

from __future__ import annotations

from regulars.services.capabilities import Capability
from regulars.services.workspace import Workspace


def _highlights(ws: Workspace) -> list[str]:
    from regulars.errors import InputError
    from regulars.services.pricing import elasticities

    try:
        return [elasticities(ws).explanation + "."]
    except InputError:
        return []


CAPABILITY = Capability("pricing", "Prices", 85, highlights=_highlights)
