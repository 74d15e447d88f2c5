"""The planted truths are visible in the data with simple checks."""

import datetime as dt
import json

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

DAY_US = 86_400_000_000


def _np(t, c):
    return t[c].to_numpy(zero_copy_only=False)


def _us(t, c):
    return t[c].cast(pa.int64()).to_numpy(zero_copy_only=False)


def _group_of(shop, customer_ids):
    groups = shop.truths.customer_groups
    return np.array([groups[c] for c in customer_ids])


def test_truths_json_serialisable(shop):
    d = shop.truths.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert set(d["customer_groups"]) == set(shop.tables["customers"]["customer_id"].to_pylist())
    assert d["btyd"]["r"] > 0 and d["btyd"]["alpha"] > 0


def test_discount_hunters_use_codes(shop):
    o = shop.tables["orders"]
    g = _group_of(shop, _np(o, "customer_id"))
    coded = pc.is_valid(o["discount_code"]).to_numpy(zero_copy_only=False)
    hunters, others = coded[g == "discount_hunter"].mean(), coded[(g != "discount_hunter")].mean()
    assert hunters > 0.6 and hunters > 4 * others


def test_subscribers_order_monthly_to_the_end(shop):
    o = shop.tables["orders"].filter(pc.equal(shop.tables["orders"]["channel"], "subscription"))
    end_us = (dt.date.fromisoformat(shop.truths.end) - dt.date(1970, 1, 1)).days * DAY_US + DAY_US
    t = _us(o, "ordered_at")
    recent = t >= end_us - 183 * DAY_US
    months = pc.strftime(o["ordered_at"], "%Y-%m").to_numpy(zero_copy_only=False)
    per_customer = {}
    for c, m in zip(_np(o, "customer_id")[recent], months[recent]):
        per_customer.setdefault(c, set()).add(m)
    subs = [c for c, g in shop.truths.customer_groups.items() if g == "subscriber"]
    covered = np.array([len(per_customer.get(c, ())) >= 5 for c in subs])
    assert covered.mean() > 0.9


def test_lapsed_customers_stopped(shop):
    o = shop.tables["orders"]
    end_us = (dt.date.fromisoformat(shop.truths.end) - dt.date(1970, 1, 1)).days * DAY_US + DAY_US
    quiet = shop.truths.group_rules["lapsed_quiet_days"]
    g = _group_of(shop, _np(o, "customer_id"))
    t = _us(o, "ordered_at")
    assert (g == "lapsed").sum() > 0
    assert (t[g == "lapsed"] < end_us - quiet * DAY_US).all()


def test_gift_buyers_buy_in_november_december(shop):
    o = shop.tables["orders"]
    g = _group_of(shop, _np(o, "customer_id"))
    month = pc.strftime(o["ordered_at"], "%m").to_numpy(zero_copy_only=False)
    season = np.isin(month, ["11", "12"])
    assert season[g == "gift_buyer"].mean() > 0.75
    assert season[g == "ordinary"].mean() < 0.35


def test_wholesale_cafes(shop):
    c = shop.tables["customers"]
    wholesale = set(c.filter(pc.equal(c["customer_type"], "wholesale"))["customer_id"].to_pylist())
    assert wholesale == {k for k, v in shop.truths.customer_groups.items() if v == "wholesale"}
    o = shop.tables["orders"]
    ws = pc.is_in(o["customer_id"], value_set=pa.array(sorted(wholesale))).to_numpy(
        zero_copy_only=False
    )
    channel = _np(o, "channel")
    assert (channel[ws] == "wholesale").all() and (channel[~ws] != "wholesale").all()
    totals = _np(o, "total_cents")
    assert np.median(totals[ws]) > 5 * np.median(totals[~ws])
    won = shop.tables["deals"].filter(pc.field("is_won"))
    assert set(won["customer_id"].to_pylist()) == wholesale


def test_shipping_delay_month(shop):
    f = shop.tables["feedback"].filter(pc.equal(shop.tables["feedback"]["kind"], "ticket"))
    text = pc.utf8_lower(f["text"])
    shipping = pc.or_(
        pc.match_substring(text, "ship"), pc.match_substring(text, "deliver")
    ).to_numpy(zero_copy_only=False)
    month = pc.strftime(f["created_at"], "%Y-%m").to_numpy(zero_copy_only=False)
    truth = shop.truths.shipping_delay
    in_month = month == truth["month"]
    assert shipping[in_month].mean() > 3 * shipping[~in_month].mean()
    assert abs(shipping[~in_month].mean() - truth["normal_share"]) < 0.04
    assert truth["mean_rating_in_month"] < truth["mean_rating_other_months"] - 0.5
    assert truth["mean_csat_delay_tickets"] < truth["mean_csat_other"]
    responded = pc.is_valid(f["first_response_at"]).to_numpy(zero_copy_only=False)
    assert responded.mean() > 0.95


def _converted(shop, experiment_id):
    a = shop.tables["experiment_assignments"]
    a = a.filter(pc.and_(pc.equal(a["experiment_id"], experiment_id), pc.is_valid(a["exposed_at"])))
    o = shop.tables["orders"]
    exposed = dict(zip(_np(a, "customer_id"), _us(a, "exposed_at")))
    arm = dict(zip(_np(a, "customer_id"), _np(a, "arm")))
    buyers = set()
    for c, t in zip(_np(o, "customer_id"), _us(o, "ordered_at")):
        if c in exposed and exposed[c] <= t < exposed[c] + 14 * DAY_US:
            buyers.add(c)
    return {k: np.mean([c in buyers for c in arm if arm[c] == k]) for k in ("control", "treatment")}


