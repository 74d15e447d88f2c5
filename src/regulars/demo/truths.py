"""Every planted truth, as data, so each analysis can be tested for recovering it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Truths:
    """Planted truths. All values are JSON-native (dates as ISO strings, money in cents)."""

    seed: int
    customers: int
    start: str  # first simulated day (ISO date)
    end: str  # last simulated day (ISO date)
    #: BG/NBD parameters for ordinary customers and discount hunters.
    btyd: dict
    #: customer_id -> group (ordinary, subscriber, discount_hunter, gift_buyer, lapsed, wholesale).
    customer_groups: dict[str, str]
    group_counts: dict[str, int]
    #: customer_id -> {lambda, p, alive_at_end} for BTYD customers (empty in orders-only mode).
    btyd_customers: dict[str, dict] = field(default_factory=dict)
    #: Planted group rules: lapsed quiet days, subscription cadence, discount code
    #: probabilities, gift season.
    group_rules: dict = field(default_factory=dict)
    #: Seasonality: weekday weights, Black Friday dates, holiday factors, the promotions
    #: (code, percent, dates).
    seasonality: dict = field(default_factory=dict)
    promotions: list[dict] = field(default_factory=list)
    #: Per campaign: planted open/click/conversion rates, realised counts, spend, revenue,
    #: ROI, holdout.
    campaigns: list[dict] = field(default_factory=list)
    #: Planted site conversion rate (sessions with a checkout / sessions) and realised counts.
    site_conversion: dict = field(default_factory=dict)
    #: The shipping-delay month and the normal vs planted share of shipping complaints,
    #: ratings and CSAT.
    shipping_delay: dict = field(default_factory=dict)
    #: Wholesale pipeline: planted and realised win rate and sales cycle.
    sales: dict = field(default_factory=dict)
    #: Per experiment: planted per-arm rates and lift, realised per-arm counts.
    experiments: list[dict] = field(default_factory=list)
    #: competitor_id -> planted price index and realised median index.
    competitors: dict[str, dict] = field(default_factory=dict)
    #: Customers whose latest marketing consent is a refusal (sorted ids).
    marketing_refused: list[str] = field(default_factory=list)
    #: Content: the most-read content ids, in order.
    content: dict = field(default_factory=dict)
    #: Recommendations: the planted co-purchase (dripper and filters) and favourite-bean share.
    recommendations: dict = field(default_factory=dict)
    #: Prices: planted elasticity per product, the product refused (its price barely moved), the
    #: substitutes that take the lines a higher price loses (``demo.prices``).
    pricing: dict = field(default_factory=dict)
    #: Offers: the planted purchase rate per group and offer of the logged offer test, the best
    #: offer per group, the realised [offered, bought] counts (``demo.offers``).
    offers: dict = field(default_factory=dict)
    #: The customer assistant: the FAQ's ids and planted questions with the entry that answers.
    assistant: dict = field(default_factory=dict)
    #: Row counts per table.
    row_counts: dict[str, int] = field(default_factory=dict)
    #: Documentation of the money arithmetic and other conventions.
    notes: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)
