"""Personas: customers' orders counted in the database, grouped by a latent-class model, described
as cards.

The groups come from what and how each customer buys (every order's channel and main category,
whether it
fell in the gift season, whether it used a discount); the cards describe each group with every
feature.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass

import ibis
import numpy as np
import pyarrow as pa

from regulars.analytics.segments.clustering import STABLE_ARI, cluster_customers
from regulars.analytics.segments.personas import FeatureFrame, PersonaCard, persona_cards
from regulars.errors import InputError
from regulars.services.cache import cached
from regulars.services.sales import sales_orders
from regulars.services.segments.features import CustomerFeatures, customer_features
from regulars.services.workspace import Workspace

#: What the model reads of every order, one block of counts each.
EVIDENCE = (
    "order channel and main category",
    "gift season (November-December) or not",
    "discount used or not",
)
CRITERION = (
    "smallest ICL-BIC for k in 2..10 (latent-class model on a sample), ties to the smaller k"
)
MIN_CUSTOMERS = 20
TYPICAL_PRODUCTS = 3


@dataclass(frozen=True)
class PersonaReport:
    customers: int
    k: int
    criterion: str
    criterion_by_k: dict[int, float]
    stability_ari: float
    stability_runs: tuple[float, ...]
    stable: bool
    stability_note: str
    sample_size: int
    features: tuple[str, ...]
    cards: tuple[PersonaCard, ...]
    customer_ids: tuple[str, ...] = dataclasses.field(repr=False, default=())
    labels: tuple[str, ...] = dataclasses.field(repr=False, default=())

    def persona_of(self) -> dict[str, str]:
        return dict(zip(self.customer_ids, self.labels))

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("customer_ids"), d.pop("labels")
        d["criterion_by_k"] = {str(k): v for k, v in self.criterion_by_k.items()}
        return d


def order_evidence(f: CustomerFeatures) -> list[np.ndarray]:
    """The count blocks the persona model reads: orders by kind, in and out of the gift season, with
    and without a discount."""
    orders = np.nan_to_num(f.column("orders"))
    holiday = np.rint(np.nan_to_num(f.column("holiday_share")) * orders)
    discounted = np.rint(np.nan_to_num(f.column("discount_share")) * orders)
    return [
        f.order_kinds,
        np.column_stack([holiday, orders - holiday]),
        np.column_stack([discounted, orders - discounted]),
    ]


def _typical_products(
    ws: Workspace, ids: list[str], labels: np.ndarray
) -> dict[int, tuple[str, ...]]:
    """Each cluster's top products by revenue (computed in the database)."""
    members = ibis.memtable(
        pa.table(
            {"customer_id": pa.array(ids, pa.string()), "cluster": pa.array(labels, pa.int64())}
        )
    )
    o = sales_orders(ws)
    items = (
        ws.store.table("order_items")
        .join(o.select("order_id", "customer_id"), "order_id")
        .join(members, "customer_id")
    )
    name = ibis.coalesce(items.product_name, items.sku, items.product_id)
    per = (
        items.mutate(name=name)
        .group_by("cluster", "name")
        .aggregate(revenue=(items.quantity * items.unit_price_cents).sum())
    )
    per = per.mutate(
        rank=ibis.row_number().over(group_by="cluster", order_by=[ibis.desc("revenue"), "name"])
    )
    top = per.filter(per["rank"] < TYPICAL_PRODUCTS).order_by(["cluster", "rank"])
    out: dict[int, list[str]] = {}
    for row in ws.store.to_arrow(top).to_pylist():
        out.setdefault(row["cluster"], []).append(row["name"])
    return {c: tuple(v) for c, v in out.items()}


@cached
def cached_persona_report(ws: Workspace, seed: int = 0) -> PersonaReport:
    """``persona_report`` (with typical products), reused while the data is unchanged (pages,
    profiles, audiences)."""
    return persona_report(ws, seed)


def persona_report(ws: Workspace, seed: int = 0, with_products: bool = True) -> PersonaReport:
    """Group the customers who bought into personas; k from 2..10 by ICL-BIC, checked by bootstrap
    ARI."""
    f = customer_features(ws, with_kinds=True)
    if len(f.customer_ids) < MIN_CUSTOMERS:
        raise InputError(
            f"personas need at least {MIN_CUSTOMERS} customers with orders; there are "
            f"{len(f.customer_ids)}"
        )
    result = cluster_customers(order_evidence(f), seed=seed)
    frame = FeatureFrame(f.columns, f.values, f.spend_cents, f.channels, f.categories)
    cards = persona_cards(frame, result.labels, ws.settings.currency)
    if with_products:
        products = _typical_products(ws, f.customer_ids, result.labels)
        cards = [
            dataclasses.replace(c, typical_products=products.get(c.cluster, ())) for c in cards
        ]
    names = {c.cluster: c.name for c in cards}
    note = (
        f"stable: refits on bootstrap samples agree with it (mean ARI {result.stability_ari:.2f} "
        f">= {STABLE_ARI})"
        if result.stable
        else f"unstable: refits on bootstrap samples often group customers differently (mean ARI "
        f"{result.stability_ari:.2f} < {STABLE_ARI}); treat the personas as rough"
    )
    return PersonaReport(
        len(f.customer_ids),
        result.k,
        CRITERION,
        result.criterion_by_k,
        result.stability_ari,
        result.stability_runs,
        result.stable,
        note,
        result.sample_size,
        EVIDENCE,
        tuple(cards),
        tuple(f.customer_ids),
        tuple(names[int(c)] for c in result.labels),
    )
