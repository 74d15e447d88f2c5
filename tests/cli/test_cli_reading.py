"""Commands that only read, run through the CLI on the session's demo shop: each one's
``--json`` is the answer of the service it wraps, asked on the same workspace (sqlite-utils
style)."""

from __future__ import annotations

import datetime as dt

import pytest

from regulars.services.campaigns import campaign_monitor, campaign_report
from regulars.services.clv import PredictionOptions, predict_clv
from regulars.services.customers import customer_profile, export_customer
from regulars.services.experiments import analyze_experiment, list_experiments
from regulars.services.experiments.monitoring import experiment_timeline
from regulars.services.kpis import (
    KPIS,
    cohort_table,
    competitor_comparison,
    improvement_areas,
    kpi_alerts,
    kpi_report,
    list_targets,
)
from regulars.services.segments import (
    list_audiences,
    movement_customers,
    movement_matrix,
    persona_report,
    rfm_report,
)
from regulars.services.status import workspace_status


@pytest.fixture(scope="module")
def shop(demo_workspace):
    return demo_workspace


def test_status(cli, as_json, shop):
    printed = cli("status", ws=shop)
    assert printed == as_json(workspace_status(shop).to_dict())
    assert {t["name"]: t["rows"] for t in printed["tables"]}["customers"] == 3000


def test_kpis_improve_cohorts_competitors(cli, as_json, shop):
    assert cli("kpis", "--period", "quarter", "--compare", "last-year", ws=shop) == as_json(
        kpi_report(shop, "quarter", "last-year").to_dict()
    )
    assert cli("improve", "--at", "2025-06-15", ws=shop) == as_json(
        improvement_areas(shop, at=dt.date(2025, 6, 15)).to_dict()
    )
    cohorts = cli("cohorts", "--months", "6", ws=shop)
    assert (
        cohorts
        == as_json(cohort_table(shop, 6).to_dict())
        != as_json(cohort_table(shop, None).to_dict())
    )
    assert cli("competitors", ws=shop) == as_json(competitor_comparison(shop).to_dict())


def test_alerts_are_the_recorded_ones(cli, as_json, demo_copy):
    printed = cli("alerts", "--period", "month", ws=demo_copy)
    assert printed, "the demo plants a shipping-delay month"
    again = as_json([a.to_dict() for a in kpi_alerts(demo_copy, "month")])
    assert [a["alert_id"] for a in printed] == [a["alert_id"] for a in again]
    assert [a["first_seen_at"] for a in printed] == [
        a["first_seen_at"] for a in again
    ]  # recorded by the CLI
    assert not any(a["new"] for a in again)


def test_campaigns_and_monitor(cli, as_json, shop):
    printed = cli("campaigns", "--model", "markov", "--window-days", "5", ws=shop)
    assert printed == as_json(campaign_report(shop, "markov", 5, "click"))
    assert printed["campaigns"]
    when = dt.datetime(2025, 6, 10, 23, 59, tzinfo=dt.UTC)
    assert cli("monitor", "--at", "2025-06-10", ws=shop) == as_json(
        campaign_monitor(shop, when, 14)
    )


def test_segments_rfm_movement_personas(cli, as_json, shop):
    end = dt.datetime.combine(dt.date(2025, 12, 31), dt.time.max, tzinfo=dt.UTC)
    assert cli("segments", "rfm", "--as-of", "2025-12-31", ws=shop) == as_json(
        rfm_report(shop, end).to_dict()
    )
    matrix = cli("segments", "movement", ws=shop)
    assert matrix == as_json(movement_matrix(shop).to_dict())
    cell = cli(
        "segments", "movement", "--from-segment", "Champions", "--to-segment", "Champions", ws=shop
    )
    assert cell["customers"] == movement_customers(shop, "Champions", "Champions")
    assert cli("segments", "personas", "--seed", "0", ws=shop) == as_json(
        persona_report(shop, seed=0).to_dict()
    )


def test_clv_predict_from_the_saved_model(cli, as_json, shop):
    printed = cli("clv", "predict", "--horizon", "6", "--margin", "0.4", ws=shop)
    found = predict_clv(shop, None, PredictionOptions(6, 0.10, 0.4, 30))
    assert printed == as_json(found.page())
    one = cli("clv", "predict", "--customer", found.customers[0]["customer_id"], ws=shop)
    assert [c["customer_id"] for c in one["customers"]] == [found.customers[0]["customer_id"]]


def test_customer_show_and_export(cli, as_json, shop, tmp_path):
    customer_id = customer_profile_id(shop)
    assert cli("customer", "show", customer_id, ws=shop) == as_json(
        customer_profile(shop, customer_id)
    )
    to = tmp_path / "c.json"
    printed = cli("customer", "export", customer_id, "--to", to, ws=shop)
    direct = export_customer(shop, customer_id)
    assert to.exists()
    assert {k: v for k, v in printed.items() if k != "exported_at"} == {
        k: v for k, v in as_json(direct).items() if k != "exported_at"
    }
    assert printed["customer_id"] == customer_id


def customer_profile_id(ws) -> str:
    return predict_clv(ws).customers[0]["customer_id"]


def test_experiment_list_analyze_timeline(cli, as_json, shop, demo_truths):
    assert cli("experiment", "list", ws=shop) == as_json(list_experiments(shop))
    planted = next(t for t in demo_truths["experiments"] if t["metric"] == "converted_14d")
    eid = planted["experiment_id"]
    printed = cli("experiment", "analyze", eid, "--metric", "converted_14d", ws=shop)
    assert printed == as_json(analyze_experiment(shop, eid, ["converted_14d"]).to_dict())
    assert printed["verdict"]["decision"] == "ship"
    line = cli("experiment", "timeline", eid, "--metric", "converted_14d", ws=shop)
    assert line == as_json(experiment_timeline(shop, eid, "converted_14d", window_days=14))


def test_target_list_audience_list_user_list(cli, as_json, shop):
    targets = cli("target", "list", ws=shop)
    assert targets == {
        "targets": as_json([t.to_dict() for t in list_targets(shop)]),
        "kpis": [k.key for k in KPIS],
    }
    assert cli("audience", "list", ws=shop) == as_json([a.to_dict() for a in list_audiences(shop)])
    from regulars.services.accounts import list_users

    assert cli("user", "list", ws=shop) == as_json(list_users(shop))
