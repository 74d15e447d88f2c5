"""Personas: behavioural features from the database, clustered with scikit-learn, described as cards."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass

import ibis
import numpy as np
import pyarrow as pa

from regulars.analytics.segments.clustering import STABLE_ARI, cluster_customers, informative_columns, robust_scale
from regulars.analytics.segments.personas import FeatureFrame, PersonaCard, persona_cards
from regulars.errors import InputError
from regulars.money import symbol
from regulars.services.cache import cached
from regulars.services.overview import sales_orders
from regulars.services.segments.features import CustomerFeatures, customer_features
from regulars.services.workspace import Workspace

#: Skewed counts and money are clustered on log(1 + x).
LOG_COLUMNS = ("orders", "orders_per_month", "average_order_cents", "spend_cents", "web_sessions", "overdue_ratio")
MIN_CUSTOMERS = 20
TYPICAL_PRODUCTS = 3


@dataclass(frozen=True)
class PersonaReport:
    customers: int
    k: int
    criterion: str
    silhouette_by_k: dict[int, float]
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
        d["silhouette_by_k"] = {str(k): v for k, v in self.silhouette_by_k.items()}
        return d


def _clustering_matrix(f: CustomerFeatures) -> tuple[np.ndarray, tuple[str, ...]]:
    x = f.values.copy()
    for name in LOG_COLUMNS:
        if name in f.columns:
            j = f.columns.index(name)
            x[:, j] = np.log1p(np.clip(x[:, j], 0, None))
    keep = informative_columns(x)
    return robust_scale(x[:, keep]), tuple(f.columns[j] for j in keep)


def _typical_products(ws: Workspace, ids: list[str], labels: np.ndarray) -> dict[int, tuple[str, ...]]:
    """Each cluster's top products by revenue (computed in the database)."""
    members = ibis.memtable(pa.table({"customer_id": pa.array(ids, pa.string()), "cluster": pa.array(labels, pa.int64())}))
    o = sales_orders(ws)
    items = ws.store.table("order_items").join(o.select("order_id", "customer_id"), "order_id").join(members, "customer_id")
    name = ibis.coalesce(items.product_name, items.sku, items.product_id)
    per = items.mutate(name=name).group_by("cluster", "name").aggregate(revenue=(items.quantity * items.unit_price_cents).sum())
    per = per.mutate(rank=ibis.row_number().over(group_by="cluster", order_by=[ibis.desc("revenue"), "name"]))
    top = per.filter(per["rank"] < TYPICAL_PRODUCTS).order_by(["cluster", "rank"])
    out: dict[int, list[str]] = {}
    for row in ws.store.to_arrow(top).to_pylist():
        out.setdefault(row["cluster"], []).append(row["name"])
    return {c: tuple(v) for c, v in out.items()}


@cached
def cached_persona_report(ws: Workspace, seed: int = 0) -> PersonaReport:
    """``persona_report`` (with typical products), reused while the data is unchanged (pages, profiles, audiences)."""
    return persona_report(ws, seed)



def persona_report(ws: Workspace, seed: int = 0, with_products: bool = True) -> PersonaReport:
    """Cluster the customers who bought into personas; k from 2..10 by silhouette, checked by bootstrap ARI."""
    f = customer_features(ws)
    if len(f.customer_ids) < MIN_CUSTOMERS:
        raise InputError(f"personas need at least {MIN_CUSTOMERS} customers with orders; there are {len(f.customer_ids)}")
    scaled, used = _clustering_matrix(f)
    result = cluster_customers(scaled, seed=seed)
    frame = FeatureFrame(f.columns, f.values, f.spend_cents, f.channels, f.categories)
    cards = persona_cards(frame, result.labels, symbol(ws.settings.currency))
    if with_products:
        products = _typical_products(ws, f.customer_ids, result.labels)
        cards = [dataclasses.replace(c, typical_products=products.get(c.cluster, ())) for c in cards]
    names = {c.cluster: c.name for c in cards}
    note = (f"stable: refits on bootstrap samples agree with it (mean ARI {result.stability_ari:.2f} >= {STABLE_ARI})"
            if result.stable else
            f"unstable: refits on bootstrap samples often group customers differently (mean ARI "
            f"{result.stability_ari:.2f} < {STABLE_ARI}); treat the personas as rough")
    return PersonaReport(len(f.customer_ids), result.k, "largest mean silhouette for k in 2..10 (sample), ties to the smaller k",
                         result.silhouette_by_k, result.stability_ari, result.stability_runs, result.stable, note,
                         result.sample_size, used, tuple(cards), tuple(f.customer_ids),
                         tuple(names[int(c)] for c in result.labels))
