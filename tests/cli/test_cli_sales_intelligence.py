"""forecast, forecast-accuracy, pipeline and leads through the CLI on a copy of the demo shop:
each one's --json is its service's answer on the same workspace."""

from __future__ import annotations

from regulars.services.forecast import forecast
from regulars.services.leads import explain_lead, lead_scores, leads_to_call
from regulars.services.pipeline import pipeline_report


def test_forecast_and_its_accuracy(cli, as_json, demo_copy):
    got = cli("forecast", "--metric", "revenue", "--by", "category", "--period", "week",
              "--horizon", "8", "--target", "20000000", "--save", ws=demo_copy)  # fmt: skip
    assert got == as_json(forecast(demo_copy, "revenue", "category", "week", 8, 20_000_000.0))
    assert 0 <= got["target_chance"] <= 1
    saved = cli("forecast-accuracy", ws=demo_copy)["forecasts"]
    assert [s["metric"] for s in saved] == ["revenue"]


def test_pipeline(cli, as_json, demo_copy):
    assert cli("pipeline", ws=demo_copy) == as_json(pipeline_report(demo_copy))


def test_leads_score_list_explain_points(cli, as_json, demo_copy):
    scored = cli("leads", "score", ws=demo_copy)
    assert scored["method"] == lead_scores(demo_copy).method
    listed = cli("leads", "list", "--limit", "3", ws=demo_copy)["leads"]
    assert listed == as_json(leads_to_call(demo_copy, 3))
    one = cli("leads", "explain", listed[0]["lead_id"], ws=demo_copy)
    assert one == as_json(explain_lead(demo_copy, listed[0]["lead_id"]))
    assert len(one["history"]) == 1
    points = cli("leads", "points", "--set", "source:referral=45", ws=demo_copy)["points"]
    assert points["source"]["referral"] == 45
    cli("leads", "points", "--set", "nonsense", ws=demo_copy, code=65)
