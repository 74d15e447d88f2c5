"""Model cards through the CLI (regulars models list|show) on the demo shop: a card per saved
model, its data window and trained time read from the saved document, its accuracy from the last
holdout validation; an unknown name is not found."""

from __future__ import annotations

import datetime as dt

from regulars.analytics.clv.heuristics import MIN_REPEAT_BUYERS
from regulars.services.clv import load_validation, saved_models, validate_clv


def test_list_has_a_card_per_saved_model(cli, demo_workspace):
    saved = saved_models(demo_workspace)
    assert saved, "the demo saves its chosen CLV model"
    cards = cli("models", "list", ws=demo_workspace)
    assert [c["name"] for c in cards] == [d["model_key"] for d in saved]
    card, document = cards[0], saved[0]
    assert card["last_trained"] == document["fitted_at"]
    assert card["data_to"] == document["summary_settings"]["calibration_end"]
    assert card["data_from"] == document["data"]["first_purchase"] < card["data_to"]
    assert card["customers"] == document["data"]["customers"] > 0
    assert card["known_limits"] and str(MIN_REPEAT_BUYERS) in card["minimum_data"]


def test_show_gives_the_holdout_accuracy_once_validated(cli, demo_copy):
    name = saved_models(demo_copy)[0]["model_key"]
    before = cli("models", "show", name, ws=demo_copy)
    if load_validation(demo_copy) is None:
        assert before["validation"]["method"] == "none"
    last = dt.date.fromisoformat(before["data_to"])
    validate_clv(demo_copy, last - dt.timedelta(days=120), models=(name,))
    validated = load_validation(demo_copy)
    result = next(m for m in validated["models"] if m["key"] == name)
    card = cli("models", "show", name, ws=demo_copy)
    accuracy = card["validation"]
    assert accuracy["method"] == "holdout"
    assert accuracy["holdout_start"] == validated["holdout_start"]
    assert accuracy["mean_absolute_error"] == result["mean_absolute_error"]
    assert accuracy["total_actual"] == result["total_actual"] > 0
    assert f"{result['total_actual']:,.0f} happened" in accuracy["text"]


def test_unknown_model_is_not_found(cli, demo_workspace):
    answer = cli("models", "show", "nope", ws=demo_workspace, code=66)
    assert answer["error"] == "NotFoundError" and "nope" in answer["message"]
