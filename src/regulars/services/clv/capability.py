"""What lifetime value adds to the shared views: highlight sentences, the customer's predictions
(before their segment in the profile), and the model the demo fits and saves before analysing."""

from __future__ import annotations

from regulars.services.capabilities import Capability
from regulars.services.workspace import Workspace


def _highlights(ws: Workspace) -> list[str]:
    from regulars.services.clv.highlights import clv_highlights

    return clv_highlights(ws)


def _profile(ws: Workspace, customer_id: str) -> dict[str, object]:
    from regulars.services.clv.profile import customer_prediction

    return {"predictions": customer_prediction(ws, customer_id)}


def _prepare(ws: Workspace) -> None:
    from regulars.services.clv.highlights import save_demo_model

    save_demo_model(ws)


CAPABILITY = Capability(
    "clv",
    "Customer lifetime value and churn risk",
    30,
    highlights=_highlights,
    profile=_profile,
    profile_order=15,
    prepare=_prepare,
)
