"""Fitting a customer-lifetime model to the shop's orders and saving it in the workspace.

The purchase model (BG/NBD, Pareto/NBD or MBG/NBD; by default the one a holdout check chooses,
``services.clv.choice``) is fitted to the database summary; the Gamma-Gamma spend model to the
customers with repeat purchases of positive value. Below the data minimums
(``analytics.clv.check_data_sufficiency``), or when no purchase model gives a usable fit (it did
not converge, or the data do not pin its parameters down), nothing is presented as a model: the
saved document says why in words and predictions use the rule-based estimate.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable

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


def _first_usable(order: tuple[str, ...], summary: Summary):
    """(key, fitted model, problems of the models tried before): the first usable fit of
    ``order``; when none is, the first model tried, and every problem."""
    tried, first = [], None
    for key in order:
        purchase = fit_purchase_model(key, summary)
        first = first or (key, purchase)
        problem = purchase.problem()
        if problem is None:
            return key, purchase, tried
        tried.append(f"the {purchase.model_name} fit could not be used: {problem}")
    return first[0], first[1], tried


def fit_document(model: str, summary: Summary, order=None, choice: str | None = None) -> dict:
    """Fit to a summary and describe the outcome as the JSON document that is saved (``order``:
    the models to try in turn, ``model`` alone by default; ``choice``: why, in words)."""
    sufficiency = check_data_sufficiency(
        summary.frequency, summary.recency, summary.T, time_unit=UNIT_WORDS[summary.time_unit]
    )
    purchase = spend = None
    fallback = spend_note = None
    tried: list[str] = []
    if not sufficiency.sufficient:
        fallback = sufficiency.explanation
    else:
        model, purchase, tried = _first_usable(tuple(order or (model,)), summary)
        if purchase.problem() is not None:
            fallback = "; ".join(tried) + "; predictions use the rule-based estimate instead."
            fallback = fallback[0].upper() + fallback[1:]
        spend, spend_note = fit_spend_model(summary)
    name = MODEL_CLASSES[model].model_name
    choice = choice or f"{name}, as asked (--model {model})"
    return {
        "format": FORMAT,
        "model_key": model,
        "model": name,
        "choice": choice,
        "not_used": tried if not fallback else [],
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
        "explanation": _explain(purchase, spend, fallback, spend_note, choice, tried),
    }


def _explain(purchase, spend, fallback, spend_note, choice: str, tried: list[str]) -> str:
    if fallback:
        return "Rule-based estimate, not a model: " + fallback
    text = f"Model: {choice.rstrip('.')}. " + "".join(f"{t[0].upper()}{t[1:]}. " for t in tried)
    text += purchase.summary().explanation
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
    model: str = "auto",
    calibration_end: dt.date | None = None,
    time_unit: str = "week",
    *,
    save: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Summarise in the database, fit, and save the model (``_models``); the saved document.

    ``model`` "auto" (the default): the model a holdout check chooses (``services.clv.choice``),
    the other candidate when its fit cannot be used. ``progress`` is told each of ``FIT_STEPS``
    as it starts."""
    from regulars.services.clv.choice import AUTO, choose_model

    say = progress or (lambda message: None)
    if model != AUTO:
        check_model(model)
    check_time_unit(time_unit)
    say(FIT_STEPS[0])
    summary = customer_summaries(ws, calibration_end, time_unit)
    if summary.size == 0:
        raise InputError(f"no customer bought by {summary.calibration_end}: nothing to fit")
    say(FIT_STEPS[1].format(customers=summary.size))
    if model == AUTO:
        choice = choose_model(ws, summary)
        say(FIT_STEPS[2].format(model=choice.order[0]))
        document = fit_document(choice.order[0], summary, choice.order, choice.reason)
    else:
        say(FIT_STEPS[2].format(model=model))
        document = fit_document(model, summary)
    document["data"]["first_purchase"] = day_of(int(summary.first_day.min())).isoformat()
    say(FIT_STEPS[3])
    if save:
        document["path"] = str(save_model(ws, document))
    return document


#: What a fit does, in order (said to ``progress``).
FIT_STEPS = (
    "Summarising each customer's purchases",
    "Choosing a model for {customers:,} customers",
    "Fitting {model} and the spend model",
    "Saving the model",
)
