"""Store.lookup: a query compiled once and run with bound values gives what compiling it each time
gives."""

from __future__ import annotations

import ibis

from regulars.services.imports import import_file
from regulars.store import prepared

# Ids chosen to break naive text substitution: quotes, percent signs, question marks, a
# placeholder look-alike.
IDS = ["plain", "o'brien", "100%", "what?", "%s", "regulars-param-0-x", "two  spaces"]


def _orders_of(store, customer_id: str, recent: int = 10) -> ibis.Table:
    o = store.table("orders")
    return o.filter(o.customer_id == customer_id).order_by(ibis.desc("ordered_at")).limit(recent)


def _totals_of(store, customer_id: str) -> ibis.Table:
    o = store.table("orders")
    o = o.filter(
        (o.customer_id == customer_id) | (o.order_id == customer_id)
    )  # the same value bound twice
    return o.aggregate(n=o.count(), spend=o.total_cents.sum(), last=o.ordered_at.max())


def _write_orders(workspace, tmp_path) -> None:
    lines = ["order_id,customer_id,ordered_at,total,currency"]
    for i, cid in enumerate(IDS):
        for k in range(i + 1):
            lines.append(f'"{cid}-{k}","{cid}",2025-03-{k + 1:02d}T10:00:00+00:00,{10 + k}.50,USD')
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_file(workspace, "orders", path)


def test_lookup_matches_compiling_each_time(workspace, tmp_path):
    _write_orders(workspace, tmp_path)
    store = workspace.store
    for cid in IDS + ["nobody"]:
        for build, options in ((_orders_of, {"recent": 3}), (_totals_of, {})):
            expected = store.to_arrow(build(store, cid, **options))
            got = store.lookup(build, cid, **options)
            assert got.schema == expected.schema, (cid, build.__name__)
            assert got.to_pylist() == expected.to_pylist(), (cid, build.__name__)
    assert store.lookup(_totals_of, "o'brien").to_pylist()[0]["n"] == 2


def test_lookup_is_compiled_once_per_query_shape(workspace, tmp_path):
    _write_orders(workspace, tmp_path)
    store = workspace.store
    prepared.forget(store)
    for cid in IDS:
        store.lookup(_orders_of, cid, recent=2)
    shapes = [
        k
        for k in prepared._prepared.keys()
        if k[0] == store.url and k[3] == _orders_of.__qualname__
    ]
    assert len(shapes) == 1 and prepared._prepared.get(shapes[0]).sql is not None
    store.lookup(_orders_of, "plain", recent=5)  # another option is another shape
    assert (
        len(
            [
                k
                for k in prepared._prepared.keys()
                if k[0] == store.url and k[3] == _orders_of.__qualname__
            ]
        )
        == 2
    )
