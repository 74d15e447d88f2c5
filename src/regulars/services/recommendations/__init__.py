"""Recommendations: fit (backtest per placement against popularity, choose, precompute), serve
(a customer's list, a product's related products, with reasons), rules, and the email export that
goes out through the approval queue."""

from regulars.services.recommendations.email import email_rows, propose_recommendation_email
from regulars.services.recommendations.fitting import FitReport, fit_recommendations
from regulars.services.recommendations.overview import (
    RecommendationsOverview,
    recommendations_overview,
)
from regulars.services.recommendations.serving import (
    CustomerRecommendations,
    Recommendation,
    RelatedProducts,
    recommendations_for,
    related_products,
)
from regulars.services.recommendations.settings import Rules, recommendation_rules, set_rules

__all__ = [
    "CustomerRecommendations",
    "FitReport",
    "Recommendation",
    "RecommendationsOverview",
    "RelatedProducts",
    "Rules",
    "email_rows",
    "fit_recommendations",
    "propose_recommendation_email",
    "recommendation_rules",
    "recommendations_for",
    "recommendations_overview",
    "related_products",
    "set_rules",
]
