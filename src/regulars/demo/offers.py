"""A logged offer test with a planted discount response per customer group: in each of a few
monthly waves before the end, every retail customer then known got one of the offers (no offer, 5 /
10 / 15% off, free shipping, a bundle) uniformly at random; the ones given no offer are the
randomised holdout. Whether they bought within the wave follows a planted rate per group and offer
(discount hunters answer deep discounts, ordinary customers free shipping, gift buyers bundles,
subscribers buy anyway); what a purchase left is its basket's margin less what the offer gave away.

The log is the ``offer_log`` table (one row a customer and wave: its campaign, when it was sent,
the offer, its propensity, the margin after it), imported like the shop's other tables; its four
columns customer_id, offer, propensity and margin_cents are also what an email tool exports
(``services.offers.read_offer_log``). Its purchases are the test's own record, not rows of
``orders``. The draws come from a stream of their own.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from regulars.analytics.offers import OFFERS, OfferBandit
from regulars.demo import customers as cu
from regulars.demo import tables
from regulars.demo.clock import DAY_US

#: Planted purchase rate per group under each offer, in OFFERS order.
RATES = {
    "discount_hunter": (0.04, 0.08, 0.16, 0.30, 0.10, 0.12),
    "ordinary": (0.10, 0.11, 0.12, 0.13, 0.22, 0.12),
    "lapsed": (0.02, 0.03, 0.06, 0.14, 0.04, 0.05),
    "subscriber": (0.30, 0.30, 0.31, 0.31, 0.30, 0.30),
    "gift_buyer": (0.07, 0.08, 0.09, 0.10, 0.10, 0.20),
}
WAVES = 6
WAVE_DAYS = 30
SEND_HOUR = 10  # each wave's email goes out at 10:00 UTC on its first day
BASKET_CENTS, MARGIN = 4000, 0.4  # the bandit's defaults: its values are the planted ones


def planted_best() -> dict[str, str]:
    """Per group, the offer with the highest expected margin per customer offered it."""
    value = np.array(list(RATES.values())) * OfferBandit().order_margin_cents()[None, :]
    return {g: OFFERS[int(i)].key for g, i in zip(RATES, value.argmax(1), strict=True)}


def _table(customer_ids: pa.Array, a, margin, sent_us, wave) -> pa.Table:
    return tables.build("offer_log", {
        "offer_log_id": tables.ids("OL", len(a), width=7),
        "customer_id": customer_ids,
        "campaign": tables.pick([f"offer test, wave {w}" for w in range(1, WAVES + 1)],
                                wave - 1),
        "offered_at": sent_us,
        "offer": tables.pick([o.key for o in OFFERS], a),
        "propensity": np.full(len(a), 1 / len(OFFERS)),
        "margin_cents": margin,
    })  # fmt: skip


def make_offer_log(rng, end_us: int, people: cu.Customers) -> tuple[pa.Table, dict]:
    """The log (one row a customer and wave) and its truths."""
    names = np.array(cu.GROUPS, dtype=object)[people.group]
    cost = np.array([o.discount for o in OFFERS]), np.array([o.fixed_cost_cents for o in OFFERS])
    ids, offer, margin, seen = [], [], [], np.zeros((len(RATES), len(OFFERS), 2), np.int64)
    sent, wave_of = [], []
    for wave in range(WAVES):
        start = end_us - (WAVES - wave) * WAVE_DAYS * DAY_US
        who = np.flatnonzero(np.isin(names, list(RATES)) & (people.created_us < start))
        g = np.array([list(RATES).index(n) for n in names[who]], np.int64)
        a = rng.integers(0, len(OFFERS), len(who))
        bought = rng.random(len(who)) < np.array(list(RATES.values()))[g, a]
        basket = rng.gamma(4.0, BASKET_CENTS / 4.0, len(who))
        left = np.round(basket * (MARGIN - cost[0][a]) - cost[1][a]).astype(np.int64)
        np.add.at(seen, (g, a, 0), 1)
        np.add.at(seen, (g, a, 1), bought.astype(np.int64))
        ids.append(who), offer.append(a), margin.append(np.where(bought, left, 0))
        sent.append(np.full(len(who), start + SEND_HOUR * 3600 * 1_000_000))
        wave_of.append(np.full(len(who), wave + 1))
    who, a = np.concatenate(ids), np.concatenate(offer)
    table = _table(people.ids.take(pa.array(who)), a, np.concatenate(margin),
                   np.concatenate(sent), np.concatenate(wave_of))  # fmt: skip
    truths = {
        "rates": {g: dict(zip((o.key for o in OFFERS), r, strict=True)) for g, r in RATES.items()},
        "best": planted_best(),
        "waves": WAVES,
        "rows": len(a),
        "realised": {
            g: {o.key: seen[i, k].tolist() for k, o in enumerate(OFFERS)}
            for i, g in enumerate(RATES)
        },  # fmt: skip
        "holdout": "the customers given no offer (randomised, 1 in 6)",
    }
    return table, truths
