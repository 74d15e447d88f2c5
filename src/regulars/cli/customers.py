"""One customer: show, export, erase."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace
from regulars.errors import InputError

customer_app = typer.Typer(help="One customer: show, export or erase.", no_args_is_help=True)
app.add_typer(customer_app, name="customer")


@customer_app.command("show")
def customer_show(
    customer_id: str,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """A customer's profile: details, orders, consents, feedback.

    Example: regulars customer show C000123
    """
    from regulars.services.customers import customer_profile

    with workspace(workspace_dir, database, as_json) as ws:
        profile = customer_profile(ws, customer_id)
        emit(as_json, profile, lambda: out.print_json(data=profile))


@customer_app.command("export")
def customer_export(
    customer_id: str,
    to: Annotated[
        Path | None, typer.Option("--to", help="Write to FILE.json, or FILE.html to read.")
    ] = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Everything held about one customer, derived values too, as JSON or HTML (an access request).

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
def customer_erase(
    customer_id: str,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Erase a customer everywhere: their rows deleted or anonymised, aggregates kept, the erasure
    logged.

    Example: regulars customer erase C000123 --yes
    """
    from regulars.services.customers import erase_customer

    with workspace(workspace_dir, database, as_json) as ws:
        if not yes:
            if not sys.stdin.isatty():
                raise InputError(
                    "erasing needs confirmation: pass --yes when not typing at a terminal"
                )
            typer.confirm(
                f"Erase customer {customer_id} everywhere? This cannot be undone", abort=True
            )
        info = erase_customer(ws, customer_id)
        emit(as_json, info, lambda: _print_erasure(info))


def _print_erasure(info) -> None:
    out.print(
        f"Erased: {info.rows_deleted} rows deleted, {info.rows_anonymised} anonymised "
        f"(erasure {info.erasure_id})"
    )
    t = info.traces
    for path in t.reports_removed:
        out.print(f"Removed {path}: it quoted them; run `regulars report` to write it again")
    for path in t.files_rewritten:
        out.print(f"Removed them from {path}")
    for path in t.exported_files:
        out.print(f"Already exported with them: {path} (delete it or pass the erasure on)")
    for path in t.exports_not_found:
        out.print(f"Exported earlier, file not found to check: {path}")


@customer_app.command("duplicates")
def customer_duplicates(
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Customers that look like one person (same email or phone under several ids).

    Example: regulars customer duplicates
    """
    from regulars.services.merges import suggested_merges

    with workspace(workspace_dir, database, as_json) as ws:
        found = suggested_merges(ws)
        emit(as_json, found, lambda: _print_duplicates(found))


def _print_duplicates(found) -> None:
    if not found:
        out.print("No customer appears under several ids.")
    for s in found:
        out.print(f"{s.reason}: {', '.join(s.names)}")
        out.print(f"  regulars customer merge {s.keep} {' '.join(s.merge)}")


@customer_app.command("merge")
def customer_merge(
    keep: Annotated[str, typer.Argument(help="The id to keep.")],
    others: Annotated[list[str], typer.Argument(help="The ids merged into it.")],
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Merge customers into one: their orders, events, consents and feedback follow the kept id.

    Example: regulars customer merge cus_A cus_B
    """
    from regulars.services.merges import merge_customers

    with workspace(workspace_dir, database, as_json) as ws:
        merged = merge_customers(ws, keep, others)
        moved = sum(n for t, n in merged.rows.items() if t != "customers")
        emit(
            as_json,
            merged,
            lambda: out.print(f"Merged {', '.join(merged.merged)} into {keep}: {moved} rows moved"),
        )
