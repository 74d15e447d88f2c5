"""Forecast, Pipeline and Leads: the API and the dashboard page say the same (in-process, no
browser); a bad request is a 422 in words, never a 500."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "_api_conftest", Path(__file__).parents[1] / "api" / "conftest.py"
)
_api = sys.modules.setdefault("_api_conftest", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(_api)
demo_template, shop = _api.demo_template, _api.shop


def test_forecast_api_and_page_agree(shop):
    answer = shop.get("/api/v1/forecast?metric=orders&period=week&horizon=4", role="viewer")
    assert answer.status_code == 200
    body = answer.json()
    assert len(body["total"]["points"]) == 4 and body["total"]["backtest"]
    shop.log_in("viewer")
    page = shop.client.get("/forecast?metric=orders&period=week&horizon=4")
    assert page.status_code == 200 and body["sentences"][0] in page.text
    assert 'href="/forecast"' in page.text
    bad = shop.get("/api/v1/forecast?metric=orders&by=category", role="viewer")
    assert bad.status_code == 422 and "cannot be split" in bad.text
    assert shop.client.get("/forecast?metric=orders&by=category").status_code == 422
    assert shop.get("/api/v1/forecast/accuracy", role="viewer").json() == {"forecasts": []}


def test_pipeline_api_and_page_agree(shop):
    body = shop.get("/api/v1/pipeline", role="viewer").json()
    shop.log_in("viewer")
    page = shop.client.get("/pipeline")
    assert page.status_code == 200
    assert all(s in page.text for s in body["sentences"])


def test_leads_api_and_page_agree(shop):
    scores = shop.get("/api/v1/leads/scores", role="viewer").json()
    to_call = shop.get("/api/v1/leads/to-call?limit=3", role="viewer").json()["leads"]
    shop.log_in("viewer")
    page = shop.client.get("/leads")
    assert page.status_code == 200 and scores["explanation"] in page.text
    assert all(lead["lead_id"] in page.text for lead in to_call)
    one = shop.get(f"/api/v1/leads/{to_call[0]['lead_id']}", role="viewer").json()
    assert one["lead"]["lead_id"] == to_call[0]["lead_id"]
    assert shop.get("/api/v1/leads/nobody", role="viewer").status_code == 404
