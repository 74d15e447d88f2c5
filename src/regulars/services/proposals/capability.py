"""What the trust centre adds to the shared views: the demo's proposals waiting for approval."""

from __future__ import annotations

from regulars.services.capabilities import Capability
from regulars.services.workspace import Workspace


def _prepare(ws: Workspace) -> None:
    from regulars.services.proposals.demo import plant_demo_proposals

    plant_demo_proposals(ws)


def _access(ws: Workspace, customer_id: str) -> dict[str, object]:
    from regulars.services.proposals.access import proposals_including

    return proposals_including(ws, customer_id)


CAPABILITY = Capability(
    "proposals", "Proposals awaiting approval", 90, prepare=_prepare, access=_access
)
