"""Model cards through the API (/api/v1/models) and the dashboard's Models page (in-process, no
browser): none before a fit, then a card per saved model with the same numbers on both; the nav
links the page; an unknown model is a 404, never a 500."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from regulars.services.clv import fit_clv
from regulars.services.workspace import Workspace

_spec = importlib.util.spec_from_file_location(
    "_api_conftest", Path(__file__).parents[1] / "api" / "conftest.py"
)
_api = sys.modules.setdefault("_api_conftest", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(_api)
demo_template, shop = _api.demo_template, _api.shop


def test_cards_before_and_after_a_fit(shop):
    assert shop.get("/api/v1/models", role="viewer").json() == {"models": []}
    shop.log_in("viewer")
    empty = shop.client.get("/models")
    assert empty.status_code == 200 and 'id="no-models"' in empty.text
    assert 'href="/models"' in empty.text
    with Workspace.open(shop.path) as ws:
        document = fit_clv(ws, "bgnbd")
    answer = shop.get("/api/v1/models", role="viewer")
    assert answer.status_code == 200
    [card] = answer.json()["models"]
    assert card["name"] == "bgnbd" and card["last_trained"] == document["fitted_at"]
    assert card["data_to"] == document["summary_settings"]["calibration_end"]
    assert card["method"] == document["method"]
    assert card["validation"]["method"] == "none"
    assert shop.get("/api/v1/models/bgnbd").json() == card
    page = shop.client.get("/models")
    assert 'id="model-bgnbd"' in page.text and 'id="no-models"' not in page.text
    assert card["data_from"] in page.text and "Not validated yet" in page.text


def test_unknown_model_is_404(shop):
    answer = shop.get("/api/v1/models/nope")
    assert answer.status_code == 404 and "nope" in answer.text
    assert shop.client.get("/api/v1/models").status_code == 401
