"""The trust centre's API: viewers read proposals, analysts propose, approvers decide (prices only
the owner), running an approved export downloads it; the audit log is the owner's."""

from __future__ import annotations

import csv
import io

from regulars.services import proposals
from regulars.services.workspace import Workspace


def _propose(shop, role="analyst"):
    return shop.client.post(
        "/api/v1/proposals/audience-export",
        json={"audience": "everyone", "reason": "spring mailing", "days": 3},
        headers=shop.headers(role),
    )


def _audience(shop):
    made = shop.client.post(
        "/api/v1/audiences",
        json={"name": "everyone", "rule": "orders >= 1"},
        headers=shop.headers("analyst"),
    )
    assert made.status_code in (200, 201), made.text


def test_propose_read_approve_run(shop):
    _audience(shop)
    assert _propose(shop, "viewer").status_code == 403
    made = _propose(shop)
    assert made.status_code == 201, made.text
    p = made.json()
    assert (p["status"], p["proposed_by"], p["approver_role"]) == (
        "pending",
        "analyst-1",
        "analyst",
    )
    listed = shop.get("/api/v1/proposals?status=pending", "viewer").json()
    assert listed["pending"] == 1 and [q["proposal_id"] for q in listed["proposals"]] == [
        p["proposal_id"]
    ]
    pid = p["proposal_id"]
    early = shop.client.post(f"/api/v1/proposals/{pid}/run", headers=shop.headers("analyst"))
    assert early.status_code == 422 and "only an approved" in early.json()["detail"]
    ok = shop.client.post(
        f"/api/v1/proposals/{pid}/approve", json={"note": "go"}, headers=shop.headers("owner")
    )
    assert ok.json()["status"] == "approved"
    csv_file = shop.client.post(f"/api/v1/proposals/{pid}/run", headers=shop.headers("analyst"))
    rows = list(csv.DictReader(io.StringIO(csv_file.text)))
    assert len(rows) == int(csv_file.headers["X-Regulars-Rows-Exported"]) == p["customers"]
    assert shop.get(f"/api/v1/proposals/{pid}", "viewer").json()["status"] == "executed"
    assert shop.get("/api/v1/proposals/nope", "viewer").status_code == 404


def test_prices_need_the_owner_and_the_audit_is_the_owners(shop):
    ws = Workspace.open(shop.path)
    price = proposals.propose(
        ws,
        "price_change",
        "Beans +1.00",
        {"sku": "B"},
        (0, ()),
        "elasticity",
        proposals.Effect("+3% margin", 0.01, 0.05),
        "orders",
        "pricing-model",
        consent_purpose=None,
        proposer_kind="model",
    )
    ws.close()
    url = f"/api/v1/proposals/{price.proposal_id}"
    assert shop.client.post(f"{url}/approve", headers=shop.headers("analyst")).status_code == 403
    no = shop.client.post(f"{url}/reject", json={"note": "no"}, headers=shop.headers("owner"))
    assert no.json()["status"] == "rejected"
    assert shop.get("/api/v1/audit", "analyst").status_code == 403
    log = shop.get("/api/v1/audit", "owner").json()
    assert [e["action"] for e in log][-2:] == ["proposed", "rejected"]
    assert shop.get("/api/v1/audit/verify", "owner").json()["intact"] is True
    assert shop.get("/api/v1/proposals?status=maybe", "viewer").status_code == 422
