"""Priced orders, their lines and refunds, from the purchase plan.

Money arithmetic (all integer cents):
  line gross       = quantity x unit_price_cents
  line discount    = floor(line gross x code percent / 100)      (order_items.discount_cents)
  subtotal_cents   = sum of line gross                            (before discount, as the schema
  says)
  discount_cents   = sum of line discounts
  total_cents      = subtotal - discount + shipping + tax
Shipping: web orders under $50 after discount pay $6.95 (US) / $9.95 (CA); subscriptions and
wholesale ship free. Tax: a flat rate per region on (subtotal - discount + shipping); wholesale is
tax exempt (resale). Wholesale unit price is 65% of list.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.demo import affinities as af
from regulars.demo import catalog as ca
from regulars.demo import customers as cu
from regulars.demo import prices as pr
from regulars.demo import purchases as pu
from regulars.demo import tables
from regulars.demo.clock import DAY_US, HOUR_US, NEVER, Window

TAX = {
    "OR": 0.0,
    "WA": 0.065,
    "NY": 0.04,
    "TX": 0.0625,
    "CO": 0.029,
    "IL": 0.01,
    "CA": 0.0,
    "MN": 0.0,
    "MA": 0.0,
    "ON": 0.13,
    "BC": 0.05,
    "QC": 0.05,
    "AB": 0.05,
}
FREE_SHIPPING_CENTS = 5000
STATUSES = ("paid", "pending", "refunded", "partially_refunded", "cancelled", "failed")
PAID, PENDING, REFUNDED, PARTIAL, CANCELLED, FAILED = range(6)
REFUND_RATE, FULL_REFUND_SHARE, CANCEL_RATE, FAIL_RATE = 0.025, 0.6, 0.006, 0.003
REFUND_REASONS = (
    "damaged in transit",
    "wrong item",
    "arrived stale",
    "late delivery",
    "changed mind",
    "duplicate order",
)
GENERIC_CODES = (("WELCOME10", 10), ("SAVE10", 10))
#: Code use probability by (is discount hunter, inside a promotion).
CODE_P = {(True, True): 0.95, (True, False): 0.45, (False, True): 0.30, (False, False): 0.04}
#: Category mix of a line: beans, equipment, subscriptions, gifts.
MIX = {
    "retail": (0.74, 0.18, 0.0, 0.08),
    "retail_holiday": (0.55, 0.15, 0.0, 0.30),
    "gift": (0.15, 0.05, 0.0, 0.80),
    "wholesale": (1.0, 0.0, 0.0, 0.0),
}


@dataclass(frozen=True)
class Orders:
    table: pa.Table
    items: pa.Table | None
    refunds: pa.Table
    cust: np.ndarray
    t_us: np.ndarray
    origin: np.ndarray
    campaign: np.ndarray
    status: np.ndarray
    total: np.ndarray
    discount: np.ndarray
    has_category: np.ndarray  # (n_orders, 4) bool: order contains a line of the category
    pricing: dict | None = None  # the planted price responses (demo.prices.truths)

    @property
    def ids(self) -> pa.Array:
        return self.table.column("order_id").combine_chunks()


def _mix_class(origin: np.ndarray, t_us: np.ndarray) -> np.ndarray:
    day_of_year = (
        (t_us // DAY_US).astype("datetime64[D]")
        - (t_us // DAY_US).astype("datetime64[D]").astype("datetime64[Y]")
    ).astype(np.int64)
    holiday = day_of_year >= 318  # from mid November
    cls = np.where(holiday, 1, 0)
    cls = np.where(origin == pu.GIFT, 2, cls)
    return np.where(origin == pu.WHOLESALE, 3, cls)


def _products(rng, cat: ca.Catalog, line_cls: np.ndarray, sub_product: np.ndarray) -> np.ndarray:
    """A product per line: category by the line's class, product by popularity within the
    category."""
    mixes = np.array(list(MIX.values()))
    category = np.full(len(line_cls), ca.SUBSCRIPTIONS)
    for k in range(len(mixes)):
        m = np.flatnonzero(line_cls == k)
        category[m] = rng.choice(4, size=len(m), p=mixes[k])
    product = np.empty(len(line_cls), dtype=np.int64)
    for c in range(4):
        members = cat.in_category(c)
        if c == ca.BEANS:
            m = np.flatnonzero((category == c) & (line_cls == 3))  # wholesale buys 1 kg bags
            big = members[1::2]
            product[m] = big[
                rng.choice(len(big), size=len(m), p=cat.popularity[big] / cat.popularity[big].sum())
            ]
            m = np.flatnonzero((category == c) & (line_cls != 3))
        else:
            m = np.flatnonzero(category == c)
        w = cat.popularity[members]
        product[m] = members[rng.choice(len(members), size=len(m), p=w / w.sum())]
    subs = line_cls == 4
    product[subs] = sub_product[subs]
    return product


def _lines(
    rng,
    cat: ca.Catalog,
    people: cu.Customers,
    cust: np.ndarray,
    origin: np.ndarray,
    t_us: np.ndarray,
    prices_rng=None,
):
    n = len(cust)
    extra = np.minimum(rng.poisson(np.where(origin == pu.WHOLESALE, 1.5, 0.6)), 4)
    n_lines = np.where(origin == pu.SUBSCRIPTION, 1, 1 + extra)
    order = np.repeat(np.arange(n), n_lines)
    cls = np.where(origin == pu.SUBSCRIPTION, 4, _mix_class(origin, t_us))[order]
    subs = cat.in_category(ca.SUBSCRIPTIONS)
    sub_product = subs[
        (cust[order] * 7919) % (len(subs) - 1)
    ]  # each subscriber keeps one plan (not the office one)
    product = _products(rng, cat, cls, sub_product)
    is_beans = cat.category[product] == ca.BEANS
    qty = np.where(
        cls == 3, 5 + rng.poisson(10, len(order)), 1 + (is_beans & (rng.random(len(order)) < 0.25))
    )
    price = cat.price[product]
    price = np.where(cls == 3, np.round(price * 0.65).astype(np.int64), price)
    planted = af.plant(rng.spawn(1)[0], cat, cust, order, cls, product, qty.astype(np.int64), price)
    order, cls, product, qty, price = planted
    plan = None
    if prices_rng is not None:  # the planted price responses (demo.prices), their own stream
        product, price, first, schedules = pr.plant(prices_rng, cat, t_us[order], cls, product,
                                                    price)  # fmt: skip
        plan = pr.truths(cat, first, schedules)
    return order, product, qty, price, plan


def _codes(rng, window: Window, people: cu.Customers, cust, origin, t_us):
    """Discount code index per order (-1 none) and percent; codes: promotions then generic ones."""
    day = np.clip((t_us - window.start_us) // DAY_US, 0, window.n_days - 1)
    promo = window.promo_index()[day]
    hunter = people.group[cust] == cu.HUNTER
    p = np.select(
        [hunter & (promo >= 0), hunter, promo >= 0],
        [CODE_P[True, True], CODE_P[True, False], CODE_P[False, True]],
        CODE_P[False, False],
    )
    p = np.where(np.isin(origin, (pu.SUBSCRIPTION, pu.WHOLESALE)), 0.0, p)
    uses = rng.random(len(cust)) < p
    generic = len(window.promotions) + rng.integers(0, len(GENERIC_CODES), len(cust))
    code = np.where(uses, np.where(promo >= 0, promo, generic), -1)
    percents = np.array(
        [pr.percent for pr in window.promotions] + [g[1] for g in GENERIC_CODES] + [0]
    )
    return code, percents[code]


def _money(people: cu.Customers, cust, origin, order, qty, price, percent):
    n = len(cust)
    gross = qty * price
    line_discount = gross * percent[order] // 100
    subtotal = np.bincount(order, weights=gross, minlength=n).astype(np.int64)
    discount = np.bincount(order, weights=line_discount, minlength=n).astype(np.int64)
    country_ca = np.array([p[2] == "CA" for p in cu.PLACES])[people.place[cust]]
    web = ~np.isin(origin, (pu.SUBSCRIPTION, pu.WHOLESALE))
    shipping = np.where(
        web & (subtotal - discount < FREE_SHIPPING_CENTS), np.where(country_ca, 995, 695), 0
    )
    rate = np.array([TAX[p[1]] for p in cu.PLACES])[people.place[cust]]
    rate = np.where(origin == pu.WHOLESALE, 0.0, rate)
    tax = np.round((subtotal - discount + shipping) * rate).astype(np.int64)
    return line_discount, subtotal, discount, shipping, tax, subtotal - discount + shipping + tax


def _status(rng, window: Window, t_us: np.ndarray) -> np.ndarray:
    u = rng.random(len(t_us))
    status = np.select(
        [
            u < REFUND_RATE * FULL_REFUND_SHARE,
            u < REFUND_RATE,
            u < REFUND_RATE + CANCEL_RATE,
            u < REFUND_RATE + CANCEL_RATE + FAIL_RATE,
        ],
        [REFUNDED, PARTIAL, CANCELLED, FAILED],
        PAID,
    )
    recent = t_us > window.end_us - 2 * DAY_US
    status = np.where(recent & (status == PAID) & (rng.random(len(t_us)) < 0.3), PENDING, status)
    return np.where(recent & np.isin(status, (REFUNDED, PARTIAL)), PAID, status)


def _refunds(rng, window: Window, order_ids: pa.Array, t_us, status, total) -> pa.Table:
    idx = np.flatnonzero(np.isin(status, (REFUNDED, PARTIAL)))
    at = np.minimum(t_us[idx] + rng.integers(2 * DAY_US, 21 * DAY_US, len(idx)), window.end_us - 1)
    share = np.where(status[idx] == REFUNDED, 1.0, rng.uniform(0.15, 0.5, len(idx)))
    return tables.build(
        "refunds",
        {
            "refund_id": tables.ids("R", len(idx), 6),
            "order_id": order_ids.take(pa.array(idx)),
            "refunded_at": at,
            "amount_cents": np.round(total[idx] * share).astype(np.int64),
            "currency": "USD",
            "reason": tables.pick(REFUND_REASONS, rng.integers(0, len(REFUND_REASONS), len(idx))),
        },
    )


def _items_table(
    cat: ca.Catalog, order_ids: pa.Array, order, product, qty, price, line_discount
) -> pa.Table:
    n_orders = len(order_ids)
    line_no = (
        np.arange(len(order))
        - np.repeat(
            np.cumsum(np.bincount(order, minlength=n_orders))
            - np.bincount(order, minlength=n_orders),
            np.bincount(order, minlength=n_orders),
        )
        + 1
    )
    ptab = cat.table
    take = pa.array(product)
    return tables.build(
        "order_items",
        {
            "order_item_id": tables.join(
                order_ids.take(pa.array(order)), "-", pc.cast(pa.array(line_no), pa.string())
            ),
            "order_id": order_ids.take(pa.array(order)),
            "product_id": cat.ids.take(take),
            "sku": ptab["sku"].combine_chunks().take(take),
            "product_name": ptab["name"].combine_chunks().take(take),
            "quantity": qty,
            "unit_price_cents": price,
            "discount_cents": line_discount,
        },
    )


def build_orders(
    rng,
    window: Window,
    cat: ca.Catalog,
    people: cu.Customers,
    plan: pu.Plan,
    with_items: bool = True,
    prices_rng=None,
) -> Orders:
    """The orders; ``prices_rng`` (a stream of its own) plants the price responses."""
    sort = np.lexsort((plan.cust, plan.t_us))
    cust, t_us, origin, campaign = (
        plan.cust[sort],
        plan.t_us[sort],
        plan.origin[sort],
        plan.campaign[sort],
    )
    n = len(cust)
    order, product, qty, price, pricing = _lines(rng, cat, people, cust, origin, t_us,
                                                 prices_rng)  # fmt: skip
    code, percent = _codes(rng, window, people, cust, origin, t_us)
    line_discount, subtotal, discount, shipping, tax, total = _money(
        people, cust, origin, order, qty, price, percent
    )
    status = _status(rng, window, t_us)
    order_ids = tables.join("#", pc.cast(pa.array(np.arange(1001, 1001 + n)), pa.string()))
    codes = [p.code for p in window.promotions] + [g[0] for g in GENERIC_CODES]
    code_arr = tables.pick(codes + [""], np.where(code < 0, len(codes), code))
    cancelled = np.where(status == CANCELLED, t_us + rng.integers(HOUR_US, 48 * HOUR_US, n), NEVER)
    ct = people.table
    take = pa.array(cust)
    table = tables.build(
        "orders",
        {
            "order_id": order_ids,
            "customer_id": people.ids.take(take),
            "ordered_at": t_us,
            "currency": "USD",
            "subtotal_cents": subtotal,
            "discount_cents": discount,
            "shipping_cents": shipping,
            "tax_cents": tax,
            "total_cents": total,
            "discount_code": pc.if_else(
                pa.array(code >= 0), code_arr, pa.scalar(None, pa.string())
            ),
            "channel": tables.pick(
                ("web", "subscription", "wholesale"),
                np.select([origin == pu.SUBSCRIPTION, origin == pu.WHOLESALE], [1, 2], 0),
            ),
            "status": tables.pick(STATUSES, status),
            "source": "shopify",
            "shipping_city": ct["city"].combine_chunks().take(take),
            "shipping_region": ct["region"].combine_chunks().take(take),
            "shipping_country": ct["country"].combine_chunks().take(take),
            "shipping_postal_code": ct["postal_code"].combine_chunks().take(take),
            "cancelled_at": cancelled,
        },
    )
    has_category = np.zeros((n, 4), dtype=bool)
    has_category[order, cat.category[product]] = True
    items = (
        _items_table(cat, order_ids, order, product, qty, price, line_discount)
        if with_items
        else None
    )
    return Orders(
        table,
        items,
        _refunds(rng, window, order_ids, t_us, status, total),
        cust,
        t_us,
        origin,
        campaign,
        status,
        total,
        discount,
        has_category,
        pricing,
    )
