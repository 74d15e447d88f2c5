"""KPI speed: every KPI by month for 24 months through Regulars vs hand-written DuckDB SQL, in
one run.

Data: ``regulars.demo.generate_orders_only`` (1M customers, about 10M orders by default), loaded
through ``regulars.store.write_import`` once and cached under benchmarks/.data/ (git-ignored;
``--fresh`` rebuilds). Regulars runs ``kpi_history(ws, "month", periods=24)``: all 31 KPIs in one
Ibis query (every source's measures joined on the period; the order-based KPIs in one pass over the
orders; sources without data on an orders-only shop still run and come back empty), compiled once
and run on every call; each call works the shop's clock out again and the database computes every
number again (no result cache). The reference is hand-written DuckDB SQL for the same numbers from
the orders (sales, refunds, acquisition in one pass; plus margin with --items), using the same fast
local periods: epoch microseconds plus the shop's UTC offset (DST intervals as a CASE) as a plain
timestamp, whose year and month need no time-zone calendar. Both are timed in turns (the fastest of
--repeat runs each, after one warm-up run), so machine load hits both alike. Goals: <= 1.5x the
reference, <= 3 s warm.

    python benchmarks/kpi_bench.py [--customers 1000000] [--items]
        [--timezone America/New_York] [--fresh]
"""

from __future__ import annotations

import argparse
import os
import shutil

from bench_data import CACHE, load_orders_only, prepared_workspace, timed

from regulars.services.calendar.clock import DAY, offsets_between
from regulars.services.kpis import kpi_history
from regulars.services.workspace import Workspace

SALE = "(o.status IS NULL OR o.status IN ('paid', 'partially_refunded', 'refunded'))"


def local_wall_sql(ts: str, offsets) -> str:
    """The shop's local wall-clock time as a plain timestamp: epoch microseconds plus the UTC offset
    in force."""
    e = f"epoch_us({ts})"
    off = (
        str(offsets[0][1] * US)
        if len(offsets) == 1
        else (
            "CASE "
            + " ".join(
                f"WHEN {e} < {start * US} THEN {prev * US}"
                for (start, _), (_, prev) in zip(offsets[1:], offsets)
            )
            + f" ELSE {offsets[-1][1] * US} END"
        )
    )
    return f"make_timestamp({e} + {off})"


#: year * 12 + month - 1 of the column lw (the local wall-clock time)
MONTH = "year(lw) * 12 + month(lw) - 1"
US = 1_000_000


def orders_sql(wall: str, spend_wall: str) -> str:
    return f"""
WITH r AS (SELECT DISTINCT order_id FROM refunds),
oz AS (SELECT o.customer_id, o.total_cents, {wall} AS lw,
              (r.order_id IS NOT NULL OR o.status IN ('refunded', 'partially_refunded')) AS refunded
       FROM orders o LEFT JOIN r USING (order_id) WHERE {SALE}),
o AS (SELECT customer_id, total_cents, refunded, {MONTH} AS p FROM oz),
cp AS (SELECT customer_id, p, count(*) AS n, sum(total_cents) AS rev,
              count(*) FILTER (WHERE refunded) AS nref
       FROM o GROUP BY 1, 2),
w AS (SELECT *, min(p) OVER (PARTITION BY customer_id) AS first_p,
             lag(p) OVER (PARTITION BY customer_id ORDER BY p) AS prev_p FROM cp),
g AS (SELECT p, sum(rev) AS revenue, sum(n) AS orders, sum(nref) AS refunded,
             count(*) FILTER (WHERE customer_id IS NOT NULL) AS active,
             count(*) FILTER (WHERE customer_id IS NOT NULL AND first_p = p) AS new,
             count(*) FILTER (WHERE customer_id IS NOT NULL AND (first_p < p OR n >= 2)) AS rep,
             count(*) FILTER (WHERE customer_id IS NOT NULL AND prev_p = p - 1) AS retained,
             sum(rev) FILTER (WHERE customer_id IS NOT NULL) AS known_rev,
             sum(n) FILTER (WHERE customer_id IS NOT NULL) AS known_orders
      FROM w GROUP BY p),
f AS (SELECT *,
             CASE WHEN lag(p) OVER (ORDER BY p) = p - 1 THEN lag(active) OVER (ORDER BY p) END
                 AS prev_active,
             sum(known_rev) OVER (ORDER BY p) AS cum_rev, sum(new) OVER (ORDER BY p) AS cum_cust
      FROM g),
spend AS (SELECT {MONTH} AS p, sum(spend_cents) AS spend
          FROM (SELECT spend_cents, {spend_wall} AS lw FROM campaigns) GROUP BY 1)
SELECT p, revenue::DOUBLE AS revenue, orders::DOUBLE AS orders,
       revenue / nullif(orders, 0) AS average_order_value,
       active::DOUBLE AS active_customers, new::DOUBLE AS new_customers,
       rep / nullif(active, 0) AS repeat_rate,
       retained / nullif(prev_active, 0) AS retention_rate,
       1 - retained / nullif(prev_active, 0) AS churn_rate,
       known_orders / nullif(active, 0) AS purchase_frequency,
       cum_rev / nullif(cum_cust, 0) AS historic_clv,
       refunded / nullif(orders, 0) AS refund_rate,
       CASE WHEN spend > 0 THEN spend / nullif(new, 0) END AS customer_acquisition_cost
FROM f LEFT JOIN spend USING (p) ORDER BY p
"""


