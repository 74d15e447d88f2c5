"""Retention: regulars retention apply --dry-run | --yes."""

from __future__ import annotations

from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace
from regulars.errors import InputError

retention_app = typer.Typer(
    help="Delete rows older than each table's retention.", no_args_is_help=True
)
app.add_typer(retention_app, name="retention")


def _text(plan) -> str:
    verb = "deleted" if plan.applied else "would delete"
    lines = [
        f"{t.table}: {verb} {t.rows:,} rows before {t.cutoff:%Y-%m-%d} (kept {t.months} months)"
        for t in plan.tables
    ]
    return "\n".join(lines) or "No retention set: add [retention] to regulars.toml."


@retention_app.command("apply")
def retention_apply(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only say what would go.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Delete (run --dry-run first).")] = False,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Delete the rows older than each table's retention (regulars.toml [retention]), in one
    transaction, keeping their monthly counts.

    Example: regulars retention apply --dry-run
    """
    from regulars.services.retention import apply_retention, retention_plan

    with workspace(workspace_dir, database, as_json) as ws:
        if dry_run == yes:
            raise InputError("choose --dry-run (what would go) or --yes (delete it)")
        plan = retention_plan(ws) if dry_run else apply_retention(ws)
        emit(as_json, plan, lambda: out.print(_text(plan), highlight=False))
