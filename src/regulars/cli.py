"""The command line: each command is a short loop around one service call.

Library errors become exit codes only here: input problems 65, not found 66, store failure 74,
configuration 78, any other Regulars error 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table as RichTable

from regulars.errors import ConfigError, InputError, NotFoundError, RegularsError, StoreError
from regulars.services.workspace import Workspace

app = typer.Typer(help="Regulars: customer intelligence for small businesses.", no_args_is_help=True,
                  pretty_exceptions_enable=False, rich_markup_mode=None)
customer_app = typer.Typer(help="One customer: show, export or erase.", no_args_is_help=True)
app.add_typer(customer_app, name="customer")

out = Console()
err = Console(stderr=True)

EXIT_CODES: dict[type, int] = {InputError: 65, NotFoundError: 66, StoreError: 74, ConfigError: 78}

WorkspaceOpt = Annotated[Path | None, typer.Option("--workspace", "-w", envvar="REGULARS_WORKSPACE",
                                                   help="Workspace folder [default: ./regulars-workspace].")]
DatabaseOpt = Annotated[str | None, typer.Option("--database", envvar="REGULARS_DATABASE",
                                                 help="PostgreSQL URL; empty uses the workspace's DuckDB file.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def exit_code(exc: RegularsError) -> int:
    return next((code for kind, code in EXIT_CODES.items() if isinstance(exc, kind)), 1)


@contextmanager
def workspace(path: Path | None, database: str | None, as_json: bool) -> Iterator[Workspace]:
    """Open the workspace; turn Regulars errors into a message and an exit code."""
    try:
        with Workspace.open(path, database) as ws:
            yield ws
    except RegularsError as exc:
        _fail(exc, as_json)


def _fail(exc: RegularsError, as_json: bool) -> None:
    if as_json:
        payload = {"error": type(exc).__name__, "message": getattr(exc, "message", str(exc))}
        if isinstance(exc, InputError):
            payload["problems"] = [p.to_dict() for p in exc.problems]
            payload["total_problems"] = exc.total
        print(json.dumps(payload, indent=2))
    else:
        err.print(f"[bold red]Error:[/] {exc}", markup=True, highlight=False)
    raise typer.Exit(exit_code(exc))


def emit(as_json: bool, data, human: Callable[[], None]) -> None:
    if as_json:
        print(json.dumps(data, indent=2, default=str))
    else:
        human()


def _parse_map(entries: list[str]) -> dict[str, str]:
    mapping = {}
    for entry in entries:
        source, sep, target = entry.partition("=")
        if not sep or not source or not target:
            raise InputError(f"--map {entry!r}: write it as SOURCE_COLUMN=FIELD")
        mapping[source] = target
    return mapping


@app.command()
def init(workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False) -> None:
    """Create a workspace (folder, settings, database schema). Safe to run again.

    Example: regulars init --workspace my-shop
    """
    with workspace(workspace_dir, database, as_json) as ws:
        info = ws.init()
        emit(as_json, info, lambda: out.print(f"Workspace ready: {info['workspace']} ({info['database']}, schema v{info['schema_version']})"))


@app.command("import")
def import_(
    table: Annotated[str, typer.Argument(help="Canonical table: orders, customers, products, ...")],
    file: Annotated[Path, typer.Argument(help="CSV, Parquet or JSON-lines file.")],
    format: Annotated[str, typer.Option("--format", help="generic, shopify-orders, shopify-customers, stripe-payments, "
                                        "stripe-customers, mailchimp-campaigns, hubspot-deals, google-reviews")] = "generic",
    map_: Annotated[list[str] | None, typer.Option("--map", help="SOURCE_COLUMN=FIELD; repeat for more.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and count, write nothing.")] = False,
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False,
) -> None:
    """Import a file into a table: validated whole, written whole or not at all; re-importing adds nothing.

    Example: regulars import orders sales.csv --map cust=customer_id --map date=ordered_at --map amount=total
    """
    from regulars.services.imports import import_file

    with workspace(workspace_dir, database, as_json) as ws:
        try:
            mapping = _parse_map(map_ or [])
        except InputError as exc:
            _fail(exc, as_json)
        with err.status(f"Importing {file.name} ..."):
            report = import_file(ws, table, file, format=format, mapping=mapping, dry_run=dry_run)
        emit(as_json, report.to_dict(), lambda: _print_import(report))


def _print_import(report) -> None:
    out.print(report.summary() + (" (dry run: nothing written)" if report.dry_run else ""))
    for name, c in report.counts.items():
        out.print(f"  {name}: {c.created} new, {c.updated} updated, {c.unchanged} unchanged")
    for warning in report.warnings:
        out.print(f"  [yellow]warning:[/] {warning}")


@app.command()
def status(workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False) -> None:
    """Tables, row counts, date ranges, data-quality warnings and recent imports.

    Example: regulars status --json
    """
    from regulars.services.status import workspace_status

    with workspace(workspace_dir, database, as_json) as ws:
        st = workspace_status(ws)
        emit(as_json, st.to_dict(), lambda: _print_status(st))


def _print_status(st) -> None:
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
    table: Annotated[str, typer.Argument(help="Canonical table to export.")],
    to: Annotated[Path, typer.Option("--to", help="Target FILE.csv or FILE.parquet.")],
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False,
) -> None:
    """Export a table to CSV or Parquet (re-importable with the generic importer).

    Example: regulars export orders --to orders.parquet
    """
    from regulars.services.exports import export_table

    with workspace(workspace_dir, database, as_json) as ws:
        info = export_table(ws, table, to)
        emit(as_json, info, lambda: out.print(f"Wrote {info['rows']:,} {table} rows to {info['file']}"))


@app.command()
def demo(
    customers: Annotated[int, typer.Option("--customers", help="Number of demo customers.")] = 8000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same shop).")] = 42,
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False,
) -> None:
    """Generate the demo coffee roaster, import it, run every analysis and write report.html.

    Example: regulars demo --customers 2000 --seed 7
    """
    from regulars.services.demo import run_demo

    with workspace(workspace_dir, database, as_json) as ws:
        with err.status("Building the demo shop ...") as spinner:
            result = run_demo(ws, customers=customers, seed=seed, progress=lambda msg: spinner.update(msg))
        emit(as_json, result, lambda: _print_demo(result))


def _print_demo(result: dict) -> None:
    out.print(f"Demo shop imported into {result['workspace']}")
    for line in result["highlights"]:
        out.print(f"  - {line}")
    out.print(f"Report: {result['report']}")


@customer_app.command("show")
def customer_show(customer_id: str, workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None,
                  as_json: JsonOpt = False) -> None:
    """A customer's profile: details, orders, consents, feedback.

    Example: regulars customer show C000123
    """
    from regulars.services.customers import customer_profile

    with workspace(workspace_dir, database, as_json) as ws:
        profile = customer_profile(ws, customer_id)
        emit(as_json, profile, lambda: out.print_json(data=profile))


@customer_app.command("export")
def customer_export(customer_id: str, to: Annotated[Path | None, typer.Option("--to", help="Write to FILE.json.")] = None,
                    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False) -> None:
    """Everything held about one customer, as JSON (a data-subject access request).

    Example: regulars customer export C000123 --to C000123.json
    """
    from regulars.services.customers import export_customer

    with workspace(workspace_dir, database, as_json) as ws:
        document = export_customer(ws, customer_id, to)
        if to is not None and not as_json:
            out.print(f"Wrote everything held about {customer_id} to {to}")
        else:
            print(json.dumps(document, indent=2))


@customer_app.command("erase")
def customer_erase(customer_id: str, yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
                   workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False) -> None:
    """Erase a customer everywhere: their rows deleted or anonymised, aggregates kept, the erasure logged.

    Example: regulars customer erase C000123 --yes
    """
    from regulars.services.customers import erase_customer

    with workspace(workspace_dir, database, as_json) as ws:
        if not yes:
            if not sys.stdin.isatty():
                raise InputError("erasing needs confirmation: pass --yes when not typing at a terminal")
            typer.confirm(f"Erase customer {customer_id} everywhere? This cannot be undone", abort=True)
        info = erase_customer(ws, customer_id)
        emit(as_json, info, lambda: out.print(
            f"Erased: {info['rows_deleted']} rows deleted, {info['rows_anonymised']} anonymised (erasure {info['erasure_id']})"))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
