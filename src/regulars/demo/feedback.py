"""Reviews, support tickets and NPS / CSAT surveys, with a planted month of shipping delays.

Text is templated by topic and sentiment. Only shipping texts mention shipping or delivery, so the
share of shipping complaints can be read from the words. In the delay month tickets are 2.5x as
frequent, most are about shipping, first responses are slower and ratings, CSAT and NPS drop.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from regulars.demo import orders as od
from regulars.demo import purchases as pu
from regulars.demo import tables
from regulars.demo.clock import DAY_US, HOUR_US, NEVER, Window, add_months, day_number

TOPICS = (
    "taste",
    "freshness",
    "shipping",
    "packaging",
    "price",
    "grinder quality",
    "subscription management",
)
SHIPPING = 2
TOPIC_P = (0.34, 0.18, 0.12, 0.10, 0.10, 0.09, 0.07)
DELAY_SHIPPING_SHARE = 0.60
TICKET_RATE, DELAY_TICKET_FACTOR, REVIEW_RATE, NPS_RATE, CSAT_SHARE = 0.03, 2.5, 0.06, 0.04, 0.4
TEXT = {  # topic -> (positive, neutral, negative) templates
    "taste": (
        "Bright, sweet and clean - my new favourite cup.",
        "Tastes fine, a bit milder than I expected.",
        "Tasted flat and bitter, not what the notes promised.",
    ),
    "freshness": (
        "Roasted two days before it reached me, super fresh.",
        "Fresh enough, roast date was a week old.",
        "The beans were stale, roast date was over a month old.",
    ),
    "shipping": (
        "Fast shipping, arrived in two days.",
        "Delivery took about a week, which was okay.",
        "My order arrived late - the shipping delay was over two weeks and tracking never updated.",
    ),
    "packaging": (
        "Lovely compostable bag, the valve keeps it fresh.",
        "The bag is fine but hard to reseal.",
        "The bag was torn open and beans spilled everywhere.",
    ),
    "price": (
        "Worth every cent for this quality.",
        "A little pricey, but good.",
        "Too expensive for what you get.",
    ),
    "grinder quality": (
        "The grinder is consistent and quiet.",
        "The grinder works, a bit noisy.",
        "The grinder burrs wobble and the grind is uneven.",
    ),
    "subscription management": (
        "Easy to pause and skip months in my account.",
        "Changing my plan took a few clicks.",
        "I could not cancel my subscription online, had to write twice.",
    ),
}
TITLES = {
    "taste": "Taste",
    "freshness": "Freshness",
    "shipping": "Shipping",
    "packaging": "Packaging",
    "price": "Price",
    "grinder quality": "Grinder",
    "subscription management": "Subscription",
}
REPLY = (
    "Thank you for the kind words!",
    "Thanks for the feedback - we will look into it.",
    "We are sorry. Our team has reached out to make it right.",
)


def delay_month(window: Window) -> dt.date:
    """The planted month: nine months before the last month (or the middle month of a short
    window)."""
    months = (window.end.year - window.start.year) * 12 + window.end.month - window.start.month + 1
    back = 9 if months > 12 else months // 2
    return add_months(window.end, -back)


def _month_mask(t_us: np.ndarray, month: dt.date) -> np.ndarray:
    a, b = day_number(month) * DAY_US, day_number(add_months(month, 1)) * DAY_US
    return (t_us >= a) & (t_us < b)


def _topics(rng, in_delay: np.ndarray) -> np.ndarray:
    normal = rng.choice(len(TOPICS), len(in_delay), p=TOPIC_P)
    return np.where(in_delay & (rng.random(len(in_delay)) < DELAY_SHIPPING_SHARE), SHIPPING, normal)


def _ratings(rng, bad: np.ndarray) -> np.ndarray:
    good = rng.choice([5, 4, 3, 2, 1], len(bad), p=[0.55, 0.25, 0.08, 0.06, 0.06])
    poor = rng.choice([5, 4, 3, 2, 1], len(bad), p=[0.05, 0.10, 0.20, 0.30, 0.35])
    return np.where(bad, poor, good)


def _texts(topic: np.ndarray, sentiment: np.ndarray) -> tuple[list, list]:
    text = [TEXT[TOPICS[t]][s] for t, s in zip(topic, sentiment)]
    title = [TITLES[TOPICS[t]] for t in topic]
    return title, text


def _rows(kind, source, channel, idx, orders, created, **kw) -> dict:
    return {
        "kind": kind,
        "source": source,
        "channel": channel,
        "cust": orders.cust[idx],
        "order": idx,
        "created": created,
        **kw,
    }


def _reviews(rng, window, orders: od.Orders, month) -> dict:
    ok = ~np.isin(orders.status, (od.FAILED, od.CANCELLED)) & (orders.origin != pu.WHOLESALE)
    idx = np.flatnonzero(ok & (rng.random(len(ok)) < REVIEW_RATE))
    created = orders.t_us[idx] + rng.integers(5 * DAY_US, 20 * DAY_US, len(idx))
    idx, created = idx[created < window.end_us], created[created < window.end_us]
    in_delay = _month_mask(created, month)
    topic = _topics(rng, in_delay)
    rating = _ratings(rng, in_delay & (topic == SHIPPING))
    sentiment = np.select([rating >= 4, rating == 3], [0, 1], 2)
    title, text = _texts(topic, sentiment)
    source = np.array(["trustpilot", "google", "shop"], dtype=object)[rng.integers(0, 3, len(idx))]
    return _rows(
        "review",
        source,
        "web",
        idx,
        orders,
        created,
        rating=rating.astype(float),
        title=title,
        text=text,
        reply=np.array(REPLY, dtype=object)[sentiment],
        topic=topic,
    )


def _tickets(rng, window, orders: od.Orders, month) -> dict:
    created = orders.t_us + rng.integers(DAY_US, 6 * DAY_US, len(orders.t_us))
    in_delay = _month_mask(created, month)
    p = np.where(in_delay, TICKET_RATE * DELAY_TICKET_FACTOR, TICKET_RATE)
    idx = np.flatnonzero((rng.random(len(created)) < p) & (created < window.end_us - DAY_US))
    created, in_delay = created[idx], in_delay[idx]
    topic = _topics(rng, in_delay)
    median_h = np.where(in_delay, 20.0, 4.0)
    first = created + (rng.lognormal(np.log(median_h), 0.7) * HOUR_US).astype(np.int64)
    resolved = first + (rng.lognormal(np.log(24.0), 0.8, len(idx)) * HOUR_US).astype(np.int64)
    first = np.where(first < window.end_us, first, NEVER)
    resolved = np.where(resolved < window.end_us, resolved, NEVER)
    title, text = _texts(topic, np.full(len(idx), 2))
    channel = np.array(["email", "chat", "phone"], dtype=object)[
        rng.choice(3, len(idx), p=[0.6, 0.3, 0.1])
    ]
    return _rows(
        "ticket",
        "helpdesk",
        channel,
        idx,
        orders,
        created,
        title=title,
        text=text,
        first=first,
        resolved=resolved,
        topic=topic,
        in_delay=in_delay,
    )


def _surveys(rng, window, orders: od.Orders, tickets: dict, month) -> dict:
    idx = np.flatnonzero(rng.random(len(orders.t_us)) < NPS_RATE)
    created = orders.t_us[idx] + 14 * DAY_US
    idx, created = idx[created < window.end_us], created[created < window.end_us]
    bad = _month_mask(orders.t_us[idx], month)
    nps = np.where(
        bad,
        rng.choice(11, len(idx), p=np.r_[np.full(7, 0.35 / 7), 0.15, 0.15, 0.2, 0.15]),
        rng.choice(11, len(idx), p=np.r_[np.full(7, 0.12 / 7), 0.13, 0.2, 0.3, 0.25]),
    )
    t_pick = np.flatnonzero(
        (rng.random(len(tickets["order"])) < CSAT_SHARE) & (tickets["resolved"] != NEVER)
    )
    t_at = tickets["resolved"][t_pick] + HOUR_US
    keep = t_at < window.end_us
    t_pick, t_at = t_pick[keep], t_at[keep]
    slow = tickets["in_delay"][t_pick]
    csat = np.where(
        slow,
        rng.choice([1, 2, 3, 4, 5], len(t_pick), p=[0.3, 0.3, 0.2, 0.1, 0.1]),
        rng.choice([1, 2, 3, 4, 5], len(t_pick), p=[0.05, 0.07, 0.13, 0.35, 0.4]),
    )
    n1, n2 = len(idx), len(t_pick)
    return {
        "kind": "survey",
        "source": "survey tool",
        "channel": "email",
        "cust": np.r_[orders.cust[idx], tickets["cust"][t_pick]],
        "order": np.r_[idx, tickets["order"][t_pick]],
        "created": np.r_[created, t_at],
        "nps": np.r_[nps, np.full(n2, -1)],
        "csat": np.r_[np.full(n1, -1), csat],
        "title": ["NPS survey"] * n1 + ["Support satisfaction"] * n2,
    }


def _column(parts: list[dict], key: str, default, dtype=object) -> np.ndarray:
    out = []
    for p in parts:
        n = len(p["created"])
        v = p.get(key, default)
        out.append(
            np.asarray(v, dtype=dtype)
            if isinstance(v, (list, np.ndarray))
            else np.full(n, v, dtype=dtype)
        )
    return np.concatenate(out)


def _truths(reviews: dict, tickets: dict, surveys: dict, month: dt.date) -> dict:
    in_t = tickets["in_delay"]
    ship = tickets["topic"] == SHIPPING
    r_in = _month_mask(reviews["created"], month)
    csat = surveys["csat"][surveys["csat"] >= 0]
    csat_in = _month_mask(surveys["created"], month)[surveys["csat"] >= 0]
    mean = lambda a: float(a.mean()) if len(a) else None  # noqa: E731
    return {
        "month": f"{month:%Y-%m}",
        "measure": "share of tickets whose topic is shipping (created that month)",
        "normal_share": TOPIC_P[SHIPPING],
        "planted_share": DELAY_SHIPPING_SHARE + (1 - DELAY_SHIPPING_SHARE) * TOPIC_P[SHIPPING],
        "realised_share_in_month": mean(ship[in_t].astype(float)),
        "realised_share_other_months": mean(ship[~in_t].astype(float)),
        "tickets_in_month": int(in_t.sum()),
        "ticket_rate_factor": DELAY_TICKET_FACTOR,
        "mean_rating_in_month": mean(reviews["rating"][r_in]),
        "mean_rating_other_months": mean(reviews["rating"][~r_in]),
        "mean_csat_delay_tickets": mean(csat[csat_in]),
        "mean_csat_other": mean(csat[~csat_in]),
        "median_first_response_hours": {"normal": 4.0, "delay_month": 20.0},
        **_first_week(reviews, tickets, month),
    }


def _first_week(reviews: dict, tickets: dict, month: dt.date) -> dict:
    """What the feedback emerging-issue alert must find: shipping texts in the first 7 days."""
    a = day_number(month) * DAY_US
    n = sum(
        int(
            ((p["created"] >= a) & (p["created"] < a + 7 * DAY_US) & (p["topic"] == SHIPPING)).sum()
        )
        for p in (reviews, tickets)
    )
    last = month + dt.timedelta(days=6)
    return {"first_week": [month.isoformat(), last.isoformat()], "shipping_texts_first_week": n}


def make_feedback(
    rng: np.random.Generator,
    window: Window,
    customer_ids: pa.Array,
    names: pa.Array,
    orders: od.Orders,
) -> tuple[pa.Table, dict]:
    month = delay_month(window)
    reviews = _reviews(rng, window, orders, month)
    tickets = _tickets(rng, window, orders, month)
    surveys = _surveys(rng, window, orders, tickets, month)
    parts = [reviews, tickets, surveys]
    created = _column(parts, "created", NEVER, np.int64)
    order = np.lexsort((_column(parts, "order", -1, np.int64), created))
    col = lambda k, d, t=object: _column(parts, k, d, t)[order]  # noqa: E731
    cust, order_idx = col("cust", -1, np.int64), col("order", -1, np.int64)
    nps, csat = col("nps", -1, np.int64), col("csat", -1, np.int64)
    kind = col("kind", None)
    author = names.take(pa.array(cust)).to_numpy(zero_copy_only=False).astype(object)
    author[kind != "review"] = None
    table = tables.build(
        "feedback",
        {
            "feedback_id": tables.ids("F", len(order), 6),
            "kind": list(kind),
            "source": list(col("source", None)),
            "channel": list(col("channel", None)),
            "customer_id": customer_ids.take(pa.array(cust)),
            "order_id": orders.ids.take(pa.array(order_idx)),
            "created_at": created[order],
            "rating": col("rating", np.nan, float),
            "nps": pa.array(nps, pa.int64(), mask=nps < 0),
            "csat": pa.array(csat, pa.int64(), mask=csat < 0),
            "title": list(col("title", None)),
            "text": list(col("text", None)),
            "author_name": list(author),
            "first_response_at": col("first", NEVER, np.int64),
            "resolved_at": col("resolved", NEVER, np.int64),
            "reply_text": list(col("reply", None)),
        },
    )
    return table, _truths(reviews, tickets, surveys, month)
