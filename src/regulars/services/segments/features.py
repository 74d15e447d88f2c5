"""Behavioural features per customer, aggregated in the database for the persona clustering.

From orders: recency, orders, spend, average order value, tenure, orders per month, regularity
(coefficient of variation of the gaps between orders), discount share, share of orders in November
and
December (gift season), how overdue the customer is (days since the last order over their own mean
gap),
whether they bought in the last 6 months, and channel mix. From order
items and products: spend share per category. From campaign touches: email open rate. From events:
web sessions. From feedback: average rating where given.

For the persona model, each customer's orders are also counted by kind: the order's channel and its
main
category (the category with the most item revenue in it), the largest channels and categories by
name
and the rest as "other".
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.services.instants import epoch
from regulars.services.sales import sales_orders
from regulars.services.workspace import Workspace

#: At most this many channels and categories become features (the largest ones).
TOP_CHANNELS, TOP_CATEGORIES = 4, 6
RECEIVED, OPENED = ("sent", "delivered"), ("opened", "clicked")


@dataclass(frozen=True)
class CustomerFeatures:
    """One row per customer who bought; ``columns`` in the order of ``values``' columns (NaN =
    unknown)."""

    customer_ids: list[str]
    columns: tuple[str, ...]
    values: np.ndarray
    spend_cents: np.ndarray
    channels: tuple[str, ...]
    categories: tuple[str, ...]
    order_kinds: np.ndarray | None = (
        None  # customers x kinds: orders of each (channel, main category)
    )
    kinds: tuple[str, ...] = ()

    def column(self, name: str) -> np.ndarray:
        return self.values[:, self.columns.index(name)]


def _top_values(
    ws: Workspace, t: ibis.Table, column: str, weight: str | None, limit: int
) -> list[str]:
    weight_sum = ibis._.count() if weight is None else ibis._[weight].sum()
    top = (
        t.filter(t[column].notnull())
        .group_by(column)
        .aggregate(w=weight_sum)
        .order_by([ibis.desc("w"), column])
        .limit(limit)
    )
    return ws.store.to_arrow(top)[column].to_pylist()


def _order_features(ws: Workspace, o: ibis.Table, channels: list[str]) -> ibis.Table:
    w = ibis.window(group_by="customer_id", order_by=["ordered_at", "order_id"])
    t = epoch(o.ordered_at)
    o = o.mutate(
        gap=(t - t.lag().over(w)) / 86400.0,
        discounted=(o.discount_cents.fill_null(0) > 0) | o.discount_code.notnull(),
    )
    metrics = dict(
        orders=o.count(),
        spend_cents=o.total_cents.sum(),
        last=epoch(o.ordered_at.max()),
        first=epoch(o.ordered_at.min()),
        gap_mean=o.gap.mean(),
        gap_std=o.gap.std(how="pop"),
        discounted=o.count(where=o.discounted),
        holiday=o.count(where=o.ordered_at.month().isin((11, 12))),
    )
    metrics |= {f"channel_{i}": o.count(where=o.channel == c) for i, c in enumerate(channels)}
    g = o.group_by("customer_id").aggregate(**metrics)
    g = g.cross_join(
        g.aggregate(end=g["last"].max())
    )  # the last order, from the per-customer rows: no second scan
    end = g.end
    tenure = (end - g.first) / 86400.0
    return g.mutate(
        recency_days=(end - g.last) / 86400.0,
        tenure_days=tenure,
        orders_per_month=g.orders * 30.4 / ibis.greatest(tenure, 30.4),
        average_order_cents=g.spend_cents / g.orders,
        purchase_gap_cv=ibis.cases(
            (g.orders >= 3, g.gap_std / ibis.greatest(g.gap_mean, 0.01)), else_=None
        ),
        discount_share=g.discounted / g.orders,
        holiday_share=g.holiday / g.orders,
        overdue_ratio=ibis.cases(
            (g.orders >= 2, (end - g.last) / 86400.0 / ibis.greatest(g.gap_mean, 1.0)), else_=None
        ),
        bought_last_6_months=ibis.ifelse((end - g.last) / 86400.0 <= 182.5, 1, 0).cast(
            "float64"
        ),  # int literals: PostgreSQL reads 1.0 as NUMERIC
        **{f"channel_{i}": g[f"channel_{i}"] / g.orders for i in range(len(channels))},
    )


def _item_lines(ws: Workspace, o: ibis.Table) -> ibis.Table:
    items, products = ws.store.table("order_items"), ws.store.table("products")
    i = items.join(o.select("order_id", "customer_id"), "order_id")
    i = i.left_join(products.select("product_id", "category"), "product_id")
    return i.mutate(revenue=i.quantity * i.unit_price_cents - i.discount_cents.fill_null(0))


def _category_features(ws: Workspace, lines: ibis.Table, categories: list[str]) -> ibis.Table:
    g = lines.group_by("customer_id").aggregate(
        item_revenue=lines.revenue.sum(),
        **{
            f"category_{i}": lines.revenue.sum(where=lines.category == c)
            for i, c in enumerate(categories)
        },
    )
    total = ibis.greatest(g.item_revenue, 1)
    return g.select(
        "customer_id",
        **{
            f"category_{i}": g[f"category_{i}"].fill_null(0) / total for i in range(len(categories))
        },
    )


def _engagement_features(ws: Workspace) -> tuple[ibis.Table, ibis.Table, ibis.Table]:
    t, e, f = (ws.store.table(n) for n in ("campaign_touches", "events", "feedback"))
    email = t.group_by("customer_id").aggregate(
        received=t.campaign_id.nunique(where=t.touch_type.isin(RECEIVED)),
        opened=t.campaign_id.nunique(where=t.touch_type.isin(OPENED)),
    )
    email = email.select(
        "customer_id",
        email_open_rate=ibis.cases((email.received > 0, email.opened / email.received), else_=None),
    )
    e = e.filter(e.customer_id.notnull() & (e.event_type == "session_start"))
    sessions = e.group_by("customer_id").aggregate(web_sessions=e.count())
    f = f.filter(f.customer_id.notnull() & f.rating.notnull())
    rating = f.group_by("customer_id").aggregate(average_rating=f.rating.mean())
    return email, sessions, rating


def _main_category(lines: ibis.Table) -> ibis.Table:
    """Per order: the category with the most item revenue (ties to the first name)."""
    lines = lines.mutate(category=lines.category.fill_null("uncategorised"))
    per = lines.group_by("order_id", "category").aggregate(revenue=lines.revenue.sum())
    per = per.mutate(
        rank=ibis.row_number().over(
            group_by="order_id", order_by=[ibis.desc("revenue"), "category"]
        )
    )
    return per.filter(per["rank"] == 0).select("order_id", main=per.category)


def kind_counts(
    o: ibis.Table, lines: ibis.Table, channels: list[str], categories: list[str]
) -> ibis.Table:
    """Long table (customer_id, kind, orders): orders per customer by channel and main category."""
    k = o.left_join(_main_category(lines), "order_id")
    channel = (
        ibis.cases((k.channel.isin(channels), k.channel), else_="other")
        if channels
        else ibis.literal("other")
    )
    main = (
        ibis.cases((k.main.isin(categories), k.main), (k.main.isnull(), "no items"), else_="other")
        if categories
        else ibis.literal("other")
    )
    k = k.mutate(kind=channel.concat(" / ", main))
    return k.group_by("customer_id", "kind").aggregate(orders=k.count())


def feature_table(ws: Workspace) -> tuple[ibis.Table, list[str], list[str]]:
    """The per-customer feature expression, with the channels and categories it has columns for."""
    o = sales_orders(ws)
    o = o.filter(o.customer_id.notnull())
    channels = _top_values(ws, o, "channel", None, TOP_CHANNELS)
    lines = _item_lines(ws, o)
    categories = _top_values(ws, lines, "category", "revenue", TOP_CATEGORIES)
    base = _order_features(ws, o, channels)
    keep = ["customer_id", *FEATURE_ORDER, *[f"channel_{i}" for i in range(len(channels))]]
    table = base.select(*keep)
    if categories:
        table = table.left_join(_category_features(ws, lines, categories), "customer_id").drop(
            "customer_id_right"
        )
    for part in _engagement_features(ws):
        table = table.left_join(part, "customer_id").drop("customer_id_right")
    return (
        table.order_by("customer_id"),
        kind_counts(o, lines, channels, categories),
        channels,
        categories,
    )


FEATURE_ORDER = (
    "recency_days",
    "orders",
    "orders_per_month",
    "average_order_cents",
    "tenure_days",
    "purchase_gap_cv",
    "discount_share",
    "holiday_share",
    "overdue_ratio",
    "bought_last_6_months",
    "spend_cents",
)


def _kind_matrix(
    ws: Workspace, ids: pa.Array, kinds: ibis.Table
) -> tuple[np.ndarray, tuple[str, ...]]:
    """The long (customer_id, kind, orders) table as a customers x kinds matrix, rows in the order
    of ``ids``. Customers that ``ids`` lacks (renamed by an erasure committed after ``ids`` was
    read) are left out."""
    long = ws.store.to_arrow(kinds)
    long = long.filter(pc.is_in(long["customer_id"], value_set=ids))
    names = pc.unique(long["kind"]).sort()
    out = np.zeros((len(ids), len(names)))
    rows = pc.index_in(long["customer_id"], value_set=ids).to_numpy(zero_copy_only=False)
    cols = pc.index_in(long["kind"], value_set=names).to_numpy(zero_copy_only=False)
    np.add.at(
        out, (rows, cols), np.asarray(long["orders"].to_numpy(zero_copy_only=False), dtype=float)
    )
    return out, tuple(names.to_pylist())


def customer_features(ws: Workspace, with_kinds: bool = False) -> CustomerFeatures:
    """Every customer's features; ``with_kinds`` adds the orders counted by kind (for the persona
    model)."""
    table, kinds, channels, categories = feature_table(ws)
    data: pa.Table = ws.store.to_arrow(table)
    names = [c for c in data.column_names if c not in ("customer_id",)]
    values = (
        np.column_stack(
            [np.asarray(data[c].to_numpy(zero_copy_only=False), dtype=float) for c in names]
        )
        if data.num_rows
        else np.zeros((0, len(names)))
    )
    ids = data["customer_id"].combine_chunks()
    order_kinds, kind_names = _kind_matrix(ws, ids, kinds) if with_kinds else (None, ())
    return CustomerFeatures(
        ids.to_pylist(),
        tuple(names),
        values,
        np.nan_to_num(np.asarray(data["spend_cents"].to_numpy(zero_copy_only=False), dtype=float)),
        tuple(channels),
        tuple(categories),
        order_kinds,
        kind_names,
    )
