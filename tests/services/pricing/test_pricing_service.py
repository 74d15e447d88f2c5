"""Prices from the store: the planted elasticities are covered by the intervals read back from
imported orders, the category whose prices barely moved is refused with a price test, and a
suggested price becomes a proposal with its evidence and fairness audit, executed only once
approved into a Shopify products CSV with the Omnibus previous price."""

from __future__ import annotations

import csv

import pytest

from regulars.errors import InputError
from regulars.services import pricing, proposals
from regulars.services.actions import execute
from regulars.services.pricing.proposals import propose_prices


def test_intervals_from_the_store_cover_the_planted_elasticities(priced_shop):
    ws, truth = priced_shop
    e = pricing.elasticities(ws)
    beans = [p for p in e.products if p.category == "beans"]
    assert len(beans) == 6
    covered = sum(p.low <= truth[p.product_id] <= p.high for p in beans)
    assert covered >= 5
    assert all(p.high < -1 for p in beans)  # clearly elastic, as planted (-2)


def test_the_category_whose_prices_barely_moved_is_refused_with_a_test(priced_shop):
    ws, _ = priced_shop
    tea = [p for p in pricing.elasticities(ws).products if p.category == "tea"]
    assert tea and all(p.refused == "your prices moved less than 3%: run a price test" for p in tea)
    t = pricing.price_test(ws, tea[0].product_id)
    assert t.arms_cents == (950, 1000, 1050) and t.days == 3 * t.days_per_arm > 0


def test_a_price_change_is_proposed_with_evidence_and_runs_only_once_approved(
    priced_shop, tmp_path
):
    ws, _ = priced_shop
    s = pricing.suggestions(ws, ("beans-001",), min_days=0, max_step=0.05)
    got = s.suggestions[0]
    # elasticity about -2 (planted -2.02), cost 400: p* = 400 * -2 / (1 - 2) = 800, below
    # the 5% step limit: the price falls to 950
    assert got.price_cents == 950 and got.units.expected > 0
    p = propose_prices(ws, "ana", ("beans-001",), min_days=0, max_step=0.05)
    assert p.status == "pending" and p.approver_role == "owner"
    ev = p.parameters["evidence"]
    assert ev["products"]["beans-001"]["to"] == 950 and "verdict" in ev["fairness_audit"]
    previous = p.parameters["previous_prices"]["beans-001"]
    assert previous < 950  # it sold lower in the last 30 days (prices moved weekly)
    assert "may not be shown as a reduction" in ev["omnibus"]["beans-001"]
    with pytest.raises(InputError):
        execute(ws, p.proposal_id, "owner", tmp_path / "prices.csv")
    proposals.approve(ws, p.proposal_id, "owner", "owner")
    execute(ws, p.proposal_id, "owner", tmp_path / "prices.csv")
    rows = list(csv.DictReader((tmp_path / "prices.csv").open()))
    assert rows[0]["Variant Price"] == "9.50"
    assert rows[0]["Variant Compare At Price"] == ""  # EU Omnibus: no "was" above the 30-day low


def test_personalised_prices_are_off_by_default_and_say_so(priced_shop):
    ws, _ = priced_shop
    s = pricing.suggestions(ws, ("beans-002",), min_days=0)
    assert s.personalised is False and s.disclosure is None
    assert "personalised prices are off" in s.explanation


def test_the_omnibus_previous_price_is_the_lowest_of_the_last_30_days():
    shown = pricing._omnibus("p", 800, 1000, {"p": 900})
    assert shown.previous_price_cents == 900 and "must show 900" in shown.explanation
    assert pricing._omnibus("p", 800, 1000, {}).previous_price_cents == 1000
    assert "may not be shown" in pricing._omnibus("p", 850, 1000, {"p": 820}).explanation
