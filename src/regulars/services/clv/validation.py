"""Holdout validation: fit on the calibration period, predict the holdout, compare with what
happened.

The calibration period ends the day before ``holdout_start``; the holdout runs from
``holdout_start``
through ``holdout_end`` (default: the last sale). Every purchase model is fitted to the calibration
summary; each predicts every customer's repeat purchase days in the holdout. The result has, per
model, the predicted and actual totals, the table per calibration-frequency bucket (0..6, 7+) and
the cumulative repeat purchases per holdout week; the model with the lowest mean absolute error
per customer is chosen and said. Saved in the database (``_models``) for the dashboard.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from regulars.analytics.clv import check_data_sufficiency, compare_models, holdout_table
from regulars.errors import InputError
from regulars.services.clv.fitting import fit_purchase_model
from regulars.services.clv.saved import MODEL_CLASSES, save_validation
from regulars.services.clv.summary import (
    TIME_UNITS,
    UNIT_WORDS,
    Summary,
    check_time_unit,
    customer_summaries,
    holdout_by_period,
    last_sale_day,
)
from regulars.services.workspace import Workspace

#: Holdout periods are weeks.
PERIOD_DAYS = 7


def _cumulative_predictions(model, summary: Summary, length: float, n_periods: int) -> list[float]:
    """Sum over customers of expected repeat purchases by the end of each holdout week."""
    step = PERIOD_DAYS / TIME_UNITS[summary.time_unit]
    ends = [min((k + 1) * step, length) for k in range(n_periods)]
    args = (summary.frequency, summary.recency, summary.T)
    return [float(model.conditional_expected_purchases(t, *args).sum()) for t in ends]


def _model_result(
    key: str, summary: Summary, length: float, actual_weekly: np.ndarray
) -> tuple[dict, np.ndarray | None]:
    model = fit_purchase_model(key, summary)
    fit = {
        "model": model.model_name,
        "key": key,
        "params": model.params_,
        "standard_errors": model.standard_errors_,
        "log_likelihood": model.log_likelihood_,
        "converged": model.converged_,
        "message": model.message_,
        "problem": model.problem(),  # not converged, or parameters not identified: not compared
    }
    if fit["problem"]:
        return fit, None
    predicted = model.conditional_expected_purchases(
        length, summary.frequency, summary.recency, summary.T
    )
    table = holdout_table(summary.frequency, predicted, summary.holdout)
    fit.update(
        {
            "total_predicted": table.total_predicted,
            "total_actual": table.total_actual,
            "by_frequency": table.rows(),
            "explanation": table.explanation,
            "cumulative_predicted": _cumulative_predictions(
                model, summary, length, actual_weekly.size
            ),
        }
    )
    return fit, predicted


def validate_clv(
    ws: Workspace,
    holdout_start: dt.date,
    holdout_end: dt.date | None = None,
    time_unit: str = "week",
    models: tuple[str, ...] = tuple(MODEL_CLASSES),
    *,
    save: bool = True,
) -> dict:
    """Compare the models on a holdout period; the document that is saved."""
    check_time_unit(time_unit)
    calibration_end = holdout_start - dt.timedelta(days=1)
    holdout_end = holdout_end or last_sale_day(ws)
    if holdout_end is None or holdout_end < holdout_start:
        raise InputError(
            f"no sales from {holdout_start} on to validate against: choose an earlier "
            "--holdout-start"
        )
    summary = customer_summaries(ws, calibration_end, time_unit, holdout_end=holdout_end)
    if summary.size == 0:
        raise InputError(
            f"no customer bought before {holdout_start}: choose a later --holdout-start"
        )
    length = (holdout_end - calibration_end).days / TIME_UNITS[time_unit]
    weekly = holdout_by_period(ws, calibration_end, holdout_end, PERIOD_DAYS)
    document = {
        "calibration_end": calibration_end.isoformat(),
        "holdout_start": holdout_start.isoformat(),
        "holdout_end": holdout_end.isoformat(),
        "time_unit": time_unit,
        "holdout_length": length,
        "customers": summary.size,
        "actual_total": float(summary.holdout.sum()),
        "actual_weekly_cumulative": np.cumsum(weekly).tolist(),
        "models": [],
        "chosen": None,
        "validated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    sufficiency = check_data_sufficiency(
        summary.frequency, summary.recency, summary.T, time_unit=UNIT_WORDS[time_unit]
    )
    if not sufficiency.sufficient:
        document.update(
            method="heuristic", explanation="No model was validated. " + sufficiency.explanation
        )
        return _saved(ws, document, save)
    predictions = {}
    for key in models:
        fit, predicted = _model_result(key, summary, length, weekly)
        document["models"].append(fit)
        if predicted is not None:
            predictions[fit["model"]] = predicted
    document.update(method="model", **_comparison(summary, predictions, document["models"]))
    return _saved(ws, document, save)


def _comparison(summary: Summary, predictions: dict, fits: list[dict]) -> dict:
    failed = [f"{f['model']} ({f['problem']})" for f in fits if f.get("problem")]
    note = f" Not compared: {'; '.join(failed)}." if failed else ""
    if not predictions:
        return {
            "chosen": None,
            "explanation": "No model gave a usable fit on the calibration period." + note,
        }
    result = compare_models(summary.holdout, predictions)
    chosen = next(f for f in fits if f["model"] == result.better)
    for f in fits:
        f["mean_absolute_error"] = result.mean_absolute_error.get(f["model"])
    text = (
        f"Chosen model: {result.better} (regulars clv fit --model {chosen['key']}). "
        f"{result.explanation}"
        f" {chosen['explanation']}{note}"
    )
    return {"chosen": result.better, "chosen_key": chosen["key"], "explanation": text}


def _saved(ws: Workspace, document: dict, save: bool) -> dict:
    if save:
        document["path"] = str(save_validation(ws, document))
    return document
