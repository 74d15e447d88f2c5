"""The saved recommendations: one JSON document in ``_models`` (kind ``recommendations``) with the
backtest per placement and the precomputed lists, and the shop's rules (pinned and blocked
products, at most N per category) in another. Serving only reads them; only ``fit`` and
``rules`` write them. Lists are stored as [product index, reason index] pairs, the product ids
and the reasons once each, so the document stays small."""

from __future__ import annotations

import json

from regulars.errors import InputError, NotFoundError
from regulars.services.workspace import Workspace
from regulars.store import models as stored

FORMAT = "regulars-recommendations/1"
LISTS, RULES = "recommendations", "recommendation-rules"
DEFAULT_RULES = {"pinned": [], "blocked": [], "max_per_category": 4}


def save_lists(ws: Workspace, document: dict) -> str:
    stored.save_document(ws.store, LISTS, LISTS, {**document, "format": FORMAT})
    return f"{LISTS!r} in the workspace's database (table _models)"


def load_lists(ws: Workspace) -> dict:
    text = stored.document(ws.store, LISTS)
    if text is None:
        raise NotFoundError("no recommendations are fitted yet: run regulars recommend fit")
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise InputError(f"saved recommendations not readable ({exc}): run regulars recommend "
                         "fit again") from exc  # fmt: skip
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError("saved recommendations are of another version: run regulars "
                         "recommend fit again")  # fmt: skip
    return document


def has_lists(ws: Workspace) -> bool:
    return stored.document(ws.store, LISTS) is not None


def load_rules(ws: Workspace) -> dict:
    text = stored.document(ws.store, RULES)
    try:
        found = json.loads(text) if text else {}
    except ValueError:
        found = {}
    return {**DEFAULT_RULES, **(found if isinstance(found, dict) else {})}


def save_rules(ws: Workspace, rules: dict) -> None:
    stored.save_document(ws.store, RULES, RULES, rules)
