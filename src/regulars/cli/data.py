"""Data commands: init, import, status, export, demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from regulars.cli import (
    DatabaseOpt,
    JsonOpt,
    WorkspaceOpt,
    app,
    emit,
    out,
    parse_map,
    steps,
    workspace,
)


@app.command()
def init(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
) -> None:
    """Create a workspace (folder, settings, database schema). Safe to run again.

    Example: regulars init --workspace my-shop
    """
    with workspace(workspace_dir, database, as_json, create=True) as ws:
        info = ws.init()
        emit(
            as_json,
            info,
            lambda: out.print(
                f"Workspace ready: {info['workspace']} ({info['database']}, schema "
                f"v{info['schema_version']})"
            ),
        )


@app.command("import")
def import_(
    table: Annotated[str, typer.Argument(help="Canonical table: orders, customers, products, ...")],
    file: Annotated[Path, typer.Argument(help="CSV, Parquet or JSON-lines file.")],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            help="generic, shopify-orders, shopify-customers, stripe-payments, "
            "stripe-customers, mailchimp-campaigns, hubspot-deals, google-reviews",
        ),
    ] = "generic",
    map_: Annotated[
        list[str] | None, typer.Option("--map", help="SOURCE_COLUMN=FIELD; repeat for more.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and count, write nothing.")
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="utf-8, utf-16, cp1252, ... [default: detected]"),
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option("--delimiter", help=", ; tab or | [default: detected]")
    ] = None,
    decimal: Annotated[
        str | None, typer.Option("--decimal", help="Decimal mark: . or , [default: detected]")
    ] = None,
    day_first: Annotated[
        bool, typer.Option("--day-first", help="Dates such as 03/02/2026 are 3 February.")
    ] = False,
    month_first: Annotated[
        bool, typer.Option("--month-first", help="Dates such as 03/02/2026 are 2 March.")
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Import the good rows; write the others with their problems to "
            "FILE.rejected.csv beside the file.",
        ),
    ] = False,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import a file into a table: validated whole, written whole or not at all; re-importing adds
    nothing.

    Example: regulars import orders sales.csv --map cust=customer_id --map date=ordered_at --map
    amount=total
    """
    from regulars.services.imports import IMPORT_STEPS, import_file

    with workspace(workspace_dir, database, as_json, create=True) as ws:
        mapping = parse_map(map_ or [])
        reading = _reading(encoding, delimiter, decimal, day_first, month_first, skip_invalid)
        with steps(len(IMPORT_STEPS), f"Importing {file.name}") as step:
            report = import_file(
                ws,
                table,
                file,
                format=format,
                mapping=mapping,
                dry_run=dry_run,
                reading=reading,
                progress=step,
            )
        emit(as_json, report.to_dict(), lambda: _print_import(report))


def _reading(encoding, delimiter, decimal, day_first: bool, month_first: bool, skip: bool):
    """The import's reading options (``Reading`` checks them, so a bad one is an input error)."""
    from regulars.errors import InputError
    from regulars.importers.options import Reading

    if day_first and month_first:
        raise InputError("--day-first and --month-first: give one of them")
    order = "day-first" if day_first else "month-first" if month_first else None
    return Reading(encoding, delimiter, decimal, order, skip)


def _print_import(report) -> None:
    out.print(report.summary() + (" (dry run: nothing written)" if report.dry_run else ""))
    for name, c in report.counts.items():
        out.print(f"  {name}: {c.created} new, {c.updated} updated, {c.unchanged} unchanged")
    for warning in report.warnings:
        out.print(f"  [yellow]warning:[/] {warning}")
    if report.rejected_file:
        out.print(f"  rows set aside, with their problems: {report.rejected_file}")


@app.command()
def status(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
) -> None:
    """Tables, row counts, date ranges, data-quality warnings and recent imports.

    Example: regulars status --json
    """
    from regulars.services.status import workspace_status

    with workspace(workspace_dir, database, as_json) as ws:
        st = workspace_status(ws)
        emit(as_json, st.to_dict(), lambda: _print_status(st))


def _print_status(st) -> None:
    from rich.table import Table as RichTable

    grid = RichTable(title=f"{st.workspace} ({st.database}, schema v{st.schema_version})")
    for heading in ("table", "rows", "from", "to"):
        grid.add_column(heading, justify="right" if heading == "rows" else "left")
    for t in st.tables:
        grid.add_row(t.name, f"{t.rows:,}", (t.first or "")[:10], (t.last or "")[:10])
    out.print(grid)
    for warning in st.warnings:
        out.print(f"[yellow]warning:[/] {warning}")


@app.command()
def export(
    table: Annotated[
        str,
        typer.Argument(help="Table to export: a canonical one, or a system one such as _imports."),
    ],
    to: Annotated[Path, typer.Option("--to", help="Target FILE.csv or FILE.parquet.")],
    raw: Annotated[
        bool,
        typer.Option(
            "--raw",
            help="CSV: write text beginning with = + - @ unchanged (machine-to-machine), not "
            "prefixed with ' for spreadsheets.",
        ),
    ] = False,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Export a table to CSV or Parquet (re-importable with the generic importer).

    Example: regulars export orders --to orders.parquet
    """
    from regulars.services.exports import export_table

    with workspace(workspace_dir, database, as_json) as ws:
        info = export_table(ws, table, to, raw=raw)
        emit(as_json, info, lambda: out.print(f"Wrote {info.rows:,} {table} rows to {info.file}"))


@app.command()
def demo(
    customers: Annotated[int, typer.Option("--customers", help="Number of demo customers.")] = 8000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same shop).")] = 42,
    orders_only: Annotated[
        bool,
        typer.Option(
            "--orders-only",
            help="Only customers and orders (~10 each): "
            "the benchmark scale, e.g. --customers 1000000.",
        ),
    ] = False,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Generate the demo coffee roaster, import it, run every analysis and write report.html.

    Example: regulars demo --customers 2000 --seed 7
    """
    from regulars.report import write_report
    from regulars.services.cache import pinned
    from regulars.services.demo import demo_steps, run_demo

    with workspace(workspace_dir, database, as_json, create=True) as ws:
        with steps(demo_steps(orders_only), "Building the demo shop") as step:
            result = run_demo(
                ws, customers=customers, seed=seed, progress=step, orders_only=orders_only
            )
            step("Writing the report ...")
            with pinned(ws):  # the report reads what the highlights computed: nothing runs twice
                report = write_report(ws, highlights=result["highlights"])
        result = _with_report(result, report)
        emit(as_json, result, lambda: _print_demo(result))


def _with_report(result: dict, report: Path) -> dict:
    """The demo's result with the report's path after the highlights, where --json puts it."""
    shown = {key: value for key, value in result.items() if key != "truths"}
    return {**shown, "report": str(report.resolve()), "truths": result["truths"]}


def _print_demo(result: dict) -> None:
    out.print(f"Demo shop imported into {result['workspace']}")
    for line in result["highlights"]:
        out.print(f"  - {line}")
    out.print(f"Report: {result['report']}")
