"""KPI speed: every KPI by month for 24 months through Regulars vs hand-written DuckDB SQL, in one run.

Data: ``regulars.demo.generate_orders_only`` (1M customers, about 10M orders by default), loaded through
``regulars.store.write_import``. Regulars runs ``kpi_history(ws, "month", periods=24)``: all 31 KPIs, one
Ibis query per measures source (sources without data on an orders-only shop still run and come back
empty). The reference is hand-written DuckDB SQL for the same numbers from the order-based sources
(sales, refunds, acquisition; plus margin with --items). Goals: <= 1.5x the reference, <= 3 s warm.

    python benchmarks/kpi_bench.py [--customers 1000000] [--items]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
import pyarrow as pa

from regulars.demo import generate_orders_only
from regulars.services.kpis import kpi_history
from regulars.services.workspace import Workspace
from regulars.store import ImportRecord, write_import

SALE = "(status IS NULL OR status IN ('paid', 'partially_refunded', 'refunded'))"
P = "(year(ordered_at) * 12 + month(ordered_at) - 1)"

SALES_SQL = f"""
WITH cp AS (SELECT customer_id, {P} AS p, count(*) AS n, sum(total_cents) AS rev FROM orders WHERE {SALE} GROUP BY 1, 2),
w AS (SELECT *, min(p) OVER (PARTITION BY customer_id) AS first_p,
             lag(p) OVER (PARTITION BY customer_id ORDER BY p) AS prev_p FROM cp),
g AS (SELECT p, sum(rev) AS revenue, sum(n) AS orders,
             count(*) FILTER (WHERE customer_id IS NOT NULL) AS active,
             count(*) FILTER (WHERE customer_id IS NOT NULL AND first_p = p) AS new,
             count(*) FILTER (WHERE customer_id IS NOT NULL AND (first_p < p OR n >= 2)) AS rep,
             count(*) FILTER (WHERE customer_id IS NOT NULL AND prev_p = p - 1) AS retained,
             sum(rev) FILTER (WHERE customer_id IS NOT NULL) AS known_rev,
             sum(n) FILTER (WHERE customer_id IS NOT NULL) AS known_orders
      FROM w GROUP BY p),
f AS (SELECT *, CASE WHEN lag(p) OVER (ORDER BY p) = p - 1 THEN lag(active) OVER (ORDER BY p) END AS prev_active,
             sum(known_rev) OVER (ORDER BY p) AS cum_rev, sum(new) OVER (ORDER BY p) AS cum_cust FROM g)
SELECT p, revenue::DOUBLE AS revenue, orders::DOUBLE AS orders, revenue / nullif(orders, 0) AS average_order_value,
       active::DOUBLE AS active_customers, new::DOUBLE AS new_customers, rep / nullif(active, 0) AS repeat_rate,
       retained / nullif(prev_active, 0) AS retention_rate, 1 - retained / nullif(prev_active, 0) AS churn_rate,
       known_orders / nullif(active, 0) AS purchase_frequency, cum_rev / nullif(cum_cust, 0) AS historic_clv
FROM f ORDER BY p
"""
REFUNDS_SQL = f"""
SELECT {P} AS p, count(*) FILTER (WHERE r.order_id IS NOT NULL OR status IN ('refunded', 'partially_refunded'))
       / count(*) AS refund_rate
FROM orders o LEFT JOIN (SELECT DISTINCT order_id FROM refunds) r USING (order_id) WHERE {SALE} GROUP BY 1 ORDER BY 1
"""
ACQUISITION_SQL = f"""
WITH spend AS (SELECT year(started_at) * 12 + month(started_at) - 1 AS p, sum(spend_cents) AS spend FROM campaigns GROUP BY 1),
firsts AS (SELECT customer_id, min(ordered_at) AS ordered_at FROM orders WHERE {SALE} AND customer_id IS NOT NULL GROUP BY 1),
new AS (SELECT {P} AS p, count(*) AS new FROM firsts GROUP BY 1)
SELECT p, spend / nullif(new, 0) AS customer_acquisition_cost FROM spend JOIN new USING (p) WHERE spend > 0 ORDER BY p
"""
MARGIN_SQL = f"""
SELECT {P} AS p, (sum(i.quantity * i.unit_price_cents - coalesce(i.discount_cents, 0)) - sum(i.quantity * pr.cost_cents))
       / sum(i.quantity * i.unit_price_cents - coalesce(i.discount_cents, 0)) AS gross_margin
FROM order_items i JOIN orders o USING (order_id) JOIN products pr USING (product_id)
WHERE {SALE} AND pr.cost_cents IS NOT NULL GROUP BY 1 ORDER BY 1
"""


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def load(ws: Workspace, customers: int, items: bool) -> int:
    shop = generate_orders_only(customers=customers, with_items=items)
    for name in ("customers", "products", "orders", "order_items"):
        rows = shop.tables.get(name)
        if rows is None:
            continue
        rows = rows.append_column("_source_line", pa.array(np.arange(rows.num_rows, dtype=np.int64)))
        write_import(ws.store, ImportRecord(uuid.uuid4().hex, name, "synthetic", "-", "bench", rows.num_rows), {name: rows})
    return shop.tables["orders"].num_rows


def reference(ws: Workspace, items: bool) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = {}
    for sql in (SALES_SQL, REFUNDS_SQL, ACQUISITION_SQL) + ((MARGIN_SQL,) if items else ()):
        table = ws.store.raw.execute(sql).to_arrow_table().to_pylist()
        for row in table:
            for key, value in row.items():
                if key != "p":
                    out.setdefault(key, {})[row["p"]] = value
    return out


def check_same(ours, ref) -> int:
    """Compare every reference number with ours (last 24 months); return how many were compared."""
    compared = 0
    for key, values in ref.items():
        mine = {p.number: p.value for p in ours.get(key).points}
        for p, value in values.items():
            if p in mine and value is not None:
                assert abs((mine[p] or 0) - value) <= 1e-6 * max(1.0, abs(value)), (key, p, mine[p], value)
                compared += 1
    return compared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--items", action="store_true", help="also generate order items (gross margin)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="regulars-kpi-bench-") as tmp:
        ws = Workspace.open(Path(tmp) / "ws")
        ws.init()
        prep, orders = timed(lambda: load(ws, args.customers, args.items))
        print(f"prepared {args.customers:,} customers / {orders:,} orders in {prep:.1f} s")
        run_ours = lambda: kpi_history(ws, "month", periods=24)  # noqa: E731
        run_ref = lambda: reference(ws, args.items)  # noqa: E731
        run_ours(), run_ref()  # warm
        ours = min(timed(run_ours)[0] for _ in range(3))
        ref = min(timed(run_ref)[0] for _ in range(3))
        compared = check_same(run_ours(), run_ref())
        ws.close()
    print(f"all 31 KPIs by month, 24 months, {orders:,} orders: "
          f"{compared} reference numbers equal")
    print(f"KPIs by month (store path vs hand-written DuckDB SQL): regulars {ours:.2f} s, reference {ref:.2f} s, "
          f"ratio {ours / ref:.2f}x (goal <= 1.5x)")
    print(f"KPIs by month warm: regulars {ours:.2f} s (goal <= 3 s)")


if __name__ == "__main__":
    main()
