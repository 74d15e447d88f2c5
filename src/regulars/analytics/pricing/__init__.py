"""Price response: a log-log demand model per product, pooled across a category, refused when
the prices barely moved; price tests; margin-maximising suggestions inside guardrails."""

from regulars.analytics.pricing.elasticity import (
    MIN_PRICE_MOVE,
    Elasticities,
    ProductElasticity,
    fit_elasticities,
)
from regulars.analytics.pricing.guardrails import Guardrails, allowed_range
from regulars.analytics.pricing.price_test import PriceTest, design_price_test
from regulars.analytics.pricing.suggest import Suggestion, suggest_price

__all__ = [
    "MIN_PRICE_MOVE",
    "Elasticities",
    "Guardrails",
    "PriceTest",
    "ProductElasticity",
    "Suggestion",
    "allowed_range",
    "design_price_test",
    "fit_elasticities",
    "suggest_price",
]
