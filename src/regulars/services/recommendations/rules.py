"""The shop's rules over every list: only products in stock (an unknown stock counts as in
stock) and not blocked; pinned products first; at most N of a category; nothing already bought
unless it is bought again (replenishable); and on the home page nothing already bought."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.errors import InputError

PINNED_REASON = "chosen by the shop"


@dataclass(frozen=True)
class Catalogue:
    ids: np.ndarray  # product ids, the models' columns
    names: np.ndarray
    category: np.ndarray
    allowed: np.ndarray  # bool: in stock and not blocked
    pinned: tuple[int, ...]  # column indices, in the shop's order
    max_per_category: int

    @classmethod
    def of(cls, products: dict, rules: dict) -> Catalogue:
        ids = np.asarray(products["product_id"], dtype=object)
        names = np.array([n or i for n, i in zip(products["name"], ids)], dtype=object)
        category = np.array([c or "" for c in products["category"]], dtype=object)
        stock = np.array([s if s is not None else 1 for s in products["stock"]], dtype=float)
        blocked = np.isin(ids, list(rules.get("blocked", [])))
        allowed = (stock > 0) & ~blocked
        position = {p: i for i, p in enumerate(ids)}
        pinned = tuple(position[p] for p in rules.get("pinned", []) if p in position)
        pinned = tuple(i for i in pinned if allowed[i])
        return cls(ids, names, category, allowed, pinned, int(rules.get("max_per_category", 4)))


def pick(order, catalogue: Catalogue, k: int, leave_out=()) -> list[int]:
    """The first ``k`` columns of ``order`` (best first) that the rules allow, pinned first."""
    chosen: list[int] = []
    per: dict[str, int] = {}
    skip = set(int(i) for i in leave_out)
    for i in (*catalogue.pinned, *order):
        i = int(i)
        if i in chosen or i in skip or not catalogue.allowed[i]:
            continue
        cat = catalogue.category[i]
        if cat and per.get(cat, 0) >= catalogue.max_per_category and i not in catalogue.pinned:
            continue
        per[cat] = per.get(cat, 0) + 1
        chosen.append(i)
        if len(chosen) == k:
            break
    return chosen


def changed_rules(rules: dict, pin=(), block=(), clear=False, max_per_category=None) -> dict:
    """The rules with products pinned or blocked (or all cleared) and the category cap set."""
    new = {"pinned": [], "blocked": [], "max_per_category": rules["max_per_category"]}
    if not clear:
        new["pinned"], new["blocked"] = list(rules["pinned"]), list(rules["blocked"])
    new["pinned"] += [p for p in pin if p not in new["pinned"]]
    new["blocked"] += [p for p in block if p not in new["blocked"]]
    new["pinned"] = [p for p in new["pinned"] if p not in new["blocked"]]
    if max_per_category is not None:
        if max_per_category < 1:
            raise InputError("--max-per-category must be 1 or more")
        new["max_per_category"] = int(max_per_category)
    return new
