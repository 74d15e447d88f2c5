"""Saved customer-lifetime models: JSON documents in the workspace's database (``_models``), so a
second server or a Spark deployment sees the same models as the one that fitted them.

A model document (model: bgnbd, pareto, mbgnbd) holds the purchase model and the spend model (their
``to_dict()``), the summary settings they were fitted with (calibration end, time unit), the
data-sufficiency verdict and, when the data were too thin or the fit failed, the reason the
heuristic
fallback is used. The ``validation`` document holds the last holdout validation. Pages and
predictions
only read them; only ``fit`` and ``validate`` write them. Saving one is a write transaction, so
cached
results see it at once (``services.cache``). Model files that an older Regulars wrote in the
folder's
``models/`` are ignored: fit again (``regulars clv fit``).
"""

from __future__ import annotations

import json

from regulars.analytics.clv import BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel
from regulars.errors import InputError, NotFoundError
from regulars.services.workspace import Workspace
from regulars.store import models as stored

#: Command-line names of the purchase models.
MODEL_CLASSES = {"bgnbd": BetaGeoModel, "pareto": ParetoNBDModel, "mbgnbd": ModifiedBetaGeoModel}
VALIDATION = "validation"
FORMAT = "regulars-clv/1"
_MODEL, _VALIDATION = "clv-model", "clv-validation"


def check_model(model: str) -> str:
    if model not in MODEL_CLASSES:
        raise InputError(f"unknown model {model!r}; use one of: {', '.join(MODEL_CLASSES)}")
    return model


def _where(name: str) -> str:
    return f"{name!r} in the workspace's database (table _models)"


def save_model(ws: Workspace, document: dict) -> str:
    """Save (or replace) the document of its ``model_key``; where it was saved, in words."""
    name = check_model(document["model_key"])
    stored.save_document(ws.store, name, _MODEL, document)
    return _where(name)


def saved_models(ws: Workspace) -> list[dict]:
    """Every saved model document, newest fit first."""
    texts = stored.documents(ws.store, _MODEL)
    found = [_read(name, text) for name, text in texts.items() if name in MODEL_CLASSES]
    return sorted(found, key=lambda d: d.get("fitted_at", ""), reverse=True)


def load_model(ws: Workspace, model: str | None = None) -> dict:
    """The saved model ``model``, or the most recently fitted one; NotFoundError when none."""
    if model is not None:
        text = stored.document(ws.store, check_model(model))
        if text is None:
            raise NotFoundError(f"no saved {model} model: run regulars clv fit --model {model}")
        return _read(model, text)
    found = saved_models(ws)
    if not found:
        raise NotFoundError("no customer-lifetime model is saved yet: run regulars clv fit")
    return found[0]


def _read(name: str, text: str) -> dict:
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise InputError(
            f"saved {_where(name)}: not readable ({exc}); fit again with regulars clv fit"
        ) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(
            f"saved {_where(name)}: not a model of this version; fit again with regulars clv fit"
        )
    return document


def save_validation(ws: Workspace, document: dict) -> str:
    stored.save_document(ws.store, VALIDATION, _VALIDATION, document)
    return _where(VALIDATION)


def load_validation(ws: Workspace) -> dict | None:
    text = stored.document(ws.store, VALIDATION)
    try:
        return None if text is None else json.loads(text)
    except ValueError:
        return None
