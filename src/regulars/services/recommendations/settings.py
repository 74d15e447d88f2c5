"""The shop's rules as a service: read them, change them (they apply at the next fit)."""

from __future__ import annotations

from dataclasses import dataclass

from regulars.errors import NotFoundError
from regulars.services.recommendations import data, saved
from regulars.services.recommendations.rules import changed_rules
from regulars.services.workspace import Workspace


@dataclass(frozen=True)
class Rules:
    pinned: tuple[str, ...]
    blocked: tuple[str, ...]
    max_per_category: int
    note: str


def _rules(d: dict, note: str) -> Rules:
    return Rules(tuple(d["pinned"]), tuple(d["blocked"]), int(d["max_per_category"]), note)


def recommendation_rules(ws: Workspace) -> Rules:
    return _rules(saved.load_rules(ws), "Rules in force since the last fit that followed them.")


def set_rules(ws: Workspace, pin=(), block=(), clear=False, max_per_category=None) -> Rules:
    """Pin or block products (or clear both), set the cap per category; saved at once, applied
    by the next fit."""
    known = set(data.products(ws).column("product_id").to_pylist())
    unknown = [p for p in (*pin, *block) if p not in known]
    if unknown:
        raise NotFoundError(f"no product {unknown[0]!r}")
    new = changed_rules(saved.load_rules(ws), tuple(pin), tuple(block), clear, max_per_category)
    saved.save_rules(ws, new)
    return _rules(new, "Saved: run regulars recommend fit for the lists to follow them.")
