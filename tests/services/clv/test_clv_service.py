"""Summaries in the database, saved models, predictions with reasons, the heuristic fallback, the
CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from regulars.cli import app
from regulars.errors import InputError, NotFoundError
from regulars.services.clv import (
    customer_prediction,
    customer_summaries,
    fit_clv,
    load_model,
    predict_clv,
)
from regulars.services.imports import import_file

ORDERS = """order_id,customer_id,ordered_at,total,status
o1,A,2024-01-01T09:00:00Z,10.00,paid
o2,A,2024-01-01T17:00:00Z,5.00,paid
o3,A,2024-01-15T10:00:00Z,20.00,paid
o4,A,2024-01-29T10:00:00Z,40.00,refunded
o5,A,2024-02-05T10:00:00Z,99.00,cancelled
o6,B,2024-01-08T10:00:00Z,7.00,
o7,B,2024-02-12T10:00:00Z,9.00,pending
o8,,2024-02-12T10:00:00Z,9.00,paid
o9,C,2024-02-19T10:00:00Z,30.00,paid
"""


@pytest.fixture
def small_shop(workspace, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS, encoding="utf-8")
    import_file(workspace, "orders", path)
    return workspace


def test_summary_conventions_in_the_database(small_shop):
    s = customer_summaries(small_shop, dt.date(2024, 2, 19), "week")
    rows = {
        c: (f, r, t, m)
        for c, f, r, t, m in zip(s.customer_id, s.frequency, s.recency, s.T, s.monetary_value)
    }
    # A: same-day orders count once; the cancelled order is not a sale; repeat days are Jan 15
    # and Jan 29
    assert rows["A"] == pytest.approx((2, 4.0, 7.0, 30.0))
    assert rows["B"] == pytest.approx((0, 0.0, 6.0, 0.0))  # the pending order is not a sale
    assert rows["C"] == pytest.approx((0, 0.0, 0.0, 0.0))
    assert list(s.spend) == pytest.approx([75.0, 7.0, 30.0])


def test_calibration_end_and_day_unit(small_shop):
    s = customer_summaries(
        small_shop, dt.date(2024, 1, 20), "day", holdout_end=dt.date(2024, 2, 19)
    )
    assert list(s.customer_id) == ["A", "B"]
    assert list(s.frequency) == [1, 0] and list(s.recency) == [14, 0] and list(s.T) == [19, 12]
    assert list(s.holdout) == [1, 0]
    with pytest.raises(InputError, match="time unit"):
        customer_summaries(small_shop, None, "month")


def test_thin_data_fall_back_to_heuristics_and_every_output_says_so(small_shop):
    document = fit_clv(small_shop, "bgnbd")
    assert document["method"] == "heuristic" and document["purchase_model"] is None
    assert "Not enough data" in document["fallback"]
    assert load_model(small_shop)["method"] == "heuristic"
    found = predict_clv(small_shop)
    assert found.method == "heuristic" and "not a fitted model" in found.note
    assert "not a fitted model" in found.explanation
    assert all(
        r["reason"].startswith("Heuristic (not a fitted model)") and r["p_alive"] is None
        for r in found.customers
    )
    one = customer_prediction(small_shop, "B")
    assert one.available and one.method == "heuristic" and one.reason.startswith("Heuristic")
    assert one.message is None and one.customer_id == "B"


def test_predict_without_a_saved_model_says_how_to_fit(small_shop):
    with pytest.raises(NotFoundError, match="regulars clv fit"):
        predict_clv(small_shop)
    none = customer_prediction(small_shop, "A")
    assert none.available is False and "regulars clv fit" in none.message
    assert none.customer_id is None and none.reason is None


def test_cli_fit_predict_validate_json(small_shop):
    runner = CliRunner()
    ws = ["--workspace", str(small_shop.path)] + (
        ["--database", small_shop.settings.database] if small_shop.settings.database else []
    )
    small_shop.close()
    fit = runner.invoke(app, ["clv", "fit", "--time-unit", "day", "--json", *ws])
    assert fit.exit_code == 0, fit.output
    assert json.loads(fit.output)["summary_settings"]["time_unit"] == "day"
    predicted = runner.invoke(app, ["clv", "predict", "--horizon", "6", "--json", *ws])
    assert predicted.exit_code == 0, predicted.output
    body = json.loads(predicted.output)
    assert body["options"]["horizon_months"] == 6 and body["total_customers"] == 3
    bad = runner.invoke(app, ["clv", "validate", "--holdout-start", "2030-01-01", "--json", *ws])
    assert bad.exit_code == 65 and "holdout" in json.loads(bad.output)["message"]
