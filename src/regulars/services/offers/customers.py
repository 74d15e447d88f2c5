"""The coarse groups offers are chosen by (RFM segment, spend tier, churn risk: never a protected
attribute) and the attributes the fairness audit checks (region and postcode area, proxies that
can stand in for protected ones; segment; new against returning)."""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import numpy as np

from regulars.services.consent import consenting
from regulars.services.sales import sales_orders
from regulars.services.segments.rfm import customer_rfm
from regulars.services.workspace import Workspace

LAPSED_DAYS = 90


@dataclass(frozen=True)
class Customers:
    customer_id: np.ndarray
    segment: np.ndarray
    tier: np.ndarray
    risk: np.ndarray
    region: np.ndarray
    postcode_area: np.ndarray
    returning: np.ndarray
    marketable: np.ndarray

    @property
    def group(self) -> np.ndarray:
        return np.char.add(np.char.add(self.segment, " / "), self.tier)


def _places(ws: Workspace) -> ibis.Table:
    o = sales_orders(ws)
    o = o.filter(o.customer_id.notnull())
    o = o.mutate(
        rn=ibis.row_number().over(group_by="customer_id", order_by=ibis.desc("ordered_at"))
    )
    o = o.filter(o.rn == 0)
    return o.select("customer_id", region=o.shipping_region.fill_null("(unknown)"),
                    area=o.shipping_postal_code.fill_null("").substr(0, 2))  # fmt: skip


def load_customers(ws: Workspace) -> Customers:
    r = customer_rfm(ws)
    places = _places(ws)
    j = r.left_join(places, "customer_id").select(r, places.region, places.area)
    ok = consenting(ws, "marketing").mutate(ok=ibis.literal(True))
    j = j.left_join(ok, "customer_id").select(j, marketable=ok.ok.fill_null(False))
    t = ws.store.to_arrow(j.order_by("customer_id")).to_pydict()
    spend = np.asarray(t["spend_cents"], float)
    cuts = np.quantile(spend, [1 / 3, 2 / 3]) if len(spend) else [0, 0]
    tier = np.where(spend >= cuts[1], "high", np.where(spend >= cuts[0], "mid", "low"))
    recency = np.asarray(t["recency_days"], float)
    area = [a or "(unknown)" for a in t["area"]]
    return Customers(
        np.asarray(t["customer_id"], dtype=str),
        np.asarray([s or "(none)" for s in t["segment"]], dtype=str),
        tier.astype(str),
        np.where(recency > LAPSED_DAYS, "high", "low").astype(str),
        np.asarray([x or "(unknown)" for x in t["region"]], dtype=str),
        np.asarray(area, dtype=str),
        np.where(np.asarray(t["orders"]) > 1, "returning", "new").astype(str),
        np.asarray(t["marketable"], bool),
    )


def audit_attributes(c: Customers) -> dict[str, np.ndarray]:
    return {"region": c.region, "postcode area": c.postcode_area, "segment": c.segment,
            "new or returning": c.returning}  # fmt: skip
