"""The marketing mix model over the REST API (small demo shop of tests/api/conftest.py): fitting
needs an analyst and saves the fit; the report and the allocation read it; a proposal needs the
owner and lands in the queue; the test designs answer with their power; bad input is a 422."""

from __future__ import annotations


def test_fit_report_allocation_and_proposal(shop):
    missing = shop.get("/api/v1/mmm", "viewer")
    assert missing.status_code == 404 and "regulars mmm fit" in missing.json()["detail"]
    body = {"draws": 20, "holdouts": False}
    assert shop.client.post("/api/v1/mmm/fit", json=body,
                            headers=shop.headers("viewer")).status_code == 403  # fmt: skip
    fitted = shop.client.post("/api/v1/mmm/fit", json=body, headers=shop.headers("analyst"))
    assert fitted.status_code == 200, fitted.text
    report = shop.get("/api/v1/mmm", "viewer").json()
    assert [c["channel"] for c in report["channels"]] == [
        c["channel"] for c in fitted.json()["channels"]
    ]
    plan = shop.get("/api/v1/mmm/allocation?budget=40000", "viewer").json()
    assert plan["budget_cents"] == 40000
    assert sum(s["proposed_cents"] for s in plan["splits"]) == 40000  # whole cents, adding up
    url = "/api/v1/mmm/allocation/proposal?budget=40000"
    assert shop.client.post(url, headers=shop.headers("analyst")).status_code == 403
    queued = shop.client.post(url, headers=shop.headers("owner")).json()
    listed = shop.get("/api/v1/proposals?status=pending").json()
    rows = listed["proposals"] if isinstance(listed, dict) else listed
    assert queued["proposal_id"] in [p["proposal_id"] for p in rows]
    shop.log_in("viewer")
    page = shop.client.get("/mmm")
    assert page.status_code == 200 and 'href="/mmm"' in page.text
    assert page.text.count('class="plotly-graph-div"') == 3  # curves, contributions, split
    for c in report["channels"]:
        assert f"<td>{c['channel']}</td>" in page.text
    campaigns = shop.client.get("/campaigns")
    assert "Caused ROI (marketing mix, 90%)" in campaigns.text
    shown = [c for c in report["channels"] if c["roi"] is not None and c["separable"]][0]
    assert f"{shown['roi']:+.0%}" in campaigns.text


def test_page_before_any_fit_says_how(shop):
    shop.log_in("viewer")
    page = shop.client.get("/mmm")
    assert page.status_code == 200 and "regulars mmm fit" in page.text  # a page in the nav
    assert "Caused ROI (marketing mix" not in shop.client.get("/campaigns").text


def test_test_designs_and_bad_input(shop):
    holdout = shop.get("/api/v1/mmm/tests/holdout?audience=10000&holdout_share=0.2").json()
    assert holdout["holdout"] == 2000
    geo = shop.get("/api/v1/mmm/tests/geo?weeks=6").json()
    assert geo["power"]["weeks_after"] == 6
    bad = shop.get("/api/v1/mmm/tests/holdout?baseline=2")
    assert bad.status_code == 422
    prior = shop.client.post("/api/v1/mmm/fit", json={"priors": ["tv=1"], "draws": 20},
                             headers=shop.headers("analyst"))  # fmt: skip
    assert prior.status_code == 422 and "channel=total:sd" in prior.json()["detail"]


def test_a_campaigns_holdout_designed_then_recorded_once(shop):
    """GET designs the holdout on the campaign's own sends (the power first); POST records it as a
    draft experiment (analyst), and posting again adds nothing."""
    campaigns = shop.get("/api/v1/campaigns").json()["campaigns"]
    email = max((c for c in campaigns if c["sends"]), key=lambda c: c["sends"])
    url = f"/api/v1/mmm/tests/holdout/{email['campaign_id']}?holdout_share=0.2"
    design = shop.get(url, "viewer").json()
    assert design["power"]["audience"] == email["sends"]
    assert design["power"]["holdout"] == round(email["sends"] * 0.2)
    assert design["experiment_id"] is None
    assert shop.client.post(url, headers=shop.headers("viewer")).status_code == 403
    made = shop.client.post(url, headers=shop.headers("analyst")).json()
    assert made["recorded_now"] and made["experiment_id"]
    again = shop.client.post(url, headers=shop.headers("analyst")).json()
    assert not again["recorded_now"] and again["experiment_id"] == made["experiment_id"]
    listed = shop.get("/api/v1/experiments").json()
    rows = listed["experiments"] if isinstance(listed, dict) else listed
    named = [e for e in rows if e["name"] == f"Holdout: {email['name']}"]
    assert len(named) == 1 and named[0]["arms"] == "control:0.2,send:0.8"
    assert shop.get("/api/v1/mmm/tests/holdout/NO-SUCH", "viewer").status_code == 404


def test_a_channels_geo_test_designed_then_recorded_once(shop):
    """GET designs the geo test (every other region treated, the power in words); POST records it
    as a draft experiment (analyst), the regions its units; posting again adds nothing."""
    url = "/api/v1/mmm/tests/geo/email?weeks=6&effect=50000"
    design = shop.get(url, "viewer").json()
    treated, control = design["design"]["treated"], design["control"]
    assert treated and control and not set(treated) & set(control)
    assert sorted(treated + control) == sorted(design["design"]["regions"])
    assert design["design"]["power"]["weeks_after"] == 6 and design["experiment_id"] is None
    assert "the power is" in design["explanation"]
    assert shop.client.post(url, headers=shop.headers("viewer")).status_code == 403
    made = shop.client.post(url, headers=shop.headers("analyst")).json()
    assert made["recorded_now"] and made["experiment_id"]
    again = shop.client.post(url, headers=shop.headers("analyst")).json()
    assert not again["recorded_now"] and again["experiment_id"] == made["experiment_id"]
    listed = shop.get("/api/v1/experiments").json()
    rows = listed["experiments"] if isinstance(listed, dict) else listed
    [named] = [e for e in rows if e["name"] == "Geo test: email"]
    share = len(treated) / len(design["design"]["regions"])
    assert named["arms"] == f"control:{round(1 - share, 4):g},treated:{round(share, 4):g}"
