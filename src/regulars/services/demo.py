"""The demo shop end to end: generate, import through the real importers, analyse (the ``regulars
demo``
command then writes the report, which reads the analyses cached here: nothing is computed twice)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from regulars.schema import TABLES
from regulars.services import capabilities, overview
from regulars.services.cache import pinned
from regulars.services.imports import import_file
from regulars.services.status import workspace_status
from regulars.services.workspace import Workspace
from regulars.units import money

TRUTHS_FILE = "demo-truths.json"
#: The demo's logged offer test (``demo.offers``): ``regulars offers evaluate demo-offers-log.csv``.
OFFER_LOG_FILE = "demo-offers-log.csv"


def write_demo_files(tables: dict[str, pa.Table], folder: Path) -> list[tuple[str, Path]]:
    """The demo's tables as CSV files, the form a shop owner would bring; parents first."""
    files = []
    for table in TABLES:
        rows = tables.get(table.name)
        if rows is None or rows.num_rows == 0:
            continue
        path = folder / f"{table.name}.csv"
        pacsv.write_csv(rows, path)  # money columns keep their _cents names: read as cents
        files.append((table.name, path))
    return files


def demo_steps(orders_only: bool = False) -> int:
    """How many steps ``run_demo`` says to ``progress`` at most (generating, one import per table,
    analysing), and the report the command writes after it."""
    return 1 + (2 if orders_only else len(TABLES)) + 1 + 1


def run_demo(
    ws: Workspace,
    customers: int = 8000,
    seed: int = 42,
    progress: Callable[[str], None] | None = None,
    orders_only: bool = False,
) -> dict:
    """Generate, import, analyse. ``orders_only`` builds just customers and orders
    (about 10 per customer), the scale knob for benchmarks (1M customers, 10M orders)."""
    from regulars.demo import generate, generate_orders_only

    say = progress or (lambda message: None)
    ws.init()
    say(f"Generating a coffee roaster with {customers:,} customers ...")
    shop = (generate_orders_only if orders_only else generate)(customers=customers, seed=seed)
    imported = {}
    with tempfile.TemporaryDirectory(
        prefix="regulars-demo-"
    ) as tmp:  # deleted after: no personal data left behind
        for name, path in write_demo_files(shop.tables, Path(tmp)):
            say(f"Importing {name} ...")
            report = import_file(ws, name, path)
            imported[name] = (
                report.counts[name].created
                + report.counts[name].updated
                + report.counts[name].unchanged
            )
    (ws.path / TRUTHS_FILE).write_text(
        json.dumps(shop.truths.to_dict(), indent=2, default=str), encoding="utf-8"
    )
    if shop.offer_log is not None:
        pacsv.write_csv(shop.offer_log, ws.path / OFFER_LOG_FILE)
    say("Analysing ...")
    capabilities.prepare(ws)  # the writes (a saved model) first: the analyses read one version
    with pinned(ws):
        highlights = demo_highlights(ws)
    return {
        "workspace": str(ws.path.resolve()),
        "imported": imported,
        "highlights": highlights,
        "truths": str((ws.path / TRUTHS_FILE).resolve()),
    }


def demo_highlights(ws: Workspace) -> list[str]:
    """The few sentences an owner reads first (every capability adds its own; run
    ``capabilities.prepare`` first, as ``run_demo`` does, so the saved model is there)."""
    currency = ws.settings.currency
    h = overview.headline(ws)
    lines = [
        f"{h.customers:,} customers placed {h.orders:,} orders worth "
        f"{money(h.revenue_cents, currency)} "
        f"between {h.first:%b %Y} and {h.last:%b %Y}.",
        f"Average order value {money(h.average_order_cents, currency)}; "
        f"{h.repeat_rate:.0%} of customers bought on more than one day.",
    ]
    months = overview.monthly_sales(ws)
    if months:
        best = max(months, key=lambda m: m.revenue_cents)
        lines.append(
            f"Best month: {best.month:%B %Y} with {money(best.revenue_cents, currency)} from "
            f"{best.orders:,} orders."
        )
    lines += capabilities.highlights(ws)  # each capability's, in order (``services.capabilities``)
    status = workspace_status(ws)
    lines += [f"Data check: {w}" for w in status.warnings]
    return lines
