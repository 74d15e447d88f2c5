"""Offer campaigns from the store: only customers who consent to marketing get an offer, the plan
carries its fairness audit into the proposal, and the discount-code list written when it runs
leaves out a customer who withdrew consent after the approval."""

from __future__ import annotations

import csv

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from regulars.errors import InputError
from regulars.services import offers, proposals
from regulars.services.actions import execute
from regulars.services.imports import import_file


def test_a_campaign_reaches_only_consenting_customers_and_rechecks_at_run(priced_shop, tmp_path):
    ws, _ = priced_shop
    plan = offers.offer_plan(ws, holdout=0.0)
    consenting = {f"C{i:02d}" for i in range(0, 60, 2)}
    assert plan.assignments and set(plan.assignments) <= consenting
    p = offers.propose_offer_campaign(ws, "ana", plan)
    assert p.parameters["fairness_audit"]["verdict"] == plan.audit.explanation
    assert p.consent_purpose == "marketing" and p.approver_role == "owner"
    gone = sorted(plan.assignments)[0]
    pacsv.write_csv(
        pa.table(
            {
                "consent_id": ["W1"],
                "customer_id": [gone],
                "purpose": ["marketing"],
                "granted": [False],
                "recorded_at": ["2030-01-01T00:00:00Z"],
            }
        ),
        tmp_path / "w.csv",
    )
    import_file(ws, "consents", tmp_path / "w.csv")
    proposals.approve(ws, p.proposal_id, "owner", "owner")
    result = execute(ws, p.proposal_id, "owner", tmp_path / "codes.csv")
    rows = list(csv.DictReader((tmp_path / "codes.csv").open()))
    assert gone not in {r["customer_id"] for r in rows}
    assert len(rows) == len(plan.assignments) - 1 == result["codes"]
    assert all(r["offer"] in offers.KEYS and r["code"].startswith(r["offer"].upper().replace(
        "_", "")) for r in rows)  # fmt: skip


def test_the_holdout_is_never_offered_and_a_bad_log_is_named(priced_shop, tmp_path):
    ws, _ = priced_shop
    plan = offers.offer_plan(ws, holdout=0.5)
    assert plan.held_out > 0 and plan.offered + plan.held_out <= 30
    (tmp_path / "log.csv").write_text(
        "customer_id,offer,propensity,margin_cents\nC00,pct50,0.5,0\n"
    )
    with pytest.raises(InputError, match="pct50"):
        offers.offer_plan(ws, offers.read_offer_log(tmp_path / "log.csv"))
    (tmp_path / "bad.csv").write_text("customer_id,offer,propensity\nC00,pct5,x\n")
    with pytest.raises(InputError, match="margin_cents"):
        offers.read_offer_log(tmp_path / "bad.csv")


def test_a_logged_campaign_is_evaluated_off_policy(priced_shop, tmp_path):
    ws, _ = priced_shop
    lines = ["customer_id,offer,propensity,margin_cents"]
    for i in range(60):
        offer = offers.KEYS[i % 6]
        lines.append(f"C{i:02d},{offer},{1 / 6:.6f},{1500 if offer == 'free_shipping' else 0}")
    (tmp_path / "log.csv").write_text("\n".join(lines) + "\n")
    v = offers.evaluate_log(ws, offers.read_offer_log(tmp_path / "log.csv"))
    assert v.customers == 60 and v.ips.low <= v.ips.value <= v.ips.high
    assert "a customer" in v.explanation
