"""What the benchmark scripts share: timing, synthetic shops written through the store, and a
prepared workspace cached under benchmarks/.data/ (git-ignored) between runs."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa

from regulars.demo import generate_orders_only
from regulars.services.workspace import Workspace
from regulars.store import ImportRecord, write_import

CACHE = Path(__file__).parent / ".data"


def timed(fn: Callable):
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def write_rows(ws: Workspace, name: str, rows: pa.Table) -> None:
    """Synthetic rows into the store through its transactional writer (as an import would)."""
    rows = rows.append_column("_source_line", pa.array(np.arange(rows.num_rows, dtype=np.int64)))
    write_import(
        ws.store,
        ImportRecord(uuid.uuid4().hex, name, "synthetic", "-", "bench", rows.num_rows),
        {name: rows},
    )


def load_orders_only(ws: Workspace, customers: int, **options) -> int:
    """The demo's orders-only shop (``generate_orders_only`` options) written to ``ws``; the order
    count."""
    shop = generate_orders_only(customers=customers, **options)
    for name in ("customers", "products", "orders", "order_items"):
        if shop.tables.get(name) is not None:
            write_rows(ws, name, shop.tables[name])
    return shop.tables["orders"].num_rows


def prepared_workspace(
    folder: Path, build: Callable[[Workspace], int], what: str
) -> tuple[Workspace, int]:
    """The workspace in ``folder``, built once by ``build`` (returns the order count) and reused."""
    ready = folder / ".prepared"
    ws = Workspace.open(folder)
    if ready.exists():
        orders = int(ready.read_text())
        print(f"reusing {what} / {orders:,} orders from {folder}")
        return ws, orders
    ws.init()
    seconds, orders = timed(lambda: build(ws))
    print(f"prepared {what} / {orders:,} orders in {seconds:.1f} s (in {folder})")
    ready.write_text(str(orders))
    return ws, orders
