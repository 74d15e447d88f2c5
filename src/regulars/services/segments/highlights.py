"""The sentences about segments and personas an owner reads first (for the demo highlights and the
report)."""

from __future__ import annotations

from regulars.errors import RegularsError
from regulars.services.segments.movement import movement_matrix
from regulars.services.segments.personas import cached_persona_report
from regulars.services.segments.rfm import rfm_report
from regulars.services.workspace import Workspace


def segment_highlights(ws: Workspace) -> list[str]:
    """Champions' share of revenue, who slipped from Loyal to At risk last quarter, the personas
    found."""
    rfm = rfm_report(ws)
    if not rfm.customers:
        return []
    champions = rfm.segment("Champions")
    lines = [
        f"Champions: {champions.customers:,} customers ({champions.customer_share:.0%}) bring "
        f"{champions.revenue_share:.0%} of revenue."
    ]
    at_risk = rfm.segment("At risk").customers + rfm.segment("Cannot lose them").customers
    if at_risk:
        lines.append(
            f"{at_risk:,} once-valuable customers are At risk or Cannot lose them: worth a "
            "win-back campaign."
        )
    moves = movement_matrix(ws)
    slipped = moves.count("Loyal", "At risk") + moves.count("Loyal", "Cannot lose them")
    if slipped:
        lines.append(
            f"{slipped:,} Loyal customers slipped to At risk or Cannot lose them since "
            f"{moves.start:%d %b %Y}."
        )
    try:
        personas = cached_persona_report(ws)  # the report shows the same
    except RegularsError:
        return lines
    names = ", ".join(f"{c.name} ({c.customer_share:.0%})" for c in personas.cards)
    lines.append(
        f"{personas.k} personas: {names}"
        + ("" if personas.stable else " (unstable: treat as rough)")
        + "."
    )
    return lines
