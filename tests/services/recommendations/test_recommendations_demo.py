"""The demo shop's planted tastes recovered through the real store and services: dripper buyers
are shown the filters, favourite beans come back in the email, personalisation beats bestsellers
in the backtest, and the consent and shop rules hold for every list."""

from __future__ import annotations

import pyarrow.compute as pc
import pytest

from regulars.errors import InputError, NotFoundError
from regulars.services.consent import consenting
from regulars.services.imports import import_file
from regulars.services.recommendations import (
    fit_recommendations,
    recommendations_for,
    recommendations_overview,
    related_products,
    set_rules,
)
from regulars.services.recommendations.serving import fitted


def _table(ws, name):
    return ws.store.to_arrow(ws.store.table(name)).to_pylist()


def test_buyers_of_the_dripper_are_shown_the_filters(demo_workspace, demo_truths):
    planted = demo_truths["recommendations"]["co_purchase"]
    related = related_products(demo_workspace, planted["product"], 3)
    assert related.items[0].product_id == planted["bought_with"]
    assert related.items[0].reason.startswith("people who bought Pour-Over Dripper also bought")


def test_the_backtest_finds_that_personalisation_beats_bestsellers(demo_workspace):
    view = recommendations_overview(demo_workspace)
    assert view.fitted and {p.placement for p in view.placements} == {"home", "email", "product"}
    for p in view.placements:
        assert p.enough_data and p.chosen != "popularity", p.explanation
        best = next(s for s in p.scores if s.model == p.chosen)
        popularity = next(s for s in p.scores if s.model == "popularity")
        assert best.lift_low > 0 and best.map > popularity.map
    email = next(p for p in view.placements if p.placement == "email")
    assert next(s for s in email.scores if s.model == "buy_again").lift_low > 0


def test_favourite_beans_come_back_in_the_email(demo_workspace):
    """Customers whose bean lines are mostly one bean get that bean in their top five."""
    products = {p["product_id"]: p["category"] for p in _table(demo_workspace, "products")}
    orders = {o["order_id"]: o["customer_id"] for o in _table(demo_workspace, "orders")}
    counts: dict[str, dict[str, int]] = {}
    for line in _table(demo_workspace, "order_items"):
        if products.get(line["product_id"]) == "beans":
            mine = counts.setdefault(orders[line["order_id"]], {})
            mine[line["product_id"]] = mine.get(line["product_id"], 0) + 1
    lists = fitted(demo_workspace)["customers"]
    checked = found = 0
    for cid, beans in counts.items():
        favourite, n = max(beans.items(), key=lambda kv: kv[1])
        if n < 3 or n < 0.6 * sum(beans.values()) or cid not in lists:
            continue
        checked += 1
        top = recommendations_for(demo_workspace, cid, 5, "email").items
        found += favourite in [i.product_id for i in top]
    assert checked >= 20 and found / checked > 0.8


def test_without_personalisation_consent_only_bestsellers(demo_workspace):
    yes = set(demo_workspace.store.to_arrow(consenting(demo_workspace, "personalization"))
              .column("customer_id").to_pylist())  # fmt: skip
    everyone = [c["customer_id"] for c in _table(demo_workspace, "customers")]
    refused = next(c for c in everyone if c not in yes)
    assert refused not in fitted(demo_workspace)["customers"]
    assert set(fitted(demo_workspace)["customers"]) <= yes
    got = recommendations_for(demo_workspace, refused, 5)
    assert not got.personal and got.model == "popularity"
    assert "No personalisation consent" in got.explanation
    assert [i.reason.startswith("a bestseller") for i in got.items] == [True] * 5


def _shown(document) -> set[str]:
    return {document["items"][i] for lists in document["customers"].values()
            for entries in lists.values() for i, _ in entries}  # fmt: skip


def test_home_lists_leave_out_what_was_bought(demo_workspace):
    document = fitted(demo_workspace)
    cid = sorted(document["customers"])[0]
    got = recommendations_for(demo_workspace, cid, 10, "home")
    items = demo_workspace.store.table("order_items")
    o = demo_workspace.store.table("orders")
    mine = items.inner_join(o.filter(o.customer_id == cid), "order_id")
    bought = set(pc.unique(demo_workspace.store.to_arrow(mine.select("product_id"))
                           .column("product_id")).to_pylist())  # fmt: skip
    assert got.personal and not ({i.product_id for i in got.items} & bought)


def test_pinned_blocked_and_out_of_stock_products_after_a_fit(demo_copy, tmp_path):
    cid = sorted(fitted(demo_copy)["customers"])[0]
    before = recommendations_for(demo_copy, cid, 10)
    blocked = before.items[0].product_id
    sold_out = fitted(demo_copy)["items"][fitted(demo_copy)["popular"][0][0]]
    assert sold_out in _shown(fitted(demo_copy))
    row = next(p for p in _table(demo_copy, "products") if p["product_id"] == sold_out)
    csv = tmp_path / "products.csv"
    csv.write_text(f"product_id,name,category,stock\n{sold_out},{row['name']},"
                   f"{row['category']},0\n")  # fmt: skip
    import_file(demo_copy, "products", csv)
    rules = set_rules(demo_copy, pin=["P059"], block=[blocked], max_per_category=2)
    assert rules.pinned == ("P059",) and rules.blocked == (blocked,)
    fit_recommendations(demo_copy, cutoffs=1)
    assert sold_out not in _shown(fitted(demo_copy))
    document = fitted(demo_copy)
    assert sold_out not in [document["items"][i] for i, _ in document["popular"]]
    after = recommendations_for(demo_copy, cid, 10)
    ids = [i.product_id for i in after.items]
    assert blocked not in ids
    if "P059" in ids:
        assert ids[0] == "P059" and after.items[0].reason == "chosen by the shop"
    categories = {p["product_id"]: p["category"] for p in _table(demo_copy, "products")}
    per = [categories[i] for i in ids if i != "P059"]
    assert max(per.count(c) for c in set(per)) <= 2
    with pytest.raises(NotFoundError):
        set_rules(demo_copy, pin=["NOPE"])
    with pytest.raises(InputError):
        set_rules(demo_copy, max_per_category=0)


def test_unknown_customer_product_and_bad_k_are_clear_errors(demo_workspace):
    with pytest.raises(NotFoundError):
        recommendations_for(demo_workspace, "NOPE")
    with pytest.raises(NotFoundError):
        related_products(demo_workspace, "NOPE")
    with pytest.raises(InputError):
        recommendations_for(demo_workspace, "C000001", 0)
    with pytest.raises(InputError):
        recommendations_for(demo_workspace, "C000001", 5, "billboard")


def test_a_withdrawal_after_the_fit_stops_the_personal_list(demo_copy, tmp_path):
    cid = sorted(fitted(demo_copy)["customers"])[0]
    assert recommendations_for(demo_copy, cid, 3).personal
    csv = tmp_path / "consents.csv"
    csv.write_text("consent_id,customer_id,purpose,granted,recorded_at\n"
                   f"ZW1,{cid},personalization,false,2099-01-01T00:00:00Z\n")  # fmt: skip
    import_file(demo_copy, "consents", csv)
    after = recommendations_for(demo_copy, cid, 3)
    assert not after.personal and "No personalisation consent" in after.explanation
