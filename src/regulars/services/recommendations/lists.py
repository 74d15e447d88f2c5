"""The precomputed lists: every consenting customer's list per placement (home page, email), each
product's related products, and the bestsellers for everyone else, each item with its reason;
kept compactly (product index, reason index) in the saved document."""

from __future__ import annotations

import numpy as np

from regulars.analytics.recommendations import Interactions, make, top_k
from regulars.analytics.recommendations.models import BuyAgain
from regulars.services.recommendations.rules import PINNED_REASON, Catalogue, pick

STORED_K = 20  # items kept per list: the most a request may ask for
BATCH = 2000  # customers scored at once


class Reasons:
    """Each distinct reason once; entries refer to it by index."""

    def __init__(self):
        self.texts: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.texts)
            self.texts.append(text)
        return self._index[text]


def precompute(full: Interactions, chosen: dict[str, str], catalogue: Catalogue,
               popular: list[tuple[int, str]]) -> dict:  # fmt: skip
    """The lists for the models ``chosen`` per placement, fitted on ``full``."""
    reasons = Reasons()
    fitted = {name: make(name).fit(full) for name in set(chosen.values())} if full.nnz else {}
    again = BuyAgain().fit(full) if full.nnz else None
    customers: dict[str, dict[str, list]] = {}
    for placement in ("home", "email"):
        model = fitted.get(chosen[placement])
        if model is None:
            continue
        for cid, entries in _customer_lists(full, model, again, placement, catalogue, reasons):
            customers.setdefault(cid, {})[placement] = entries
    related = _related(full, fitted.get(chosen["product"]), catalogue, reasons)
    text = dict(popular)
    top = [[i, reasons(PINNED_REASON if i in catalogue.pinned else text.get(i, PINNED_REASON))]
           for i in pick([i for i, _ in popular], catalogue, STORED_K)]  # fmt: skip
    return {"items": list(map(str, catalogue.ids)), "names": list(map(str, catalogue.names)),
            "customers": customers, "related": related, "popular": top,
            "reasons": reasons.texts}  # fmt: skip


def _customer_lists(full, model, again, placement, catalogue: Catalogue, reasons: Reasons):
    seen = full.binary()
    for start in range(0, full.shape[0], BATCH):
        rows = np.arange(start, min(start + BATCH, full.shape[0]))
        order = top_k(model.score(rows), STORED_K * 3 + len(catalogue.pinned))[0]
        for r, ranked in zip(rows, order):
            bought = seen[r].indices
            if placement == "email":
                bought = bought[~again.replenishable_[bought]]
            items = pick(ranked, catalogue, STORED_K, leave_out=bought)
            texts = model.reasons(int(r), items, catalogue.names)
            texts = [PINNED_REASON if i in catalogue.pinned else t for i, t in zip(items, texts)]
            yield str(full.users[r]), [[i, reasons(t)] for i, t in zip(items, texts)]


def _related(full, model, catalogue: Catalogue, reasons: Reasons) -> dict[str, list]:
    if model is None:
        return {}
    items = np.arange(full.shape[1])
    order = top_k(model.related(items), STORED_K * 3 + len(catalogue.pinned))[0]
    out = {}
    for anchor, ranked in zip(items, order):
        chosen = pick(ranked, catalogue, STORED_K, leave_out=[anchor])
        out[str(catalogue.ids[anchor])] = [
            [i, reasons(model.related_reason(int(anchor), i, catalogue.names))] for i in chosen
        ]
    return out
