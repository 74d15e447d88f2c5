"""Web analytics: sessions and events, email opens and clicks, blog posts and their reads.

Analytics were installed ``WEB_DAYS`` before the end, so events cover only that recent period (this
keeps the shop small). Each web order in that period has a converting session ending in 'checkout';
non-converting sessions are added so that sessions with a checkout / all sessions is the planted
site conversion rate. Email opens and clicks in the period mirror the campaign touches.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from regulars.demo import campaigns as cm
from regulars.demo import orders as od
from regulars.demo import purchases as pu
from regulars.demo import tables
from regulars.demo.catalog import Catalog
from regulars.demo.clock import DAY_US, Window, date_of, sample_times

WEB_DAYS = 120
SITE_CONVERSION = 0.032
EVENT_TYPES = (
    "session_start",
    "page_view",
    "product_view",
    "add_to_cart",
    "checkout",
    "email_open",
    "email_click",
    "content_read",
    "search",
)
CHANNELS = ("organic", "direct", "social", "ads", "email", "referral")
CHANNEL_P = (0.38, 0.27, 0.12, 0.10, 0.08, 0.05)
DEVICES, DEVICE_P = ("mobile", "desktop", "tablet"), (0.6, 0.35, 0.05)
PAGES = (
    "/",
    "/collections/coffee",
    "/collections/equipment",
    "/pages/subscriptions",
    "/collections/gifts",
    "/pages/about",
)
TOPICS = ("brewing", "origins", "equipment", "sustainability", "recipes")
TITLES = {
    "brewing": (
        "How to dial in your pour-over",
        "Cold brew at home",
        "Espresso ratios explained",
        "Water matters",
    ),
    "origins": (
        "Meet our Ethiopian producers",
        "Why Kenyan coffee tastes bright",
        "A season in Huila",
        "Decaf, done right",
    ),
    "equipment": (
        "Choosing your first grinder",
        "Burr vs blade grinders",
        "Kettles compared",
        "Cleaning your gear",
    ),
    "sustainability": (
        "Our compostable bags",
        "Paying above fair trade",
        "Roasting with less energy",
        "Direct trade, explained",
    ),
    "recipes": ("Iced oat latte", "Affogato three ways", "Coffee tiramisu", "Spiced holiday mocha"),
}


class Events:
    def __init__(self) -> None:
        self.cols: dict[str, list] = {
            k: []
            for k in (
                "session",
                "cust",
                "type",
                "t",
                "url",
                "product",
                "content",
                "campaign",
                "channel",
                "device",
            )
        }

    def add(self, **kw) -> None:
        n = len(kw["t"])
        for k, v in self.cols.items():
            value = kw.get(k, -1)
            v.append(np.broadcast_to(np.asarray(value, dtype=np.int64), (n,)))

    def arrays(self) -> dict[str, np.ndarray]:
        return {k: np.concatenate(v) for k, v in self.cols.items()}


def content_items(rng, window: Window, tracking_start: int) -> tuple[pa.Table, list[str]]:
    titles = [(topic, t) for topic in TOPICS for t in TITLES[topic]]
    n = len(titles)
    published = np.sort(
        window.start_us
        + (rng.random(n) * (tracking_start - window.start_us - DAY_US)).astype(np.int64)
    )
    slugs = ["/blogs/journal/" + t.lower().replace(",", "").replace(" ", "-") for _, t in titles]
    kinds = [
        "recipe"
        if topic == "recipes"
        else ("guide" if topic in ("brewing", "equipment") else "blog")
        for topic, _ in titles
    ]
    table = tables.build(
        "content_items",
        {
            "content_id": tables.ids("CT", n, 3),
            "title": [t for _, t in titles],
            "kind": kinds,
            "topic": [topic for topic, _ in titles],
            "url": slugs,
            "published_at": published,
        },
    )
    return table, slugs


def _converting(
    rng, ev: Events, orders: od.Orders, campaigns: list[cm.Campaign], start: int, n_products: int
) -> int:
    web = np.flatnonzero(
        (orders.t_us >= start) & ~np.isin(orders.origin, (pu.SUBSCRIPTION, pu.WHOLESALE))
    )
    n = len(web)
    t = orders.t_us[web]
    s0 = t - rng.integers(5, 40, n) * 60_000_000
    camp = orders.campaign[web]
    camp_channel = np.array(
        [
            CHANNELS.index("email")
            if c.channel == "email"
            else CHANNELS.index("ads" if c.channel == "ads" else "social")
            for c in campaigns
        ]
        + [-1]
    )
    channel = np.where(camp >= 0, camp_channel[camp], rng.choice(len(CHANNELS), n, p=CHANNEL_P))
    common = dict(
        session=np.arange(n),
        cust=orders.cust[web],
        campaign=camp,
        channel=channel,
        device=rng.choice(3, n, p=DEVICE_P),
    )
    product = rng.integers(0, n_products, n)
    ev.add(type=0, t=s0, url=0, **common)
    ev.add(type=1, t=s0 + 1_000_000, url=rng.integers(0, len(PAGES), n), **common)
    ev.add(type=2, t=s0 + 120_000_000, product=product, url=-2, **common)
    ev.add(type=3, t=s0 + 240_000_000, product=product, url=-2, **common)
    ev.add(type=4, t=t, url=-3, **common)
    return n


def _browsing(
    rng,
    ev: Events,
    window: Window,
    created: np.ndarray,
    n: int,
    first_session: int,
    start: int,
    n_products: int,
    n_content: int,
) -> None:
    weights = window.day_weights() * (
        np.arange(window.n_days) >= (start - window.start_us) // DAY_US
    )
    s0 = np.sort(sample_times(rng, window, n, weights))
    known = rng.random(n) < 0.3
    cust = np.where(known, (rng.random(n) * np.searchsorted(created, s0)).astype(np.int64), -1)
    common = dict(
        cust=cust,
        channel=rng.choice(len(CHANNELS), n, p=CHANNEL_P),
        device=rng.choice(3, n, p=DEVICE_P),
    )
    session = first_session + np.arange(n)
    ev.add(type=0, t=s0, session=session, url=0, **common)
    views = rng.geometric(0.55, n)
    owner = np.repeat(np.arange(n), views)
    offs = np.arange(len(owner)) - np.repeat(np.cumsum(views) - views, views)
    ev.add(
        type=1,
        t=s0[owner] + (offs + 1) * 45_000_000,
        session=session[owner],
        url=rng.integers(0, len(PAGES), len(owner)),
        **{k: v[owner] for k, v in common.items()},
    )
    for kind, p, gap in ((2, 0.45, 200), (3, 0.07, 300), (7, 0.10, 400)):
        pick = np.flatnonzero(rng.random(n) < p)
        extra = {"product": rng.integers(0, n_products, len(pick)), "url": -2} if kind != 7 else {}
        if kind == 7:
            pop = 1.0 / np.arange(1, n_content + 1) ** 1.1
            extra = {"content": rng.choice(n_content, len(pick), p=pop / pop.sum()), "url": -4}
        ev.add(
            type=kind,
            t=s0[pick] + gap * 1_000_000,
            session=session[pick],
            **extra,
            **{k: v[pick] for k, v in common.items()},
        )


def _mirror_email(
    ev: Events, touches: cm.Touches, is_email: np.ndarray, start: int, end: int
) -> None:
    cust, camp, kind, t = touches.arrays()
    for touch, etype in ((cm.OPENED, 5), (cm.CLICKED, 6)):
        m = (kind == touch) & (t >= start) & (t < end) & is_email[camp]
        ev.add(type=etype, t=t[m], cust=cust[m], campaign=camp[m], channel=CHANNELS.index("email"))


def _urls(a: dict, cat: Catalog, content_urls: list[str]) -> np.ndarray:
    url = np.full(len(a["url"]), None, dtype=object)
    page = a["url"] >= 0
    url[page] = np.array(PAGES, dtype=object)[a["url"][page]]
    skus = np.array(["/products/" + s.lower() for s in cat.table["sku"].to_pylist()], dtype=object)
    prod = a["url"] == -2
    url[prod] = skus[a["product"][prod]]
    url[a["url"] == -3] = "/checkout"
    cont = a["url"] == -4
    url[cont] = np.array(content_urls, dtype=object)[a["content"][cont]]
    return url


def _nullable(ids: pa.Array, idx: np.ndarray) -> pa.Array:
    return ids.take(pa.array(idx, mask=idx < 0))


def make_web(
    rng,
    window: Window,
    people,
    orders: od.Orders,
    campaigns: list[cm.Campaign],
    touches: cm.Touches,
    cat: Catalog,
) -> tuple[dict[str, pa.Table], dict, dict]:
    start = window.end_us - WEB_DAYS * DAY_US
    content, content_urls = content_items(rng, window, start)
    ev = Events()
    n_conv = _converting(rng, ev, orders, campaigns, start, len(cat.price))
    n_browse = int(rng.poisson(n_conv * (1 - SITE_CONVERSION) / SITE_CONVERSION))
    _browsing(
        rng,
        ev,
        window,
        people.created_us,
        n_browse,
        n_conv,
        start,
        len(cat.price),
        len(content_urls),
    )
    _mirror_email(
        ev, touches, np.array([c.channel == "email" for c in campaigns]), start, window.end_us
    )
    a = ev.arrays()
    order = np.lexsort((a["type"], a["t"]))
    a = {k: v[order] for k, v in a.items()}
    session_ids = tables.ids("S", n_conv + n_browse, 7)
    camp_ids = tables.ids("CMP", len(campaigns), 3)
    events = tables.build(
        "events",
        {
            "event_id": tables.ids("E", len(a["t"]), 8),
            "customer_id": _nullable(people.ids, a["cust"]),
            "session_id": _nullable(session_ids, a["session"]),
            "event_type": tables.pick(EVENT_TYPES, a["type"]),
            "occurred_at": a["t"],
            "url": list(_urls(a, cat, content_urls)),
            "product_id": _nullable(cat.ids, a["product"]),
            "content_id": _nullable(content["content_id"].combine_chunks(), a["content"]),
            "campaign_id": _nullable(camp_ids, a["campaign"]),
            "channel": _nullable(pa.array(CHANNELS), a["channel"]),
            "device": _nullable(pa.array(DEVICES), a["device"]),
        },
    )
    reads = np.bincount(a["content"][a["type"] == 7], minlength=len(content_urls))
    conv = {
        "planted": SITE_CONVERSION,
        "tracking_start": date_of(start).isoformat(),
        "sessions": n_conv + n_browse,
        "converting_sessions": n_conv,
        "realised": n_conv / max(n_conv + n_browse, 1),
        "web_days": WEB_DAYS,
        "definition": "sessions with a checkout event / sessions (session_start events)",
    }
    ids = content["content_id"].to_pylist()
    top = {
        "reads": {ids[i]: int(reads[i]) for i in range(len(ids))},
        "most_read": [ids[i] for i in np.argsort(-reads, kind="stable")[:5]],
    }
    return {"events": events, "content_items": content}, conv, top
