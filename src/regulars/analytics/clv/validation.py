"""Checking a model against a holdout period.

:func:`holdout_table`: predicted vs actual holdout repeat purchases per calibration-frequency bucket
(0, 1, ..., 7+), the check of Fader, Hardie & Lee (2005) Figure 4, plus totals.
:func:`compare_models`: mean absolute error per customer and total error, naming the better model.
"""

from __future__ import annotations

import numpy as np

from regulars.analytics.clv.estimation import as_float_array
from regulars.analytics.clv.results import HoldoutComparison, ModelComparison
from regulars.errors import InputError

#: Calibration frequencies at or above this are pooled into the last bucket ("7+").
TOP_BUCKET = 7


def holdout_table(
    frequency, predicted, actual, *, top_bucket: int = TOP_BUCKET
) -> HoldoutComparison:
    """Mean predicted and actual holdout purchases per calibration-frequency bucket."""
    x = as_float_array("frequency", frequency)
    pred = as_float_array("predicted", predicted, n=x.size)
    act = as_float_array("actual", actual, n=x.size)
    bucket = np.minimum(x, top_bucket).astype(int)
    counts = np.bincount(bucket, minlength=top_bucket + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_pred = np.bincount(bucket, weights=pred, minlength=top_bucket + 1) / counts
        mean_act = np.bincount(bucket, weights=act, minlength=top_bucket + 1) / counts
    labels = tuple(str(i) for i in range(top_bucket)) + (f"{top_bucket}+",)
    total_pred, total_act = float(pred.sum()), float(act.sum())
    diff = (total_pred - total_act) / total_act if total_act else float("nan")
    explanation = (
        f"Over the holdout period the model predicted {total_pred:,.0f} repeat purchases; the"
        f" {x.size:,} customers made {total_act:,.0f} ({diff:+.1%}). Per bucket of calibration"
        " purchases the table shows the average predicted and actual holdout purchases per "
        "customer."
    )
    return HoldoutComparison(
        labels, counts, mean_pred, mean_act, total_pred, total_act, explanation
    )


def compare_models(actual, predictions: dict[str, np.ndarray]) -> ModelComparison:
    """Compare models' holdout predictions against actual counts; the lower mean absolute error wins
    (total error breaks ties)."""
    if len(predictions) < 1:
        raise InputError("give at least one model's predictions to compare")
    act = as_float_array("actual", actual)
    mae, total = {}, {}
    for name, pred in predictions.items():
        p = as_float_array(f"predictions of {name}", pred, n=act.size)
        mae[name] = float(np.mean(np.abs(p - act)))
        total[name] = float(p.sum() - act.sum())
    better = min(mae, key=lambda n: (mae[n], abs(total[n])))
    shown = "; ".join(
        f"{n}: off by {mae[n]:.3f} purchases per customer, {total[n]:+,.0f} in total"
        for n in predictions
    )
    explanation = f"{better} predicted the holdout best ({shown})."
    return ModelComparison(mae, total, better, explanation)