def margin_sql(wall: str) -> str:
    lines = (
        "SELECT i.quantity * i.unit_price_cents - coalesce(i.discount_cents, 0) AS net, i.quantity "
        "* pr.cost_cents AS cost, "
        f"{wall} AS lw FROM order_items i JOIN orders o USING (order_id) JOIN products pr USING "
        "(product_id) "
        f"WHERE {SALE} AND pr.cost_cents IS NOT NULL"
    )
    return f"""
SELECT {MONTH} AS p, (sum(net) - sum(cost)) / sum(net) AS gross_margin
FROM ({lines}) GROUP BY 1 ORDER BY 1
"""


def prepared(args: argparse.Namespace) -> tuple[Workspace, int]:
    """The prepared workspace, cached under benchmarks/.data/ (git-ignored) and reused next time."""
    folder = CACHE / f"kpi-{args.customers}{'-items' if args.items else ''}"
    if getattr(args, "fresh", False) and folder.exists():
        shutil.rmtree(folder)
    if args.timezone:
        os.environ["REGULARS_TIMEZONE"] = (
            args.timezone
        )  # a session setting: the cached data serves every zone
    return prepared_workspace(
        folder,
        lambda ws: load_orders_only(ws, args.customers, with_items=args.items),
        f"{args.customers:,} customers",
    )


def reference_queries(ws: Workspace, items: bool) -> list[str]:
    """The hand-written SQL; the DST intervals over the data's range are listed like Regulars
    does."""
    con, tz = ws.store.raw, ws.store.timezone
    lo, hi = con.execute(
        "SELECT epoch(min(ordered_at))::BIGINT, epoch(max(ordered_at))::BIGINT FROM orders"
    ).fetchone()
    offsets = offsets_between(tz, lo // DAY * DAY - DAY, hi // DAY * DAY + 2 * DAY)
    c_lo, c_hi = con.execute(
        "SELECT epoch(min(started_at))::BIGINT, epoch(max(started_at))::BIGINT FROM campaigns"
    ).fetchone()
    c_offsets = (
        offsets_between(tz, c_lo // DAY * DAY - DAY, c_hi // DAY * DAY + 2 * DAY)
        if c_lo is not None
        else ((0, 0),)
    )
    wall = local_wall_sql("o.ordered_at", offsets)
    return [orders_sql(wall, local_wall_sql("started_at", c_offsets))] + (
        [margin_sql(wall)] if items else []
    )


def reference(ws: Workspace, items: bool) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = {}
    for sql in reference_queries(ws, items):
        for row in ws.store.raw.execute(sql).to_arrow_table().to_pylist():
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
            if p in mine and (value is not None or mine[p] is not None):
                assert value is not None and mine[p] is not None, (key, p, mine[p], value)
                assert abs(mine[p] - value) <= 1e-6 * max(1.0, abs(value)), (key, p, mine[p], value)
                compared += 1
    return compared


def best_of(run_ours, run_ref, repeat: int) -> tuple[float, float]:
    """The fastest of ``repeat`` runs of each, taken in turns so both see the same machine load."""
    ours, ref = [], []
    for _ in range(repeat):
        ours.append(timed(run_ours)[0])
        ref.append(timed(run_ref)[0])
    return min(ours), min(ref)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument(
        "--items", action="store_true", help="also generate order items (gross margin)"
    )
    parser.add_argument("--timezone", help="the shop's timezone (default: the workspace's, UTC)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the cached data")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed runs of each, in turns (the fastest counts)"
    )
    args = parser.parse_args()
    ws, orders = prepared(args)
    run_ours = lambda: kpi_history(ws, "month", periods=24)  # noqa: E731
    run_ref = lambda: reference(ws, args.items)  # noqa: E731
    run_ours(), run_ref()  # warm
    ours, ref = best_of(run_ours, run_ref, args.repeat)
    compared = check_same(run_ours(), run_ref())
    tz = ws.store.timezone
    ws.close()
    print(
        f"all 31 KPIs by month, 24 months, {orders:,} orders, timezone {tz}: {compared} reference "
        "numbers equal"
    )
    print(
        f"KPIs by month (store path vs hand-written DuckDB SQL): regulars {ours:.2f} s, reference "
        f"{ref:.2f} s, "
        f"ratio {ours / ref:.2f}x (goal <= 1.5x)"
    )
    print(f"KPIs by month warm: regulars {ours:.2f} s (goal <= 3 s)")


if __name__ == "__main__":
    main()
