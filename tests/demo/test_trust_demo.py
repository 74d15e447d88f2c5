"""The demo's planted proposals wait in the inbox, each reaching only its segment's customers who
consent, and the report shows them without naming a customer."""

from __future__ import annotations

from regulars.demo.trust import DEMO_PROPOSALS
from regulars.services.proposals import list_proposals, pending_count
from regulars.services.segments.rfm import customer_rfm


def test_the_demo_has_its_proposals_waiting(demo_workspace, demo_truths):
    pending = list_proposals(demo_workspace, "pending")
    assert [p.title for p in pending] == [d["title"] for d in DEMO_PROPOSALS]
    assert pending_count(demo_workspace) == len(DEMO_PROPOSALS)
    rfm = demo_workspace.store.to_arrow(
        customer_rfm(demo_workspace).select("customer_id", "segment")
    )
    segment_of = dict(zip(rfm["customer_id"].to_pylist(), rfm["segment"].to_pylist()))
    refused = set(demo_truths["marketing_refused"])
    for p, planted in zip(pending, DEMO_PROPOSALS):
        assert (p.proposer_kind, p.proposed_by) == (
            planted["proposer_kind"],
            planted["proposed_by"],
        )
        if planted["segment"] is None:
            assert (p.customers, p.sample) == (0, ())
            continue
        in_segment = sum(1 for s in segment_of.values() if s == planted["segment"])
        assert 0 < p.customers < in_segment  # some of the segment do not consent
        assert all(segment_of[c] == planted["segment"] and c not in refused for c in p.sample)
    assert {p.approver_role for p in pending} == {"owner"}


def test_the_report_lists_them_by_count_only(demo_report, demo_workspace):
    html = demo_report[1].read_text(encoding="utf-8")
    section = html.split('<section id="proposals">', 1)[1].split("</section>", 1)[0]
    assert all(d["title"].replace("'", "&#39;") in section for d in DEMO_PROPOSALS)
    samples = [c for p in list_proposals(demo_workspace, "pending") for c in p.sample]
    assert samples and not any(c in section for c in samples)
