"""Fitting a customer-lifetime model to the shop's orders and saving it in the workspace.

The purchase model (BG/NBD, Pareto/NBD or MBG/NBD) is fitted to the database summary; the
Gamma-Gamma spend model to the customers with repeat purchases of positive value. Below the data
minimums (``analytics.clv.check_data_sufficiency``), or when the purchase model does not converge,
nothing is trusted: the saved document says why and predictions use the transparent heuristics.
"""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np

from regulars.analytics.clv import ConvergenceWarning, GammaGammaModel, check_data_sufficiency
from regulars.errors import InputError
from regulars.services.clv.saved import FORMAT, MODEL_CLASSES, check_model, save_model
from regulars.services.clv.summary import (
    UNIT_WORDS,
    Summary,
    check_time_unit,
    customer_summaries,
    day_of,
)
from regulars.services.workspace import Workspace

#: The spend model needs at least this many repeat buyers with a positive average spend.
MIN_SPEND_CUSTOMERS = 20
#: Penalty of the second try at the spend model (sum of squared parameters, per customer).
SPEND_PENALIZER = 1e-4


def fit_purchase_model(model: str, summary: Summary):
    """A fitted purchase model (convergence problems are reported on the model, not raised)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return MODEL_CLASSES[check_model(model)]().fit(
            summary.frequency, summary.recency, summary.T
        )


def fit_spend_model(summary: Summary) -> tuple[GammaGammaModel | None, str | None]:
    """The Gamma-Gamma model on repeat buyers with a positive average spend, or None and why not.

    Unpenalised first (it reproduces the papers); when that runs away (spend per order that hardly
    varies within a customer drives p to infinity) once more with a small penalty, and the note says
    so.
    """
    usable = (summary.frequency > 0) & (summary.monetary_value > 0)
    if int(usable.sum()) < MIN_SPEND_CUSTOMERS:
        return (
            None,
            f"only {int(usable.sum())} repeat buyers with a positive spend (the spend model needs "
            f"{MIN_SPEND_CUSTOMERS})",
        )
    note = None
    for penalizer in (0.0, SPEND_PENALIZER):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            spend = GammaGammaModel(penalizer=penalizer).fit(
                summary.frequency[usable], summary.monetary_value[usable]
            )
        if spend.converged_ and spend.params_["q"] > 1:
            return spend, note
        note = (
            f"the unpenalised spend model did not settle ({spend.message_}); "
            f"refitted with penalizer {SPEND_PENALIZER:g}"
        )
    return None, f"the spend model did not converge ({spend.message_}): CLV is not predicted"


def _sufficiency_dict(result) -> dict:
    return {
        "sufficient": result.sufficient,
        "customers": result.n_customers,
        "repeat_buyers": result.n_repeat_buyers,
        "typical_gap": None if not np.isfinite(result.typical_gap) else result.typical_gap,
        "history_length": result.history_length,
        "reasons": list(result.reasons),
        "explanation": result.explanation,
    }


def fit_document(model: str, summary: Summary) -> dict:
    """Fit to a summary and describe the outcome as the JSON document that is saved."""
    sufficiency = check_data_sufficiency(
        summary.frequency, summary.recency, summary.T, time_unit=UNIT_WORDS[summary.time_unit]
    )
    purchase = spend = None
    fallback = spend_note = None
    if not sufficiency.sufficient:
        fallback = sufficiency.explanation
    else:
        purchase = fit_purchase_model(model, summary)
        if not purchase.converged_:
            fallback = (
                f"The {purchase.model_name} fit did not converge ({purchase.message_}); "
                "predictions use the heuristic scores instead."
            )
        spend, spend_note = fit_spend_model(summary)
    return {
        "format": FORMAT,
        "model_key": model,
        "model": MODEL_CLASSES[model].model_name,
        "fitted_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "summary_settings": summary.settings(),
        "data": {
            "customers": summary.size,
            "repeat_buyers": int(np.sum(summary.frequency > 0)),
            "first_purchase": None,
            "purchase_days": int(summary.frequency.sum() + summary.size),
        },
        "sufficiency": _sufficiency_dict(sufficiency),
        "purchase_model": purchase.to_dict() if purchase is not None else None,
        "spend_model": spend.to_dict() if spend is not None else None,
        "spend_note": spend_note,
        "fallback": fallback,
        "method": "heuristic" if fallback else "model",
        "explanation": _explain(purchase, spend, fallback, spend_note),
    }


def _explain(purchase, spend, fallback, spend_note) -> str:
    if fallback:
        return "Heuristic fallback: " + fallback
    text = purchase.summary().explanation
    if spend is not None:
        text += (
            " Spend: "
            + spend.summary().explanation
            + (f" Note: {spend_note}." if spend_note else "")
        )
    elif spend_note:
        text += f" No spend model ({spend_note}): CLV is not predicted."
    return text


def fit_clv(
    ws: Workspace,
    model: str = "bgnbd",
    calibration_end: dt.date | None = None,
    time_unit: str = "week",
    *,
    save: bool = True,
) -> dict:
    """Summarise in the database, fit, and save the model (``_models``); the saved document."""
    check_model(model)
    check_time_unit(time_unit)
    summary = customer_summaries(ws, calibration_end, time_unit)
    if summary.size == 0:
        raise InputError(f"no customer bought by {summary.calibration_end}: nothing to fit")
    document = fit_document(model, summary)
    document["data"]["first_purchase"] = day_of(int(summary.first_day.min())).isoformat()
    if save:
        document["path"] = str(save_model(ws, document))
    return document
