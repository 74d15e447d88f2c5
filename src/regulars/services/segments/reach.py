"""Who the audiences reach now: the customers every saved audience's export would write (the
output that needs marketing consent), for the consent test every capability passes."""

from __future__ import annotations

from regulars.services.workspace import Workspace


def audience_reach(ws: Workspace) -> set[str]:
    from regulars.services.segments.audiences import export_rows, list_audiences

    reached: set[str] = set()
    for audience in list_audiences(ws, count=False):
        rows = export_rows(ws, audience.name, columns=("customer_id",)).rows
        reached |= set(rows["customer_id"].to_pylist())
    return reached
