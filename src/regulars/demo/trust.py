"""The demo's planted proposals: what waits in the owner's inbox after `regulars demo` (the trust
centre, docs/trust.md). Plain data; ``services.proposals.demo`` plants them, reaching the segment's
customers who consent to the purpose."""

from __future__ import annotations

#: Each: action type, title, proposer (and whether a model), the RFM segment it reaches (None: no
#: customer), why, the expected effect (text, low, high, or the reason there is no interval).
DEMO_PROPOSALS: tuple[dict, ...] = (
    {
        "action_type": "offer_campaign",
        "title": "Win-back offer: 10% off the next order for 'At risk' customers",
        "proposed_by": "churn-model",
        "proposer_kind": "model",
        "segment": "At risk",
        "reason": "They bought often but not lately; the churn model gives them a falling chance "
        "of being active.",
        "effect": {
            "text": "extra orders within 60 days",
            "missing": "no holdout has measured a win-back offer in this shop yet",
        },
        "relies_on": "orders (RFM segment), CLV model; marketing consent",
        "consent_purpose": "marketing",
    },
    {
        "action_type": "price_change",
        "title": "Espresso blend 250 g: raise the price by 0.50",
        "proposed_by": "pricing-model",
        "proposer_kind": "model",
        "segment": None,
        "reason": "Orders of the espresso blend barely moved at the last two price changes.",
        "effect": {"text": "gross margin on the blend", "low": 0.005, "high": 0.035},
        "relies_on": "orders and order lines of the last year",
        "consent_purpose": None,
    },
    {
        "action_type": "recommendation_email",
        "title": "Recommend the new single origin to 'Loyal' customers",
        "proposed_by": "demo-analyst",
        "proposer_kind": "person",
        "segment": "Loyal",
        "reason": "Loyal customers buy a new origin within weeks of its launch more than others.",
        "effect": {
            "text": "orders of the new origin",
            "missing": "the recommendation model has no validated hit rate yet",
        },
        "relies_on": "orders (RFM segment); personalization and marketing consent",
        "consent_purpose": "marketing",
    },
)
