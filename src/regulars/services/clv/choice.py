"""The default purchase model, chosen by the holdout check the product already runs, in words.

BG/NBD takes every customer who ordered once to be still active (P(alive) 100%, however long ago),
so the automatic choice is between the models that let a one-time buyer lapse: MBG/NBD and
Pareto/NBD. The last ``HOLDOUT_WEEKS`` (at most a third of the history) are held out, every model
is fitted on the days before and predicts them (``validate_clv``); the candidate that predicted
them best, among fits that converged and pin their parameters down, is the default. When the
check cannot run (too short a history, too few customers) MBG/NBD is used and the reason says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from regulars.errors import InputError
from regulars.services.clv.saved import MODEL_CLASSES
from regulars.services.clv.summary import Summary, day_of
from regulars.services.clv.validation import validate_clv
from regulars.services.workspace import Workspace

AUTO = "auto"
#: The automatic choice's models, the fallback first: both let a one-time buyer lapse.
CANDIDATES = ("mbgnbd", "pareto")
HOLDOUT_WEEKS = 26
#: A shorter holdout than this tells too little to choose by.
MIN_HOLDOUT_WEEKS = 8
WHY_NOT_BGNBD = "BG/NBD is not chosen by default: it takes every one-time buyer to be still active"


@dataclass(frozen=True)
class ModelChoice:
    """The purchase models to try in order, and why, in words."""

    order: tuple[str, ...]
    reason: str


def _name(key: str) -> str:
    return MODEL_CLASSES[key].model_name


def choose_model(ws: Workspace, summary: Summary) -> ModelChoice:
    """The candidates in the order to try them: the holdout check's best first."""
    end = summary.calibration_end
    history_weeks = (end - day_of(int(summary.first_day.min()))).days // 7
    weeks = min(HOLDOUT_WEEKS, history_weeks // 3)
    fallback = f"{_name(CANDIDATES[0])}, the default when no holdout check can choose"
    if weeks < MIN_HOLDOUT_WEEKS:
        why = f"the {history_weeks} weeks of history are too short to hold out {MIN_HOLDOUT_WEEKS}"
        return ModelChoice(CANDIDATES, f"{fallback} ({why}). {WHY_NOT_BGNBD}.")
    start = end - dt.timedelta(weeks=weeks) + dt.timedelta(days=1)
    try:
        check = validate_clv(ws, start, end, summary.time_unit, save=False)
    except InputError as exc:
        return ModelChoice(CANDIDATES, f"{fallback} ({exc}). {WHY_NOT_BGNBD}.")
    errors = {
        f["key"]: f["mean_absolute_error"]
        for f in check["models"]
        if f.get("mean_absolute_error") is not None
    }
    ranked = sorted((k for k in CANDIDATES if k in errors), key=errors.get)
    if not ranked:
        why = check["explanation"].split(". ")[0] if check.get("explanation") else "no fit"
        return ModelChoice(CANDIDATES, f"{fallback} ({why}). {WHY_NOT_BGNBD}.")
    best = ranked[0]
    others = "; ".join(f"{_name(k)}: {errors[k]:.3f}" for k in errors if k != best)
    reason = (
        f"{_name(best)}, chosen by a holdout check: fitted on the orders up to "
        f"{start - dt.timedelta(days=1)}, it predicted the {weeks} weeks after best among the "
        f"models that let a one-time buyer lapse (off by {errors[best]:.3f} purchases per "
        f"customer{'; ' + others if others else ''}). {WHY_NOT_BGNBD}."
    )
    return ModelChoice((best, *[k for k in CANDIDATES if k != best]), reason)
