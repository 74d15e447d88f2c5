"""What each offer added, measured against the randomised holdout of a logged offer test: the
customers given no offer. Per offer and for any offer: the difference in the share who bought and
in margin per customer, with intervals, in words (``analytics.offers.incrementality``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.analytics.offers import OFFERS, Incrementality, incrementality
from regulars.errors import InputError
from regulars.services.offers.customers import load_customers
from regulars.services.workspace import Workspace


@dataclass(frozen=True)
class OfferIncrementality:
    any_offer: Incrementality
    by_offer: dict[str, Incrementality]
    explanation: str


def offer_incrementality(ws: Workspace, log: list[dict]) -> OfferIncrementality:
    """Each logged offer against the logged customers given none (the holdout)."""
    from regulars.services.offers import _log_arrays

    c = load_customers(ws)
    _, a, r, _ = _log_arrays(c, tuple(sorted(set(c.group))), log)
    if not (a == 0).any():
        raise InputError("the offer log holds no customer given no offer: nothing to measure "
                         "what the offers added against (keep a holdout)")  # fmt: skip
    bought, margin = (r > 0).astype(float), r * 100
    held = a == 0

    def against(m: np.ndarray) -> Incrementality:
        return incrementality(bought[m], bought[held], margin[m], margin[held])

    by_offer = {o.key: against(a == k) for k, o in enumerate(OFFERS) if k and (a == k).any()}
    any_offer = against(~held)
    best = max(by_offer, key=lambda k: by_offer[k].margin_lift_cents, default=None)
    words = f"Any offer against the {int(held.sum())} held out: {any_offer.explanation}"
    if best is not None:
        words += (f". The most margin a customer: {best} "
                  f"({by_offer[best].margin_lift_cents / 100:+.2f})")  # fmt: skip
    return OfferIncrementality(any_offer, by_offer, words)
