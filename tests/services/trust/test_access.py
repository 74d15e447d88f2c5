"""An access request: everything held about a person, every derived value too, as JSON and HTML."""

from __future__ import annotations

import json

import pytest

from regulars.services.audit import viewed_customer
from regulars.services.capabilities import all_capabilities
from regulars.services.customers import export_customer
from regulars.services.proposals import list_proposals


@pytest.fixture
def demo_workspace(small_demo):
    return small_demo


def _named_in_a_proposal(ws) -> str:
    """A customer the demo's proposals name in their sample (the demo plants some)."""
    for proposal in list_proposals(ws):
        if proposal.sample:
            return proposal.sample[0]
    pytest.fail("the demo should plant a proposal with a sample")


def test_access_export_holds_every_derived_value(demo_workspace, tmp_path):
    ws = demo_workspace
    cid = _named_in_a_proposal(ws)
    viewed_customer(ws, "owner", cid)
    doc = export_customer(ws, cid, tmp_path / "them.json")
    assert json.loads((tmp_path / "them.json").read_text(encoding="utf-8")) == doc
    derived = doc["derived"]
    declared = {c.name for c in all_capabilities() if c.access or c.profile}
    assert set(derived) == declared and {"clv", "segments", "proposals"} <= declared
    assert derived["segments"]["segment"]["segment"]  # the RFM segment they are in
    prediction = derived["clv"]["predictions"]
    assert prediction["customer_id"] == cid and "p_alive" in prediction
    assert any(p["proposal_id"] for p in derived["proposals"]["proposals"])
    assert [e["action"] for e in doc["audit"]] == ["viewed"]
    assert doc["consent_history"] == doc["records"]["consents"]


def test_access_export_reads_as_a_page(demo_workspace, tmp_path):
    ws = demo_workspace
    cid = _named_in_a_proposal(ws)
    doc = export_customer(ws, cid, tmp_path / "them.html")
    page = (tmp_path / "them.html").read_text(encoding="utf-8")
    email = doc["records"]["customers"][0]["email"]
    assert page.startswith("<!doctype html>") and email in page and "<script" not in page
    segment = doc["derived"]["segments"]["segment"]["segment"]
    assert segment in page and "What was worked out about them" in page
