"""Buy-till-you-die customer-lifetime models, written with numpy and scipy only.

* :class:`BetaGeoModel` (BG/NBD, Fader, Hardie & Lee 2005), :class:`ParetoNBDModel`
  (Schmittlein et al. 1987), :class:`ModifiedBetaGeoModel` (MBG/NBD, Batislam et al. 2007):
  ``fit(frequency, recency, T, weights=None)``; conditional expected purchases, P(alive),
  P(at least one purchase), time to next purchase.
* :class:`GammaGammaModel` (Fader, Hardie & Lee 2005, "RFM and CLV"): ``fit(frequency,
  monetary_value)``; conditional expected spend.
* :func:`customer_lifetime_value`, :func:`score_customers`, churn-risk tiers and reasons in words,
  a heuristic fallback for thin data, and holdout validation.

Pure: nothing here touches the store, the services or an adapter.
"""

from __future__ import annotations

from regulars.analytics.clv.bgnbd import BetaGeoModel
from regulars.analytics.clv.estimation import ConvergenceWarning, merge_identical_rows
from regulars.analytics.clv.fitted import FittedModel
from regulars.analytics.clv.gammagamma import GammaGammaModel
from regulars.analytics.clv.heuristics import check_data_sufficiency, heuristic_scores
from regulars.analytics.clv.mbgnbd import ModifiedBetaGeoModel
from regulars.analytics.clv.paretonbd import ParetoNBDModel
from regulars.analytics.clv.results import (
    CustomerScores,
    DataSufficiency,
    FitResult,
    HeuristicScores,
    HoldoutComparison,
    ModelComparison,
)
from regulars.analytics.clv.risk import (
    ACTIVE_THRESHOLD,
    LAPSED_THRESHOLD,
    describe_duration,
    explain_customers,
    risk_tiers,
    round_p_alive,
)
from regulars.analytics.clv.validation import compare_models, holdout_table
from regulars.analytics.clv.value import customer_lifetime_value, score_customers
from regulars.errors import NotFittedError  # the one error tree; exported here for model users

MODELS: dict[str, type[FittedModel]] = {
    m.model_name: m for m in (BetaGeoModel, ParetoNBDModel, ModifiedBetaGeoModel, GammaGammaModel)
}


def model_from_dict(data: dict) -> FittedModel:
    """Rebuild any saved model from its ``to_dict()`` output (dispatching on ``data["model"]``)."""
    from regulars.errors import InputError

    if data.get("model") not in MODELS:
        raise InputError(f"unknown saved model {data.get('model')!r}; known: {', '.join(MODELS)}")
    return MODELS[data["model"]].from_dict(data)


__all__ = [
    "ACTIVE_THRESHOLD",
    "LAPSED_THRESHOLD",
    "MODELS",
    "BetaGeoModel",
    "ConvergenceWarning",
    "CustomerScores",
    "DataSufficiency",
    "FitResult",
    "FittedModel",
    "GammaGammaModel",
    "HeuristicScores",
    "HoldoutComparison",
    "ModelComparison",
    "ModifiedBetaGeoModel",
    "NotFittedError",
    "ParetoNBDModel",
    "check_data_sufficiency",
    "compare_models",
    "customer_lifetime_value",
    "describe_duration",
    "explain_customers",
    "heuristic_scores",
    "holdout_table",
    "merge_identical_rows",
    "model_from_dict",
    "risk_tiers",
    "round_p_alive",
    "score_customers",
]
