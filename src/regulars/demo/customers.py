"""Customers: believable fake people and cafés, their planted group and when they arrived."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.demo import tables
from regulars.demo.clock import DAY_US, Window, black_friday, intraday_us, sample_days

GROUPS = ("ordinary", "subscriber", "discount_hunter", "gift_buyer", "lapsed", "wholesale")
ORDINARY, SUBSCRIBER, HUNTER, GIFT, LAPSED, WHOLESALE = range(6)
#: Share of customers in each planted group (wholesale comes from won deals when the CRM is built).
SHARES = {SUBSCRIBER: 0.08, HUNTER: 0.07, GIFT: 0.06, LAPSED: 0.08, WHOLESALE: 0.01}
#: Lapsed customers place no order in this many days before the end.
LAPSED_QUIET_DAYS = 270
#: Subscribers start at least this many days before the end.
SUBSCRIBER_MIN_TENURE_DAYS = 210

FIRST = (
    "Olivia Liam Emma Noah Ava Elijah Sophia Lucas Mia Mateo Amelia Leo Harper Ethan Aria Mason "
    "Chloe Logan "
    "Nora Ezra Zoe Hudson Lily Owen Maya Jack Priya Arjun Mei Wei Yuki Hiro Fatima Omar Amara "
    "Kwame Sofia "
    "Diego Camila Javier Lucia Andre Chantal Luc Marie Étienne Aisha Samir Ingrid Lars Freya Sven "
    "Grace "
    "Daniel Hannah Isaac Ruth Tomás Elena Nikolai"
).split()
LAST = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Wilson Anderson "
    "Thomas Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker "
    "Young Allen King "
    "Wright Scott Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter "
    "Roberts "
    "Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Chen Wang Singh Patel Kim "
    "Okafor"
).split()
#: (city, region, country, postal prefix, relative weight)
PLACES = (
    ("Portland", "OR", "US", "972", 9),
    ("Seattle", "WA", "US", "981", 8),
    ("Brooklyn", "NY", "US", "112", 8),
    ("Austin", "TX", "US", "787", 6),
    ("Denver", "CO", "US", "802", 5),
    ("Chicago", "IL", "US", "606", 6),
    ("San Francisco", "CA", "US", "941", 7),
    ("Minneapolis", "MN", "US", "554", 4),
    ("Boston", "MA", "US", "021", 5),
    ("Toronto", "ON", "CA", "M5V", 8),
    ("Vancouver", "BC", "CA", "V6B", 6),
    ("Montréal", "QC", "CA", "H2X", 5),
    ("Calgary", "AB", "CA", "T2P", 3),
    ("Ottawa", "ON", "CA", "K1P", 3),
)
CAFE_WORDS = (
    "Morning Copper Little Lantern Harbor Juniper Foxglove Northside Bluebird Ember Wild Oak "
    "Common "
    "Corner Quiet Sparrow Union Orchard Tidal Paper"
).split()
CAFE_KINDS = ("Café", "Coffee Bar", "Espresso", "Bakery & Café", "Coffee House", "Roastery Café")
DOMAINS = ("example.com", "example.org", "example.net")


@dataclass(frozen=True)
class Customers:
    table: pa.Table
    group: np.ndarray  # int code into GROUPS
    created_us: np.ndarray
    place: np.ndarray  # index into PLACES

    @property
    def ids(self) -> pa.Array:
        return self.table.column("customer_id").combine_chunks()

    def __len__(self) -> int:
        return len(self.group)


def group_counts(n: int, n_wholesale: int) -> np.ndarray:
    counts = np.zeros(len(GROUPS), dtype=np.int64)
    for g, share in SHARES.items():
        counts[g] = int(round(n * share))
    counts[WHOLESALE] = min(n_wholesale, n)
    counts[ORDINARY] = n - counts.sum()
    if counts[ORDINARY] < 0:
        raise ValueError("too few customers for the planted groups")
    return counts


def _uniform_us(rng: np.random.Generator, n: int, lo_us: int, hi_us: int) -> np.ndarray:
    days = rng.integers(0, max((hi_us - lo_us) // DAY_US, 1), n)
    return lo_us + days * DAY_US + intraday_us(rng, n)


def _gift_arrivals(rng: np.random.Generator, window: Window, n: int) -> np.ndarray:
    seasons = [
        window.us(black_friday(y)) - 7 * DAY_US
        for y in range(window.start.year, window.end.year + 1)
    ]
    seasons = [s for s in seasons if window.start_us <= s and s + 30 * DAY_US < window.end_us] or [
        window.start_us
    ]
    start = np.asarray(seasons, dtype=np.int64)[rng.integers(0, len(seasons), n)]
    return start + rng.integers(0, 30, n) * DAY_US + intraday_us(rng, n)


def arrivals(
    rng: np.random.Generator, window: Window, group: np.ndarray, wholesale_us: np.ndarray
) -> np.ndarray:
    """When each customer arrived (first order / account creation), by group."""
    created = np.empty(len(group), dtype=np.int64)
    weights = window.day_weights()
    s, e = window.start_us, window.end_us
    for g in (ORDINARY, HUNTER):
        m = group == g
        created[m] = (
            s + sample_days(rng, int(m.sum()), weights) * DAY_US + intraday_us(rng, int(m.sum()))
        )
    m = group == SUBSCRIBER
    created[m] = _uniform_us(
        rng, int(m.sum()), s, max(e - SUBSCRIBER_MIN_TENURE_DAYS * DAY_US, s + DAY_US)
    )
    m = group == LAPSED
    created[m] = _uniform_us(rng, int(m.sum()), s, s + int(0.4 * (e - s)))
    m = group == GIFT
    created[m] = _gift_arrivals(rng, window, int(m.sum()))
    created[group == WHOLESALE] = np.sort(wholesale_us)
    return created


def _emails(first: pa.Array, last: pa.Array, n: int, rng: np.random.Generator) -> pa.Array:
    def ascii_lower(a: pa.Array) -> pa.Array:
        a = pc.utf8_lower(a)
        for src, dst in (
            ("é", "e"),
            ("è", "e"),
            ("ô", "o"),
            ("á", "a"),
            ("í", "i"),
            ("ó", "o"),
            ("ú", "u"),
        ):
            a = pc.replace_substring(a, src, dst)
        return a

    number = pc.cast(pa.array(np.arange(1, n + 1)), pa.string())
    domain = tables.pick(DOMAINS, rng.integers(0, len(DOMAINS), n))
    return tables.join(ascii_lower(first), ".", ascii_lower(last), ".", number, "@", domain)


def _postal(rng: np.random.Generator, place: np.ndarray) -> pa.Array:
    prefix = tables.pick([p[3] for p in PLACES], place)
    n = len(place)
    digits = pc.utf8_lpad(pc.cast(pa.array(rng.integers(0, 100, n)), pa.string()), 2, "0")
    letters = np.array(list("ABCEGHJKLMNPRSTVXY"))
    ca = tables.join(
        prefix,
        " ",
        pc.cast(pa.array(rng.integers(1, 10, n)), pa.string()),
        pa.array(letters[rng.integers(0, len(letters), n)]),
        pc.cast(pa.array(rng.integers(0, 10, n)), pa.string()),
    )
    is_ca = np.array([p[2] == "CA" for p in PLACES])[place]
    return pc.if_else(pa.array(is_ca), ca, tables.join(prefix, digits))


def _companies(rng: np.random.Generator, group: np.ndarray, names: list[str] | None) -> pa.Array:
    m = group == WHOLESALE
    k = int(m.sum())
    if names is None:
        names = tables.join(
            tables.pick(CAFE_WORDS, rng.integers(0, len(CAFE_WORDS), k)),
            " ",
            tables.pick(CAFE_KINDS, rng.integers(0, len(CAFE_KINDS), k)),
        ).to_pylist()
    out = np.full(len(group), None, dtype=object)
    out[m] = names[:k]
    return pa.array(out, pa.string())


def make_customers(
    rng: np.random.Generator,
    window: Window,
    n: int,
    wholesale_us: np.ndarray | None = None,
    wholesale_names: list[str] | None = None,
) -> Customers:
    """``n`` customers sorted by arrival; wholesale arrivals (sorted) and names come from won deals
    when given."""
    if wholesale_us is None:
        wholesale_us = _uniform_us(
            rng, int(round(n * SHARES[WHOLESALE])), window.start_us, window.end_us
        )
    counts = group_counts(n, len(wholesale_us))
    group = rng.permutation(np.repeat(np.arange(len(GROUPS)), counts))
    created = arrivals(rng, window, group, np.asarray(wholesale_us)[: counts[WHOLESALE]])
    order = np.argsort(created, kind="stable")
    group, created = group[order], created[order]
    weights = np.array([p[4] for p in PLACES], dtype=float)
    place = rng.choice(len(PLACES), size=n, p=weights / weights.sum())
    first = tables.pick(FIRST, rng.integers(0, len(FIRST), n))
    last = tables.pick(LAST, rng.integers(0, len(LAST), n))
    phone = tables.join(
        "+1 555 ",
        pc.utf8_lpad(pc.cast(pa.array(rng.integers(0, 10_000_000, n)), pa.string()), 7, "0"),
    )
    tags = pc.if_else(
        pa.array(group == SUBSCRIBER),
        "subscriber",
        pc.if_else(pa.array(group == WHOLESALE), "wholesale", None),
    )
    table = tables.build(
        "customers",
        {
            "customer_id": tables.ids("C", n, 6),
            "email": _emails(first, last, n, rng),
            "first_name": first,
            "last_name": last,
            "phone": phone,
            "company": _companies(rng, group, wholesale_names),
            "city": tables.pick([p[0] for p in PLACES], place),
            "region": tables.pick([p[1] for p in PLACES], place),
            "country": tables.pick([p[2] for p in PLACES], place),
            "postal_code": _postal(rng, place),
            "customer_type": pc.if_else(pa.array(group == WHOLESALE), "wholesale", "retail"),
            "created_at": created,
            "source": pc.if_else(pa.array(group == WHOLESALE), "hubspot", "shopify"),
            "tags": tags.cast(pa.string()),
        },
    )
    return Customers(table, group, created, place)
