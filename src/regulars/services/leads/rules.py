"""The owner's points rules (a JSON document in the store, ``lead-points``)."""

from __future__ import annotations

import json

from regulars.analytics.leads import DEFAULT_POINTS
from regulars.errors import InputError
from regulars.services.leads.scores import POINTS
from regulars.services.workspace import Workspace
from regulars.store import models as stored

ATTRIBUTES = ("source", "owner", "kind")


def lead_points(ws: Workspace) -> dict[str, dict[str, int]]:
    text = stored.document(ws.store, POINTS)
    return json.loads(text) if text else {k: dict(v) for k, v in DEFAULT_POINTS.items()}


def set_lead_points(ws: Workspace, changes: list[str]) -> dict[str, dict[str, int]]:
    """Apply ``ATTRIBUTE:VALUE=POINTS`` changes and save the rules."""
    table = lead_points(ws)
    for change in changes:
        key, _, number = change.partition("=")
        attribute, _, value = key.partition(":")
        if attribute not in ATTRIBUTES or not value or not number.strip().lstrip("-").isdigit():
            raise InputError(f"--set {change!r}: write ATTRIBUTE:VALUE=POINTS with ATTRIBUTE one "
                             f"of {', '.join(ATTRIBUTES)}, e.g. source:referral=30")  # fmt: skip
        table.setdefault(attribute, {})[value] = int(number)
    stored.save_document(ws.store, POINTS, POINTS, table)
    return table
