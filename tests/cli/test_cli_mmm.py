"""regulars mmm fit | report | allocate and regulars campaigns test design | readout, on a copy of
the demo shop; each result checked with the library (the saved fit, the proposal queue)."""

from __future__ import annotations

from regulars.services.mmm import NAME, mmm_report
from regulars.services.proposals import list_proposals
from regulars.store import models as stored


def test_fit_saves_report_reads_and_allocate_proposes(cli, demo_copy):
    fitted = cli("mmm", "fit", "--draws", "30", "--prior", "email=800000:200000", ws=demo_copy)
    assert stored.document(demo_copy.store, NAME) is not None
    assert any(p.startswith("stated: email") for p in fitted["priors"])
    shown = cli("mmm", "report", ws=demo_copy)
    again = mmm_report(demo_copy)
    assert [c["caused_cents"] for c in shown["channels"]] == [
        c.caused_cents for c in again.channels
    ]
    plan = cli("mmm", "allocate", "--budget", "50000", "--propose", ws=demo_copy)
    assert sum(s["proposed_cents"] for s in plan["splits"]) == 50000
    queued = [p for p in list_proposals(demo_copy, "pending") if p.action_type == "budget_split"]
    assert [p.proposal_id for p in queued] == [plan["proposal_id"]]
    assert queued[0].parameters["weekly_budget_cents"] == 50000


def test_report_before_any_fit_is_not_found(cli, tmp_path):
    from tests.api.conftest import build_demo_workspace

    from regulars.cli import app

    build_demo_workspace(tmp_path / "ws", customers=300)  # imported, not analysed: no fit yet
    result = cli.runner.invoke(app, ["mmm", "report", "-w", str(tmp_path / "ws")])
    assert result.exit_code != 0 and "regulars mmm fit" in result.output


def test_bad_prior_is_an_input_error(cli, demo_copy):
    from regulars.cli import app

    result = cli.runner.invoke(app, ["mmm", "fit", "--prior", "tv=1:2", "-w", str(demo_copy.path)])
    assert result.exit_code != 0 and "no channel 'tv'" in result.output


def test_test_design_and_readout(cli, demo_workspace):
    holdout = cli("campaigns", "test", "design", "--audience", "20000", ws=demo_workspace)
    assert holdout["holdout"] == 2000 and 0 < holdout["power"] < 1
    geo = cli("campaigns", "test", "design", "--kind", "geo", "--effect", "100000",
              ws=demo_workspace)  # fmt: skip
    assert geo["power"]["weeks_after"] == 8 and geo["treated"]
    regions = ",".join(geo["treated"])
    readout = cli("campaigns", "test", "readout", "--regions", regions, "--start", "2025-06-02",
                  ws=demo_workspace)  # fmt: skip
    methods = [r["method"] for r in readout["readouts"]]
    assert methods == ["difference-in-differences", "synthetic control"]
    # nothing was switched in the demo's regions: no effect should be found by either readout
    assert all(r["interval_cents"][0] <= 0 <= r["interval_cents"][1] for r in readout["readouts"])
    assert all(type(r["effect_per_week_cents"]) is int for r in readout["readouts"])
    assert type(geo["power"]["minimum_detectable_effect_cents"]) is int
    report = cli("campaigns", ws=demo_workspace)
    assert report["campaigns"]


def test_a_campaigns_holdout_is_designed_and_recorded(cli, demo_copy):
    from regulars.services.campaigns.performance import campaign_performance
    from regulars.services.experiments import list_experiments

    email = max((r for r in campaign_performance(demo_copy) if r.sends), key=lambda r: r.sends)
    shown = cli("campaigns", "test", "design", "--campaign", email.campaign_id, ws=demo_copy)
    assert shown["power"]["audience"] == email.sends and shown["experiment_id"] is None
    made = cli("campaigns", "test", "design", "--campaign", email.campaign_id, "--record",
               "--holdout-share", "0.25", ws=demo_copy)  # fmt: skip
    [listed] = [e for e in list_experiments(demo_copy) if e.experiment_id == made["experiment_id"]]
    assert listed.arms == "control:0.25,send:0.75" and listed.planned_sample_size == email.sends
    assert listed.status == "draft" and listed.name == f"Holdout: {email.name}"


def test_a_channels_geo_test_is_designed_and_recorded(cli, demo_copy):
    from regulars.services.experiments import list_experiments

    shown = cli("campaigns", "test", "design", "--kind", "geo", "--channel", "email",
                "--weeks", "10", ws=demo_copy)  # fmt: skip
    assert shown["experiment_id"] is None and shown["design"]["power"]["weeks_after"] == 10
    made = cli("campaigns", "test", "design", "--kind", "geo", "--channel", "email",
               "--weeks", "10", "--record", ws=demo_copy)  # fmt: skip
    [listed] = [e for e in list_experiments(demo_copy) if e.experiment_id == made["experiment_id"]]
    assert listed.name == "Geo test: email" and listed.status == "draft"
    assert listed.planned_sample_size == len(shown["design"]["regions"])
    assert all(r in listed.hypothesis for r in shown["design"]["treated"])


def test_the_report_table_shows_no_number_for_a_channel_it_cannot_separate(cli, demo_workspace):
    from regulars.cli import app

    result = cli.runner.invoke(app, ["mmm", "report", "-w", str(demo_workspace.path)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    row = next(line for line in result.output.splitlines() if "email" in line and "│" in line)
    assert "cannot be" in row
    assert "email's spend moves with your promotion weeks" in text
