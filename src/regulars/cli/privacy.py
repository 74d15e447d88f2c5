"""Privacy: the notice generated from what each purpose uses, and why a customer sees the shop's
messages."""

from __future__ import annotations

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace
from regulars.cli.customers import customer_app

privacy_app = typer.Typer(help="The privacy notice for the shop's customers.", no_args_is_help=True)
app.add_typer(privacy_app, name="privacy")


@privacy_app.command("notice")
def privacy_notice_command(as_json: JsonOpt = False) -> None:
    """The privacy notice: each consent purpose, what uses it and what data, and the rights.

    Example: regulars privacy notice --json
    """
    from regulars.services.privacy_notice import privacy_notice

    notice = privacy_notice()
    emit(as_json, notice, lambda: out.print(notice.text, markup=False))


@customer_app.command("why")
def customer_why(
    customer_id: str,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Why a customer sees the shop's messages, in words the shop can show them.

    Example: regulars customer why C000123
    """
    from regulars.services.why import why

    with workspace(workspace_dir, database, as_json) as ws:
        answer = why(ws, customer_id)
        emit(as_json, answer, lambda: out.print(answer.explanation, markup=False))
