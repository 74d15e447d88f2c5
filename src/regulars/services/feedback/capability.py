"""What voice of the customer adds to the shared views: highlight sentences (emerging issues) and
a customer's feedback themes in their profile."""

from __future__ import annotations

from regulars.services.capabilities import Capability
from regulars.services.workspace import Workspace


def _highlights(ws: Workspace) -> list[str]:
    from regulars.services.feedback.issues import feedback_alerts

    found = feedback_alerts(ws).alerts
    return [f"Emerging issue: {a.explanation}" for a in found[:3]]


def _profile(ws: Workspace, customer_id: str) -> dict[str, object]:
    from regulars.services.feedback.profile import customer_feedback_themes

    return {"feedback_themes": customer_feedback_themes(ws, customer_id)}


CAPABILITY = Capability(
    "feedback",
    "Voice of the customer",
    45,
    highlights=_highlights,
    profile=_profile,
    profile_order=5,  # before the predictions and the segment, after the customer's own rows
)