def test_banner_experiment_has_real_lift(shop):
    truth = shop.truths.experiments[0]
    rates = _converted(shop, truth["experiment_id"])
    assert rates["treatment"] > rates["control"] + 0.02
    assert abs(rates["control"] - truth["planted"]["control"]) < 0.03
    for arm in ("control", "treatment"):
        r = truth["realised"][arm]
        assert abs(r["converted"] / r["exposed"] - rates[arm]) < 1e-9


def test_subject_line_experiment_is_null(shop):
    truth = shop.truths.experiments[1]
    assert truth["planted_lift"] == 0
    r = truth["realised"]
    rate = {k: r[k]["opened"] / r[k]["exposed"] for k in r}
    assert abs(rate["control"] - rate["treatment"]) < 0.04
    assert shop.tables["experiments"]["arms"].to_pylist() == ["control:0.5,treatment:0.5"] * 2


def test_campaign_rates_near_planted(shop):
    c = shop.tables["campaigns"]
    truths = {t["campaign_id"]: t for t in shop.truths.campaigns}
    email = c.filter(pc.equal(c["channel"], "email"))
    opens, clicks, delivered = (
        _np(email, k).astype(float) for k in ("opens", "clicks", "delivered")
    )
    planted_open = np.array(
        [truths[i]["planted_open_rate"] for i in email["campaign_id"].to_pylist()]
    )
    planted_click = np.array(
        [truths[i]["planted_click_rate"] for i in email["campaign_id"].to_pylist()]
    )
    se = np.sqrt(planted_open * (1 - planted_open) / delivered)
    assert (np.abs(opens / delivered - planted_open) < 4 * se + 0.005).all()
    assert (
        abs(clicks.sum() / delivered.sum() - (planted_click * delivered).sum() / delivered.sum())
        < 0.005
    )
    touches = shop.tables["campaign_touches"]
    n_clicked = pc.sum(pc.equal(touches["touch_type"], "clicked")).as_py()
    assert n_clicked >= clicks.sum()  # email clicks plus ad clicks by identified customers


def test_campaign_orders_follow_clicks_and_holdout_exists(shop):
    holdouts = [t for t in shop.truths.campaigns if t["holdout"]]
    assert holdouts and all(t["holdout_size"] > 0 for t in holdouts)
    touches = shop.tables["campaign_touches"]
    assert pc.sum(pc.equal(touches["touch_type"], "holdout")).as_py() == sum(
        t["holdout_size"] for t in holdouts
    )
    caused = sum(t["caused_orders"] for t in shop.truths.campaigns if t["channel"] == "email")
    clicks = sum(t["clicks"] for t in shop.truths.campaigns if t["channel"] == "email")
    planted = sum(
        t["planted_conversion"] * t["clicks"]
        for t in shop.truths.campaigns
        if t["channel"] == "email"
    )
    assert abs(caused - planted) < 4 * np.sqrt(planted) + 0.05 * clicks


def test_site_conversion(shop):
    e = shop.tables["events"]
    types = _np(e, "event_type")
    sessions = (types == "session_start").sum()
    checkouts = (types == "checkout").sum()
    assert abs(checkouts / sessions - shop.truths.site_conversion["planted"]) < 0.004
    assert (types == "content_read").sum() > 0 and (types == "email_open").sum() > 0


def test_sales_pipeline(shop):
    d = shop.tables["deals"]
    closed = _np(d, "is_closed")
    won = _np(d, "is_won")
    assert abs(won[closed].mean() - shop.truths.sales["planted_win_rate"]) < 0.08
    cycle = (_us(d, "closed_at") - _us(d, "created_at"))[won] / DAY_US
    assert abs(cycle.mean() - shop.truths.sales["planted_avg_cycle_days_won"]) < 10
    h = shop.tables["deal_stage_history"]
    assert set(_np(h, "stage")) <= set(shop.truths.sales["stages"])


def test_competitor_price_index(shop):
    obs = shop.tables["competitor_observations"].filter(
        pc.is_null(shop.tables["competitor_observations"]["promotion"])
    )
    prices = (
        shop.tables["products"]
        .select(["product_id", "price_cents"])
        .rename_columns(["product_id", "ours"])
    )
    j = obs.join(prices, "product_id")
    ratio = _np(j, "price_cents") / _np(j, "ours")
    comp = _np(j, "competitor_id")
    for cid, t in shop.truths.competitors.items():
        assert abs(np.median(ratio[comp == cid]) - t["planted_price_index"]) < 0.02
    promos = shop.tables["competitor_observations"]["promotion"].drop_null()
    assert len(promos) > 0


def test_marketing_refused_matches_latest_consent(shop):
    c = shop.tables["consents"].filter(pc.equal(shop.tables["consents"]["purpose"], "marketing"))
    latest = {}
    for cust, t, g in zip(_np(c, "customer_id"), _us(c, "recorded_at"), _np(c, "granted")):
        if cust not in latest or t >= latest[cust][0]:
            latest[cust] = (t, g)
    refused = sorted(k for k, (_, g) in latest.items() if not g)
    assert refused == shop.truths.marketing_refused
    assert 0.2 < len(refused) / len(latest) < 0.5
    sources = set(_np(c, "source"))
    assert "unsubscribe link" in sources
