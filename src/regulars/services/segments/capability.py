"""What segments add to the shared views: highlight sentences and the customer's segment."""

from __future__ import annotations

from regulars.services.capabilities import Capability
from regulars.services.workspace import Workspace


def _highlights(ws: Workspace) -> list[str]:
    from regulars.services.segments.highlights import segment_highlights

    return segment_highlights(ws)


def _profile(ws: Workspace, customer_id: str) -> dict[str, object]:
    from regulars.services.segments.profile import customer_segment

    return {"segment": customer_segment(ws, customer_id)}


def _reached(ws: Workspace) -> set[str]:
    from regulars.services.segments.reach import audience_reach

    return audience_reach(ws)


CAPABILITY = Capability(
    "segments",
    "Segments and personas",
    20,
    highlights=_highlights,
    profile=_profile,
    reaches=("marketing",),
    reached=_reached,
)
