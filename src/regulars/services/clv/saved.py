"""Saved customer-lifetime models: JSON files in the workspace's ``models/`` folder.

``models/clv-<model>.json`` (model: bgnbd, pareto, mbgnbd) holds the purchase model and the spend
model (their ``to_dict()``), the summary settings they were fitted with (calibration end, time unit),
the data-sufficiency verdict and, when the data were too thin or the fit failed, the reason the
heuristic fallback is used. ``models/clv-validation.json`` holds the last holdout validation.
Pages and predictions only read these files; only ``fit`` and ``validate`` write them.
"""

from __future__ import annotations

import json
from pathlib import Path

from regulars.analytics.clv import BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel
from regulars.errors import InputError, NotFoundError
from regulars.services import cache
from regulars.services.workspace import Workspace

#: Command-line names of the purchase models.
MODEL_CLASSES = {"bgnbd": BetaGeoModel, "pareto": ParetoNBDModel, "mbgnbd": ModifiedBetaGeoModel}
VALIDATION_FILE = "clv-validation.json"
FORMAT = "regulars-clv/1"


def check_model(model: str) -> str:
    if model not in MODEL_CLASSES:
        raise InputError(f"unknown model {model!r}; use one of: {', '.join(MODEL_CLASSES)}")
    return model


def models_dir(ws: Workspace) -> Path:
    return ws.path / "models"


def model_path(ws: Workspace, model: str) -> Path:
    return models_dir(ws) / f"clv-{check_model(model)}.json"


def _write(path: Path, document: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(json.dumps(document, indent=2, default=str), encoding="utf-8")
    tmp.replace(path)  # readers never see half a file
    cache.models_changed()
    return path


def save_model(ws: Workspace, document: dict) -> Path:
    return _write(model_path(ws, document["model_key"]), document)


def saved_models(ws: Workspace) -> list[dict]:
    """Every saved model document, newest fit first."""
    found = []
    for key in MODEL_CLASSES:
        path = model_path(ws, key)
        if path.exists():
            found.append(_read(path))
    return sorted(found, key=lambda d: d.get("fitted_at", ""), reverse=True)


def load_model(ws: Workspace, model: str | None = None) -> dict:
    """The saved model ``model``, or the most recently fitted one; NotFoundError when none."""
    if model is not None:
        path = model_path(ws, model)
        if not path.exists():
            raise NotFoundError(f"no saved {model} model: run regulars clv fit --model {model}")
        return _read(path)
    found = saved_models(ws)
    if not found:
        raise NotFoundError("no customer-lifetime model is saved yet: run regulars clv fit")
    return found[0]


def _read(path: Path) -> dict:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable saved model ({exc}); fit again with regulars clv fit") from exc
    if document.get("format") != FORMAT:
        raise InputError(f"{path}: not a saved model of this version; fit again with regulars clv fit")
    return document


def save_validation(ws: Workspace, document: dict) -> Path:
    return _write(models_dir(ws) / VALIDATION_FILE, document)


def load_validation(ws: Workspace) -> dict | None:
    path = models_dir(ws) / VALIDATION_FILE
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
