"""Offers: which offer for which coarse group of customers, learned by Thompson sampling with a
permanent holdout and caps; off-policy evaluation on logged offers; incrementality against the
holdout; a fairness audit of who got what."""

from regulars.analytics.offers.bandit import OFFERS, Caps, Offer, OfferBandit
from regulars.analytics.offers.fairness import FairnessAudit, audit_fairness
from regulars.analytics.offers.incrementality import (
    Incrementality,
    OfferStats,
    incrementality,
    incrementality_of,
)
from regulars.analytics.offers.ope import PolicyValue, evaluate_policy

__all__ = [
    "OFFERS",
    "Caps",
    "FairnessAudit",
    "Incrementality",
    "Offer",
    "OfferBandit",
    "OfferStats",
    "PolicyValue",
    "audit_fairness",
    "evaluate_policy",
    "incrementality",
    "incrementality_of",
]
