"""Order arithmetic, refunds and statuses."""

import pyarrow.compute as pc


def _np(t, c):
    return t[c].to_numpy(zero_copy_only=False)


def test_total_arithmetic(shop):
    o = shop.tables["orders"]
    total = (
        _np(o, "subtotal_cents")
        - _np(o, "discount_cents")
        + _np(o, "shipping_cents")
        + _np(o, "tax_cents")
    )
    assert (total == _np(o, "total_cents")).all()


def test_subtotal_and_discount_are_sums_of_lines(shop):
    o, items = shop.tables["orders"], shop.tables["order_items"]
    gross = pc.multiply(items["quantity"], items["unit_price_cents"])
    agg = (
        items.append_column("gross", gross)
        .group_by("order_id")
        .aggregate([("gross", "sum"), ("discount_cents", "sum")])
    )
    joined = o.join(agg, "order_id")
    assert joined.num_rows == o.num_rows
    assert (_np(joined, "gross_sum") == _np(joined, "subtotal_cents")).all()
    assert (_np(joined, "discount_cents_sum") == _np(joined, "discount_cents")).all()


def test_refunds_match_status(shop):
    o, r = shop.tables["orders"], shop.tables["refunds"]
    share = r.num_rows / o.num_rows
    assert 0.015 < share < 0.035
    refunded = o.filter(
        pc.is_in(
            o["status"], value_set=__import__("pyarrow").array(["refunded", "partially_refunded"])
        )
    )
    assert set(refunded["order_id"].to_pylist()) == set(r["order_id"].to_pylist())
    joined = r.join(o.select(["order_id", "total_cents", "status"]), "order_id")
    full = joined.filter(pc.equal(joined["status"], "refunded"))
    assert (_np(full, "amount_cents") == _np(full, "total_cents")).all()
    assert (_np(joined, "amount_cents") <= _np(joined, "total_cents")).all()


def test_cancelled_have_cancelled_at(shop):
    o = shop.tables["orders"]
    cancelled = pc.equal(o["status"], "cancelled")
    assert pc.all(pc.equal(pc.is_valid(o["cancelled_at"]), cancelled)).as_py()


def test_seasonality_holiday_peak(shop):
    o = shop.tables["orders"].filter(pc.equal(shop.tables["orders"]["channel"], "web"))
    month = pc.strftime(o["ordered_at"], "%m").to_numpy(zero_copy_only=False)
    year = pc.strftime(o["ordered_at"], "%Y").to_numpy(zero_copy_only=False)
    dec = ((month == "12") & (year == "2025")).sum()
    sep = ((month == "09") & (year == "2025")).sum()
    assert dec > 1.4 * sep
