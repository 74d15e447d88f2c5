"""Import and summary speed, Regulars vs DuckDB itself, in one run.

1. Generic CSV import of N order rows with full validation (types, required values, currency,
   duplicate keys, references) and the transactional upsert, vs DuckDB's own read_csv into a table
   with no validation (the physical reference). Goals: >= 500k rows/s and <= 2x the reference. Best
   of 3 rounds in turns, each into a new workspace / database file; the first (cold) round is
   printed too.
2. The same orders as shops' files have them, side by side with the plain UTF-8 CSV: Excel in
   Europe (Windows-1252, semicolons, decimal commas), Excel "Unicode text" (UTF-16, tabs), and a
   file whose notes span lines with Excel's empty rows (the line-number scan), and a line-level
   sales export (``--format line-items``: invoices, products, cancellations) of as many rows.
   Goal: each within 1.5x of the plain file. The process's peak memory is printed after each part.
   Then a generated orders file of ``--memory-mb`` MB (300) imported by ``regulars import`` in a
   process of its own: its peak memory (ru_maxrss). Goal: <= 1.2 GB.
3. A Shopify orders export (one row per line item). Goal: >= 50k rows/s.
4. A per-customer recency / frequency / monetary summary over M orders through the store path
   (Ibis expression in services.overview) vs the same query in hand-written DuckDB SQL. Goal <=
   1.5x.

    python benchmarks/import_bench.py [--rows 1000000] [--reader-rows 300000]
        [--summary-orders 10000000] [--memory-mb 300]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from bench_data import timed, write_rows

from regulars.services.imports import import_file
from regulars.services.overview import customer_summary
from regulars.services.workspace import Workspace

START = np.datetime64("2024-01-01T00:00:00", "s")


def order_rows(n: int, customers: int, seed: int = 1) -> pa.Table:
    rng = np.random.default_rng(seed)
    seconds = rng.integers(0, 700 * 86400, n)
    stamps = (START + seconds.astype("timedelta64[s]")).astype("datetime64[us]")
    return pa.table(
        {
            "order_id": pa.array([f"O{i:09d}" for i in range(n)]),
            "customer_id": pa.array([f"C{c:07d}" for c in rng.integers(0, customers, n)]),
            "ordered_at": pa.array(stamps, pa.timestamp("us", tz="UTC")),
            "currency": pa.array(["USD"] * n),
            "total": pa.array(np.round(rng.gamma(2.0, 20.0, n), 2)),
            "channel": pa.array(rng.choice(["web", "wholesale", "pos"], n)),
        }
    )


def shopify_rows(orders: int, seed: int = 2) -> pa.Table:
    rng = np.random.default_rng(seed)
    lines = rng.integers(1, 4, orders)
    order_index = np.repeat(np.arange(orders), lines)
    first = np.r_[True, order_index[1:] != order_index[:-1]]
    n = len(order_index)
    price = np.round(rng.gamma(2.0, 8.0, n), 2)
    qty = rng.integers(1, 3, n)
    totals = np.bincount(order_index, weights=price * qty)
    created = (START + rng.integers(0, 700 * 86400, orders).astype("timedelta64[s]")).astype(str)

    def only_first(values):
        return pa.array([v if f else None for v, f in zip(values, first)])

    return pa.table(
        {
            "Name": pa.array([f"#{1000 + i}" for i in order_index]),
            "Email": only_first([f"buyer{i % (orders // 3 + 1)}@example.com" for i in order_index]),
            "Financial Status": only_first(["paid"] * n),
            "Currency": only_first(["USD"] * n),
            "Subtotal": only_first([f"{totals[i]:.2f}" for i in order_index]),
            "Shipping": only_first(["0.00"] * n),
            "Taxes": only_first(["0.00"] * n),
            "Total": only_first([f"{totals[i]:.2f}" for i in order_index]),
            "Discount Amount": only_first(["0.00"] * n),
            "Created at": only_first(
                [created[i].replace("T", " ") + " +0000" for i in order_index]
            ),
            "Lineitem quantity": pa.array(qty.astype(str)),
            "Lineitem name": pa.array([f"Beans {i % 60}" for i in range(n)]),
            "Lineitem price": pa.array([f"{p:.2f}" for p in price]),
            "Lineitem sku": pa.array([f"SKU-{i % 60}" for i in range(n)]),
            "Accepts Marketing": only_first(["yes"] * n),
        }
    )


def ratio_line(label: str, ours: float, ref: float, goal: str) -> str:
    return (
        f"{label}: regulars {ours:.2f} s, reference {ref:.2f} s, ratio {ours / ref:.2f}x ({goal})"
    )


def bench_generic(tmp: Path, rows: int, repeat: int = 3) -> None:
    """Best of ``repeat`` rounds, each importing into a new workspace and reading into a new DuckDB
    file,
    in turns (so load on the machine hits both alike); the first, cold round is printed too."""
    path = tmp / "orders.csv"
    pacsv.write_csv(order_rows(rows, max(rows // 10, 1)), path)
    ours, ref = [], []
    for i in range(repeat):
        with Workspace.open(tmp / f"ws-generic-{i}") as ws:
            ws.init()
            seconds, report = timed(lambda: import_file(ws, "orders", path))  # noqa: B023
        assert report.counts["orders"].created == rows
        ours.append(seconds)
        con = duckdb.connect(str(tmp / f"reference-{i}.duckdb"))
        sql = f"CREATE TABLE orders AS SELECT * FROM read_csv('{path}')"
        ref.append(timed(lambda: con.execute(sql))[0])  # noqa: B023 (called at once, in this turn)
        con.close()
    rounds = f"best of {repeat}; first round {ours[0]:.2f} s and {ref[0]:.2f} s"
    print(
        f"generic CSV import, {rows:,} order rows: {rows / min(ours):,.0f} rows/s (goal >= "
        f"500,000; {rounds})"
    )
    print(
        ratio_line(
            "generic CSV import vs DuckDB read_csv (no validation)",
            min(ours),
            min(ref),
            f"goal <= 2x; {rounds}",
        )
    )


def peak_memory() -> str:
    import resource

    return f"peak memory so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB"


def shop_files(tmp: Path, rows: int) -> dict[str, tuple[Path, dict]]:
    """The same orders written as a plain CSV and as the files shops have (name -> path, the
    import's mapping)."""
    table = order_rows(rows, max(rows // 10, 1), seed=4)
    plain = tmp / "plain.csv"
    pacsv.write_csv(table, plain)
    text = plain.read_text(encoding="utf-8").replace('"', "")
    comma = pc.replace_substring(table["total"].cast(pa.string()), ".", ",")
    europe = tmp / "europe-utf8.csv"
    options = pacsv.WriteOptions(delimiter=";", quoting_style="none")
    pacsv.write_csv(table.set_column(4, "total", comma), europe, options)
    europe_text = europe.read_text(encoding="utf-8").replace("\n", "\r\n")
    (tmp / "excel-europe.csv").write_bytes(europe_text.encode("cp1252"))
    (tmp / "excel-unicode.txt").write_bytes(text.replace(",", "\t").encode("utf-16"))
    header, *body = text.splitlines()
    spanning = [header + ",note"] + [
        f'{line},"first line\nsecond line"' if i % 10 == 0 else f"{line}," for i, line in
        enumerate(body)
    ]  # fmt: skip
    spanning[1::1000] = [",,,,,," for _ in spanning[1::1000]]
    (tmp / "spanning.csv").write_text("\n".join(spanning) + "\n", encoding="utf-8")
    pacsv.write_csv(line_rows(rows), tmp / "line-items.csv")
    names = ["plain.csv", "excel-europe.csv", "excel-unicode.txt", "spanning.csv", "line-items.csv"]
    return {
        name: (tmp / name, {"note": "note"} if name == "spanning.csv" else {}) for name in names
    }


def line_rows(n: int, seed: int = 5) -> pa.Table:
    """A line-level sales export (UCI Online Retail's columns) of ``n`` lines, about three per
    invoice, one invoice in a hundred a cancellation ("C" prefix, negative quantities)."""
    rng = np.random.default_rng(seed)
    invoice = np.sort(rng.integers(0, max(n // 3, 1), n))
    cancelled = invoice % 100 == 99
    seconds = (invoice * (700 * 86400 // max(n // 3, 1))).astype("timedelta64[s]")
    quantity = rng.integers(1, 6, n)
    return pa.table(
        {
            "InvoiceNo": pa.array([("C" if c else "") + f"{536365 + i}" for i, c in
                                   zip(invoice, cancelled)]),
            "StockCode": pa.array([f"{85000 + k}" for k in rng.integers(0, 900, n)]),
            "Description": pa.array([f"PRODUCT {k}" for k in rng.integers(0, 900, n)]),
            "Quantity": pa.array(np.where(cancelled, -quantity, quantity)),
            "InvoiceDate": pa.array((START + seconds).astype(str)),
            "UnitPrice": pa.array(np.round(rng.gamma(2.0, 2.0, n), 2)),
            "CustomerID": pa.array([f"{12000 + c}" for c in invoice % max(n // 10, 1)]),
            "Country": pa.array(rng.choice(["United Kingdom", "France", "Germany"], n)),
        }
    )  # fmt: skip


def bench_readers(tmp: Path, rows: int, repeat: int = 2) -> None:
    """Each shop file imported into a new workspace, best of ``repeat``, against the plain file."""
    files = shop_files(tmp, rows)
    best: dict[str, float] = {}
    for i in range(repeat):
        for name, (path, _) in files.items():
            fmt = "line-items" if name == "line-items.csv" else "generic"
            with Workspace.open(tmp / f"ws-{name}-{i}") as ws:
                ws.init()
                run = lambda: import_file(ws, "orders", path, format=fmt)  # noqa: B023, E731
                seconds, _ = timed(run)
            best[name] = min(best.get(name, seconds), seconds)
    plain = best.pop("plain.csv")
    print(f"shops' files, {rows:,} order rows: plain UTF-8 CSV {plain:.2f} s ({peak_memory()})")
    for name, seconds in best.items():
        print(ratio_line(f"  {name} vs the plain CSV", seconds, plain, "goal <= 1.5x"))


def bench_memory(tmp: Path, megabytes: int) -> None:
    """A generated orders file of about ``megabytes`` MB imported by the CLI in its own process;
    that process's peak resident memory."""
    import resource
    import subprocess
    import sys

    path, part = tmp / "big.csv", order_rows(200_000, 400_000, seed=6)
    with path.open("wb") as out:
        i = 0
        while out.tell() < megabytes * 1_000_000:
            chunk = part.set_column(
                0, "order_id", pa.array([f"B{i:04d}{k:07d}" for k in range(part.num_rows)])
            )
            pacsv.write_csv(chunk, out, pacsv.WriteOptions(include_header=i == 0))
            i += 1  # fmt: skip
    size = path.stat().st_size / 1e6
    command = [sys.executable, "-m", "regulars", "import", "orders", str(path), "-w",
               str(tmp / "ws-memory")]  # fmt: skip
    seconds, done = timed(lambda: subprocess.run(command, capture_output=True, text=True))
    assert done.returncode == 0, done.stderr
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"{size:,.0f} MB orders file ({i * part.num_rows:,} rows) by regulars import: peak memory "
        f"{peak:,.0f} MB in {seconds:.0f} s (goal <= 1,200 MB)"
    )


def bench_shopify(tmp: Path, orders: int) -> None:
    path = tmp / "orders_export.csv"
    table = shopify_rows(orders)
    pacsv.write_csv(table, path)
    with Workspace.open(tmp / "ws-shopify") as ws:
        ws.init()
        ours, _ = timed(lambda: import_file(ws, "orders", path, format="shopify-orders"))
    print(
        f"shopify orders export, {table.num_rows:,} rows ({orders:,} orders): "
        f"{table.num_rows / ours:,.0f} rows/s (goal >= 50,000)"
    )


REFERENCE_SQL = """
SELECT customer_id, count(*) AS orders, count(DISTINCT CAST(ordered_at AS DATE)) AS purchase_days,
       min(ordered_at) AS first_order, max(ordered_at) AS last_order,
       sum(total_cents) AS spend_cents,
       (epoch((SELECT max(ordered_at) FROM orders)) - epoch(max(ordered_at))) / 86400.0
           AS recency_days,
       sum(total_cents) / count(*) AS average_order_cents
FROM orders
WHERE (status IS NULL OR status IN ('paid', 'partially_refunded', 'refunded'))
  AND customer_id IS NOT NULL
GROUP BY customer_id
"""


def bench_summary(tmp: Path, orders: int) -> None:
    ws = Workspace.open(tmp / "ws-summary")
    ws.init()
    rows = order_rows(orders, max(orders // 10, 1), seed=3)
    rows = rows.rename_columns(
        ["order_id", "customer_id", "ordered_at", "currency", "total_cents", "channel"]
    )
    rows = rows.set_column(
        4, "total_cents", pa.array((rows["total_cents"].to_numpy() * 100).astype(np.int64))
    )
    write_rows(ws, "orders", rows)
    run_ours = lambda: ws.store.to_arrow(customer_summary(ws))  # noqa: E731
    run_ref = lambda: ws.store.raw.execute(REFERENCE_SQL).to_arrow_table()  # noqa: E731
    run_ours(), run_ref()  # warm
    ours = min(timed(run_ours)[0] for _ in range(3))
    ref = min(timed(run_ref)[0] for _ in range(3))
    assert run_ours().num_rows == run_ref().num_rows
    ws.close()
    print(
        ratio_line(
            f"per-customer R/F/M summary over {orders:,} orders (store path vs hand-written DuckDB "
            "SQL)",
            ours,
            ref,
            "goal <= 1.5x",
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reader-rows", type=int, default=300_000)
    parser.add_argument("--shopify-orders", type=int, default=100_000)
    parser.add_argument("--summary-orders", type=int, default=10_000_000)
    parser.add_argument("--memory-mb", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="regulars-bench-") as tmp:
        bench_generic(Path(tmp), args.rows)
        print(f"  ({peak_memory()})")
        if args.reader_rows:
            bench_readers(Path(tmp), args.reader_rows)
        if args.memory_mb:
            bench_memory(Path(tmp), args.memory_mb)
        if args.shopify_orders:
            bench_shopify(Path(tmp), args.shopify_orders)
        bench_summary(Path(tmp), args.summary_orders)


if __name__ == "__main__":
    main()
