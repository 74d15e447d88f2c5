"""Answers from the precomputed lists: a customer's recommendations per placement, a product's
related products, and the overview the dashboard and the report show. A customer without the
personalisation consent (or without purchases) gets the bestsellers, and is told why."""

from __future__ import annotations

from dataclasses import dataclass

from regulars.errors import InputError, NotFoundError
from regulars.services.cache import cached
from regulars.services.consent import consenting
from regulars.services.recommendations import saved
from regulars.services.recommendations.data import PURPOSE
from regulars.services.workspace import Workspace

PLACEMENTS = ("home", "email", "product")
NO_CONSENT = (
    "No personalisation consent: bestsellers only, and none of this customer's data is used."
)
NO_HISTORY = "No purchases yet (before the last fit): bestsellers."
MAX_K = 20


@dataclass(frozen=True)
class Recommendation:
    product_id: str
    name: str
    reason: str


@dataclass(frozen=True)
class CustomerRecommendations:
    customer_id: str
    placement: str
    model: str
    personal: bool
    explanation: str
    items: tuple[Recommendation, ...]


@dataclass(frozen=True)
class RelatedProducts:
    product_id: str
    name: str
    model: str
    explanation: str
    items: tuple[Recommendation, ...]


def check(placement: str, k: int) -> None:
    if placement not in ("home", "email"):
        raise InputError(f"unknown placement {placement!r}; use home or email (related "
                         "products: regulars recommend related PRODUCT)")  # fmt: skip
    if not 1 <= k <= MAX_K:
        raise InputError(f"k must be 1 to {MAX_K}, not {k}")


@cached
def fitted(ws: Workspace) -> dict:
    """The saved document, read once per data version."""
    return saved.load_lists(ws)


def _items(document: dict, entries: list, k: int) -> tuple[Recommendation, ...]:
    ids, names, texts = document["items"], document["names"], document["reasons"]
    return tuple(Recommendation(ids[i], names[i], texts[r]) for i, r in entries[:k])


def _placement(document: dict, placement: str) -> dict:
    return next(p for p in document["placements"] if p["placement"] == placement)


@cached
def consenting_ids(ws: Workspace) -> frozenset[str]:
    """Who consents to personalisation now (read once per data version: a withdrawal after the
    fit moves the version, and the customer gets bestsellers from the next request on)."""
    found = ws.store.to_arrow(consenting(ws, PURPOSE)).column("customer_id").to_pylist()
    return frozenset(found)


@cached
def customer_ids(ws: Workspace) -> frozenset[str]:
    t = ws.store.table("customers").select("customer_id")
    return frozenset(ws.store.to_arrow(t).column("customer_id").to_pylist())


@cached
def recommendations_for(ws: Workspace, customer_id: str, k: int = 10,
                        placement: str = "home") -> CustomerRecommendations:  # fmt: skip
    """The customer's list for ``placement`` (home or email), best first, each with its reason."""
    check(placement, k)
    document = fitted(ws)
    if customer_id not in customer_ids(ws):
        raise NotFoundError(f"no customer {customer_id!r}")
    allowed = customer_id in consenting_ids(ws)
    mine = document["customers"].get(customer_id, {}).get(placement) if allowed else None
    if mine is not None:
        choice = _placement(document, placement)
        items = _items(document, mine, k)
        return CustomerRecommendations(customer_id, placement, choice["chosen"], True,
                                       choice["explanation"], items)  # fmt: skip
    why = NO_HISTORY if allowed else NO_CONSENT
    return CustomerRecommendations(customer_id, placement, "popularity", False, why,
                                   _items(document, document["popular"], k))  # fmt: skip


@cached
def related_products(ws: Workspace, product_id: str, k: int = 10) -> RelatedProducts:
    """The products shown on ``product_id``'s page, best first, each with its reason."""
    check("home", k)
    document = fitted(ws)
    if product_id not in document["related"]:
        if product_id in document["items"]:
            raise NotFoundError(f"product {product_id!r} has no related products (out of the "
                                "last fit's data): run regulars recommend fit")  # fmt: skip
        raise NotFoundError(f"no product {product_id!r}")
    choice = _placement(document, "product")
    name = document["names"][document["items"].index(product_id)]
    return RelatedProducts(product_id, name, choice["chosen"], choice["explanation"],
                           _items(document, document["related"][product_id], k))  # fmt: skip
