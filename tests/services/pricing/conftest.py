"""A shop whose weekly sales follow planted elasticities (``analytics.pricing.simulate``), written
through the importers: one order a product and week, 60 customers in three regions, some of whom
consent to marketing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from regulars.analytics.pricing.simulate import simulate_weeks
from regulars.services.imports import import_file
from regulars.services.workspace import Workspace

CATEGORIES = {"beans": (-2.0, 0.2, 0.20), "tea": (-1.0, 0.1, 0.01)}
START = datetime(2024, 1, 1, 10, tzinfo=UTC)
CUSTOMERS = [f"C{i:02d}" for i in range(60)]


def _write(ws, tmp, name: str, columns: dict) -> None:
    pacsv.write_csv(pa.table(columns), tmp / f"{name}.csv")
    import_file(ws, name, tmp / f"{name}.csv")


def _orders(sim):
    units = np.exp(sim.log_units).round().astype(int)
    price = np.exp(sim.log_price).round().astype(int)
    n = len(units)
    ids = [f"O{i:05d}" for i in range(n)]
    when = [(START + timedelta(days=int(w) * 7 + int(t * 0))).isoformat()
            for w, t in zip((sim.t * 52).round(), sim.t, strict=True)]  # fmt: skip
    disc = np.where(sim.promo > 0, units * price // 10, 0)
    cust = [CUSTOMERS[i % 60] for i in range(n)]
    orders = {"order_id": ids, "customer_id": cust, "ordered_at": when, "currency": ["USD"] * n,
              "total_cents": (units * price - disc).tolist(), "status": ["paid"] * n,
              "shipping_region": [["N", "E", "W"][int(c[1:]) % 3] for c in cust]}  # fmt: skip
    items = {"order_item_id": [f"I{i:05d}" for i in range(n)], "order_id": ids,
             "product_id": sim.product_ids.tolist(), "quantity": units.tolist(),
             "unit_price_cents": price.tolist(), "discount_cents": disc.tolist()}  # fmt: skip
    return orders, items


def _postgres(server_url: str):
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(server_url, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{server_url.rsplit('/', 1)[0]}/{name}", drop


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def priced_shop(tmp_path_factory, request):
    tmp = tmp_path_factory.mktemp("priced")
    sim = simulate_weeks(CATEGORIES, 6, 80, seed=2, base_units=30)
    url, drop = None, None
    if request.param == "postgres":
        url, drop = _postgres(request.getfixturevalue("postgres_server_url"))
    ws = Workspace.open(tmp / "ws", url)
    ws.init()
    pids = sorted(sim.truth)
    _write(ws, tmp, "products", {"product_id": pids, "name": [f"Product {p}" for p in pids],
                                 "category": [p.split("-")[0] for p in pids],
                                 "price_cents": [1000] * len(pids),
                                 "cost_cents": [400] * len(pids)})  # fmt: skip
    _write(
        ws,
        tmp,
        "customers",
        {"customer_id": CUSTOMERS, "email": [f"{c.lower()}@example.com" for c in CUSTOMERS]},
    )
    consent = CUSTOMERS[::2]
    _write(
        ws,
        tmp,
        "consents",
        {
            "consent_id": [f"K{c}" for c in consent],
            "customer_id": consent,
            "purpose": ["marketing"] * len(consent),
            "granted": [True] * len(consent),
            "recorded_at": [START.isoformat()] * len(consent),
        },
    )
    orders, items = _orders(sim)
    _write(ws, tmp, "orders", orders)
    _write(ws, tmp, "order_items", items)
    yield ws, sim.truth
    ws.close()
    if drop:
        drop()
