"""Customer lifetime value, churn risk and next purchase from the shop's orders.

* :mod:`.summary`: frequency, recency, T and average repeat spend per customer, in the database;
* :mod:`.fitting`: fit a buy-till-you-die model and save it in the workspace's database
(``_models``);
* :mod:`.predictions`: per-customer predictions with reasons, from the saved model only;
* :mod:`.profile`: one customer's prediction for their profile (``CustomerPrediction``);
* :mod:`.validation`: calibration / holdout comparison of the models.

The models themselves live in :mod:`regulars.analytics.clv` (pure numpy / scipy).
"""

from __future__ import annotations

from regulars.services.clv.fitting import fit_clv
from regulars.services.clv.predictions import (
    ClvPredictions,
    PredictionOptions,
    PredictionPage,
    predict_clv,
    predict_from_document,
)
from regulars.services.clv.profile import CustomerPrediction, customer_prediction, predict_clv_for
from regulars.services.clv.saved import MODEL_CLASSES, load_model, load_validation, saved_models
from regulars.services.clv.summary import TIME_UNITS, Summary, customer_summaries
from regulars.services.clv.validation import validate_clv

__all__ = [
    "MODEL_CLASSES",
    "TIME_UNITS",
    "ClvPredictions",
    "CustomerPrediction",
    "PredictionOptions",
    "PredictionPage",
    "Summary",
    "customer_prediction",
    "customer_summaries",
    "fit_clv",
    "load_model",
    "load_validation",
    "predict_clv",
    "predict_clv_for",
    "predict_from_document",
    "saved_models",
    "validate_clv",
]
