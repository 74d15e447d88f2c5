"""The proposals that named one customer (in their sample), for the customer's access request."""

from __future__ import annotations

from regulars.services.workspace import Workspace


def proposals_including(ws: Workspace, customer_id: str) -> dict[str, object]:
    from regulars.services.proposals import list_proposals

    found = [
        {
            "proposal_id": p.proposal_id,
            "action_type": p.action_type,
            "status": p.status,
            "created_at": p.created_at,
        }
        for p in list_proposals(ws)
        if customer_id in p.sample
    ]
    return {"proposals": found}
