"""Recommendations through the CLI on a copy of the demo shop: fit prints the backtest, for and
related read the saved lists (checked against the library), rules change what the next fit
shows, and the email export goes through the approval queue before a file is written."""

from __future__ import annotations

import csv

from regulars.services.recommendations import recommendations_for, related_products


def test_fit_for_and_related(cli, demo_copy):
    report = cli("recommend", "fit", "--cutoffs", "1", "--k", "5", ws=demo_copy)
    assert report["k"] == 5 and len(report["cutoffs"]) == 1
    assert {p["placement"] for p in report["placements"]} == {"home", "email", "product"}
    customer = "C000001"
    got = cli("recommend", "for", customer, "--k", "3", "--placement", "email", ws=demo_copy)
    library = recommendations_for(demo_copy, customer, 3, "email")
    assert [i["product_id"] for i in got["items"]] == [i.product_id for i in library.items]
    related = cli("recommend", "related", "P035", "--k", "2", ws=demo_copy)
    assert (
        related["items"][0]["product_id"]
        == related_products(demo_copy, "P035", 2).items[0].product_id
    )
    cli("recommend", "for", "NOPE", ws=demo_copy, code=66)
    cli("recommend", "for", customer, "--placement", "x", ws=demo_copy, code=65)


def test_rules(cli, demo_copy):
    shown = cli("recommend", "rules", ws=demo_copy)
    assert shown["pinned"] == [] and shown["max_per_category"] == 4
    changed = cli("recommend", "rules", "--pin", "P036", "--block", "P001",
                  "--max-per-category", "3", ws=demo_copy)  # fmt: skip
    assert changed["pinned"] == ["P036"] and changed["blocked"] == ["P001"]
    cleared = cli("recommend", "rules", "--clear", ws=demo_copy)
    assert cleared["pinned"] == [] and cleared["max_per_category"] == 3
    cli("recommend", "rules", "--pin", "NOPE", ws=demo_copy, code=66)


def test_export_is_a_proposal_written_once_approved(cli, demo_copy, tmp_path):
    target = tmp_path / "recs.csv"
    proposal = cli("recommend", "export", "--k", "2", "--to", str(target), ws=demo_copy)
    assert proposal["action_type"] == "recommendation_email" and proposal["status"] == "pending"
    assert not target.exists()
    cli("proposals", "approve", proposal["proposal_id"], ws=demo_copy)
    done = cli("proposals", "run", proposal["proposal_id"], ws=demo_copy)
    assert done["rows_exported"] == proposal["customers"] > 0
    with target.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == done["rows_exported"]
    assert {"email", "product_1", "product_1_name", "reason_1", "reason_2"} <= set(rows[0])
    first = rows[0]
    expected = recommendations_for(demo_copy, first["customer_id"], 2, "email").items[0]
    assert first["product_1"] == expected.product_id and first["reason_1"] == expected.reason
