"""The demo's logged offer test (``demo.offers``, written by the demo as demo-offers-log.csv):
the bandit fitted on it finds the planted best offer of every customer group, the offers beat the
randomised holdout (the customers given no offer) in the planted direction, and off-policy
evaluation says the learned policy beats the uniformly random one that logged it."""

from __future__ import annotations

from regulars.analytics.offers import OFFERS, OfferBandit
from regulars.services import offers
from regulars.services.demo import OFFER_LOG_FILE
from regulars.services.offers.holdout import offer_incrementality


def _log(demo_folder):
    return offers.read_offer_log(demo_folder / OFFER_LOG_FILE)


def test_the_bandit_finds_the_planted_best_offer_of_every_group(demo_folder, demo_truths):
    log, groups = _log(demo_folder), demo_truths["customer_groups"]
    names = tuple(demo_truths["offers"]["best"])
    keys = [o.key for o in OFFERS]
    assert len(log) == demo_truths["offers"]["rows"]
    bandit = OfferBandit(names).fit([names.index(groups[r["customer_id"]]) for r in log],
                                    [keys.index(r["offer"]) for r in log],
                                    [float(r["margin_cents"]) > 0 for r in log])  # fmt: skip
    assert bandit.best_offers() == demo_truths["offers"]["best"]
    assert set(demo_truths["offers"]["best"].values()) >= {"pct15", "free_shipping", "none"}


def test_offers_beat_the_holdout_in_the_planted_direction(demo_workspace, demo_folder,
                                                          demo_truths):  # fmt: skip
    inc = offer_incrementality(demo_workspace, _log(demo_folder))
    rates = demo_truths["offers"]["rates"]
    assert all(max(r[k] for k in r if k != "none") > r["none"] for r in rates.values())
    assert inc.any_offer.low > 0 and inc.any_offer.held_out > 1000
    assert inc.by_offer["pct15"].low > 0  # planted above no offer in every group
    assert "would not have happened without it" in inc.any_offer.explanation
    assert set(inc.by_offer) == {o.key for o in OFFERS[1:]}


def test_the_learned_policy_beats_the_random_one_that_logged(demo_workspace, demo_folder):
    v = offers.evaluate_log(demo_workspace, _log(demo_folder))
    assert v.doubly_robust.value > v.logged.value and v.gain.value > 0, v.explanation


def test_the_imported_offer_log_beats_its_holdout_in_every_planted_way(demo_workspace,
                                                                      demo_truths):  # fmt: skip
    from regulars.services.offers.logged import logged_offer_test

    found = logged_offer_test(demo_workspace)
    inc = found.incrementality
    assert inc.rows == demo_truths["offers"]["rows"]
    assert len(inc.campaigns) == demo_truths["offers"]["waves"]
    realised = demo_truths["offers"]["realised"]
    held = sum(r["none"][0] for r in realised.values())
    assert inc.overall.any_offer.held_out == held
    assert inc.overall.any_offer.low > 0 and inc.overall.by_offer["pct15"].low > 0
    assert found.policy.gain.value > 0, found.policy.explanation
    plan = offers.offer_plan(demo_workspace)
    assert f"learned from {inc.rows} logged offers" in plan.explanation
