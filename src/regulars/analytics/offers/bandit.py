"""Thompson sampling over offers per coarse customer group (segment x CLV tier x churn risk, never
a protected attribute). Each (group, offer) keeps a Beta posterior on the rate at which a customer
offered it buys; an offer's value is that rate times the margin of an order under the offer (the
basket's margin less what the offer gives away). Each customer gets the offer with the highest
value under one draw from the posteriors, so offers are tried in proportion to the chance they are
best.

Around it: a permanent holdout (a fixed share of customers, by a hash of their id, never offered
anything, to measure incrementality against); a margin floor (an offer whose order margin falls
below it is never chosen); caps on discount spend per period (the costliest chosen offers fall back
to none once the budget is spent) and per customer; a frequency cap (no offer to a customer
offered one in the last days). The budget counts an offer at its full cost, as if every
customer offered used it. Sufficient statistics add, like gbstats': fitting again on new
logs just adds counts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Offer:
    key: str
    label: str
    discount: float = 0.0  # share of the basket given away
    fixed_cost_cents: int = 0  # e.g. the shipping the shop pays


OFFERS = (
    Offer("none", "no offer"),
    Offer("pct5", "5% off", 0.05),
    Offer("pct10", "10% off", 0.10),
    Offer("pct15", "15% off", 0.15),
    Offer("free_shipping", "free shipping", fixed_cost_cents=500),
    Offer("bundle", "a bundle (second item 20% off)", 0.08),
)


@dataclass(frozen=True)
class Caps:
    holdout: float = 0.10
    margin_floor_cents: int = 0
    budget_cents: int | None = None
    per_customer_cents: int | None = None
    frequency_days: int = 14


def in_holdout(customer_ids, share: float) -> np.ndarray:
    """A permanent holdout: the same customers whatever the day or the model."""
    out = np.empty(len(customer_ids), bool)
    for i, c in enumerate(customer_ids):
        h = int.from_bytes(hashlib.blake2b(str(c).encode(), digest_size=8).digest(), "big")
        out[i] = h / 2**64 < share
    return out


class OfferBandit:
    """scikit-learn-style: ``fit`` on logged (group, offer, bought) adds to the posteriors;
    ``choose`` draws an offer per customer."""

    def __init__(self, groups=(), offers=OFFERS, basket_cents: int = 4000, margin: float = 0.4,
                 prior=(1.0, 1.0)):  # fmt: skip
        self.groups = tuple(groups)
        self.offers = tuple(offers)
        self.basket_cents = basket_cents
        self.margin = margin
        self.prior = prior
        self.successes_ = np.zeros((len(self.groups), len(self.offers)))
        self.trials_ = np.zeros((len(self.groups), len(self.offers)))

    def get_params(self, deep: bool = True) -> dict:
        return {"groups": self.groups, "offers": self.offers, "basket_cents": self.basket_cents,
                "margin": self.margin, "prior": self.prior}  # fmt: skip

    def fit(self, group_codes, offer_codes, bought) -> OfferBandit:
        g, o = np.asarray(group_codes, int), np.asarray(offer_codes, int)
        np.add.at(self.trials_, (g, o), 1)
        np.add.at(self.successes_, (g, o), np.asarray(bought, float))
        return self

    def order_margin_cents(self) -> np.ndarray:
        """What one order under each offer leaves: the basket's margin less the offer's cost."""
        return np.array([self.basket_cents * (self.margin - o.discount) - o.fixed_cost_cents
                         for o in self.offers])  # fmt: skip

    def offer_cost_cents(self) -> np.ndarray:
        return np.array([self.basket_cents * o.discount + o.fixed_cost_cents for o in self.offers])

    def posterior_mean(self) -> np.ndarray:
        a, b = self.prior
        return (self.successes_ + a) / (self.trials_ + a + b)

    def best_offers(self) -> dict[str, str]:
        """Per group, the offer with the highest expected margin per customer offered it."""
        value = self.posterior_mean() * self.order_margin_cents()[None, :]
        return {
            g: self.offers[int(i)].key for g, i in zip(self.groups, value.argmax(1), strict=True)
        }

    def choose(self, group_codes, rng: np.random.Generator, caps: Caps | None = None,
               holdout=None, spent_cents=None, days_since_offer=None) -> np.ndarray:  # fmt: skip
        """The offer index per customer (0, ``none``, for the holdout and the capped)."""
        g = np.asarray(group_codes, int)
        a, b = self.prior
        theta = rng.beta(self.successes_[g] + a, self.trials_[g] - self.successes_[g] + b)
        value = theta * self.order_margin_cents()[None, :]
        caps = caps or Caps(holdout=0.0)
        value[:, self.order_margin_cents() < caps.margin_floor_cents] = -np.inf
        choice = value.argmax(1)
        return _capped(choice, self.offer_cost_cents(), caps, holdout, spent_cents,
                       days_since_offer)  # fmt: skip


def _capped(choice, cost, caps: Caps, holdout, spent_cents, days_since_offer) -> np.ndarray:
    choice = choice.copy()
    if holdout is not None:
        choice[np.asarray(holdout, bool)] = 0
    if days_since_offer is not None:
        recent = np.asarray(days_since_offer, float) < caps.frequency_days
        choice[recent] = 0
    if caps.per_customer_cents is not None and spent_cents is not None:
        over = np.asarray(spent_cents, float) + cost[choice] > caps.per_customer_cents
        choice[over] = 0
    if caps.budget_cents is not None:
        order = np.argsort(-cost[choice], kind="stable")
        running = np.cumsum(cost[choice][order])
        choice[order[running > caps.budget_cents]] = 0
    return choice
