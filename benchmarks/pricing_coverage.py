"""How often the elasticity intervals cover the demo's planted elasticities over several demo
seeds (the simulation tests' coverage, on the whole demo shop instead of the simulator).

Each seed: the demo shop generated (``demo.generate``), its products, orders and order lines
imported through the real importers into a fresh DuckDB workspace, ``services.pricing
.elasticities`` read back, and each planted product's interval checked against its planted
elasticity. Prints one line a seed and the total; ``--seeds 1 2 3 --customers 3000``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from regulars.demo import generate
from regulars.services import pricing
from regulars.services.demo import write_demo_files
from regulars.services.imports import import_file
from regulars.services.workspace import Workspace

TABLES = ("customers", "products", "orders", "order_items")


def coverage(seed: int, customers: int) -> tuple[int, int, int]:
    """(planted, refused, covered) for one demo seed."""
    shop = generate(customers=customers, seed=seed)
    planted = shop.truths.to_dict()["pricing"]["elasticities"]
    with tempfile.TemporaryDirectory(prefix="regulars-coverage-") as tmp:
        keep = {k: v for k, v in shop.tables.items() if k in TABLES}
        with Workspace.open(Path(tmp) / "ws") as ws:
            ws.init()
            for name, path in write_demo_files(keep, Path(tmp)):
                import_file(ws, name, path)
            est = {p.product_id: p for p in pricing.elasticities(ws).products}
    refused = [p for p in planted if est[p].refused is not None]
    covered = [p for p, b in planted.items()
               if est[p].refused is None and est[p].low <= b <= est[p].high]  # fmt: skip
    return len(planted), len(refused), len(covered)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5, 6, 8, 9])
    parser.add_argument("--customers", type=int, default=3000)
    args = parser.parse_args()
    total = [0, 0, 0]
    for seed in args.seeds:
        started = time.perf_counter()
        n, refused, covered = coverage(seed, args.customers)
        total = [total[0] + n, total[1] + refused, total[2] + covered]
        print(f"seed {seed}: {n} planted, {refused} refused, {covered} of {n - refused} covered "
              f"({time.perf_counter() - started:.0f} s)", flush=True)  # fmt: skip
    n, refused, covered = total
    print(
        f"all {len(args.seeds)} seeds: {covered} of {n - refused} intervals cover the planted "
        f"elasticity ({covered / max(n - refused, 1):.0%}; nominal 95%), {refused} refused"
    )


if __name__ == "__main__":
    main()
