"""Lead scores: the calibrated probability that a lead converts, from its attributes, by a
regularised logistic regression or gradient boosting (scikit-learn) chosen on a time split, with
each lead's top factors in words (exact for the linear model, a stated approximation for trees),
and a transparent points score when there are too few leads or conversions for a model."""

from __future__ import annotations

from regulars.analytics.leads.model import (
    MIN_CONVERSIONS,
    MIN_LEADS,
    Factor,
    LeadModel,
    Validation,
    encode,
    fit_lead_model,
)
from regulars.analytics.leads.points import DEFAULT_POINTS, points_score

__all__ = [
    "DEFAULT_POINTS",
    "MIN_CONVERSIONS",
    "MIN_LEADS",
    "Factor",
    "LeadModel",
    "Validation",
    "encode",
    "fit_lead_model",
    "points_score",
]
