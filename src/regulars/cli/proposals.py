"""The trust centre: regulars proposals list|show|export|approve|reject|run, regulars audit
list|verify.

The CLI is run by whoever holds the workspace's files: its owner. So it approves as the owner,
under the login name of the person running it; each decision is in the audit log."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace
from regulars.errors import InputError

proposals_app = typer.Typer(
    help="Proposed actions awaiting approval: list, show, export, approve, reject, run.",
    no_args_is_help=True,
)
audit_app = typer.Typer(help="The tamper-evident audit log: list, verify.", no_args_is_help=True)
app.add_typer(proposals_app, name="proposals")
app.add_typer(audit_app, name="audit")

IdArg = Annotated[str, typer.Argument(help="Proposal id (see `regulars proposals list`).")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="Why, in a few words.")]
ToOpt = Annotated[Path | None, typer.Option("--to", help="Target FILE.csv of an export.")]
OWNER = "owner"


def _line(p) -> str:
    return (
        f"{p.proposal_id}  {p.status:<8}  {p.action_type:<16}  {p.customers:>7,} customers  "
        f"{p.title}  (by {p.proposed_by}, expires {p.expires_at:%Y-%m-%d})"
    )


@proposals_app.command("list")
def proposals_list(
    status: Annotated[
        str | None, typer.Option("--status", help="pending, approved, rejected, expired, executed.")
    ] = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Proposals, oldest first (those past their expiry are marked expired first).

    Example: regulars proposals list --status pending --json
    """
    from regulars.services.proposals import list_proposals

    with workspace(workspace_dir, database, as_json) as ws:
        found = list_proposals(ws, status)
        emit(
            as_json,
            [p.to_dict() for p in found],
            lambda: out.print("\n".join(map(_line, found)) or "No proposals.", highlight=False),
        )


def _show(p) -> str:
    effect = p.effect
    interval = (
        f"{effect.text or 'effect'} ({effect.low} to {effect.high})"
        if effect.low is not None or effect.high is not None
        else f"no interval: {effect.missing}"
    )
    return "\n".join(
        [
            _line(p),
            f"  why: {p.reason}",
            f"  expected effect: {interval}",
            f"  relies on: {p.relies_on}",
            f"  sample: {', '.join(p.sample) or '-'}",
            f"  approval by: {p.approver_role}",
            *([f"  decided by {p.decided_by}: {p.note or ''}"] if p.decided_by else []),
        ]
    )


@proposals_app.command("show")
def proposals_show(
    proposal_id: IdArg,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """One proposal: what, for whom, why, its expected effect, what it relies on.

    Example: regulars proposals show 3f2a9c1b7d4e --json
    """
    from regulars.services.proposals import get_proposal

    with workspace(workspace_dir, database, as_json) as ws:
        p = get_proposal(ws, proposal_id)
        emit(as_json, p.to_dict(), lambda: out.print(_show(p), highlight=False))


@proposals_app.command("export")
def proposals_export(
    audience: Annotated[str, typer.Argument(help="Audience name.")],
    to: ToOpt = None,
    hashed: Annotated[bool, typer.Option("--hashed", help="Hashed emails only.")] = False,
    days: Annotated[int, typer.Option("--days", help="Days until it expires.")] = 14,
    reason: Annotated[str | None, typer.Option("--reason", help="Why, in words.")] = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Propose an audience export (it waits for approval; `regulars audience export` is the
    owner's one step).

    Example: regulars proposals export win-back --to win-back.csv --reason "October win-back"
    """
    from regulars.services.actions import propose_audience_export

    with workspace(workspace_dir, database, as_json) as ws:
        p = propose_audience_export(
            ws, audience, getpass.getuser(), to=to, hashed=hashed, reason=reason, days=days
        )
        emit(as_json, p.to_dict(), lambda: out.print(_show(p), highlight=False))


@proposals_app.command("approve")
def proposals_approve(
    proposal_id: IdArg,
    note: NoteOpt = None,
    run: Annotated[bool, typer.Option("--run", help="Run it right after approving.")] = False,
    to: ToOpt = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Approve a pending proposal as the owner; with --run, run it too.

    Example: regulars proposals approve 3f2a9c1b7d4e --run --to win-back.csv
    """
    from regulars.services import actions, proposals

    with workspace(workspace_dir, database, as_json) as ws:
        user = getpass.getuser()
        p = proposals.approve(ws, proposal_id, user, OWNER, note)
        if run:
            actions.execute(ws, proposal_id, user, to)
            p = proposals.get_proposal(ws, proposal_id)
        emit(as_json, p.to_dict(), lambda: out.print(_show(p), highlight=False))


@proposals_app.command("reject")
def proposals_reject(
    proposal_id: IdArg,
    note: NoteOpt = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Reject a pending proposal as the owner.

    Example: regulars proposals reject 3f2a9c1b7d4e --note "too soon after the last mailing"
    """
    from regulars.services.proposals import reject

    with workspace(workspace_dir, database, as_json) as ws:
        p = reject(ws, proposal_id, getpass.getuser(), OWNER, note)
        emit(as_json, p.to_dict(), lambda: out.print(_show(p), highlight=False))


@proposals_app.command("run")
def proposals_run(
    proposal_id: IdArg,
    to: ToOpt = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Run an approved, unexpired proposal (its people chosen again, by today's consent).

    Example: regulars proposals run 3f2a9c1b7d4e --to win-back.csv
    """
    from regulars.services.actions import execute

    with workspace(workspace_dir, database, as_json) as ws:
        e = execute(ws, proposal_id, getpass.getuser(), to)
        if isinstance(e, dict):  # a send or a price file: what it did, in its own words
            emit(as_json, e, lambda: out.print(_ran(e), highlight=False))
            return
        emit(
            as_json,
            e.to_dict(),
            lambda: out.print(
                f"Wrote {e.rows_exported:,} rows to {e.file}; {e.excluded_no_consent:,} left out "
                "for lack of marketing consent"
            ),
        )


def _ran(result: dict) -> str:
    shown = {k: v for k, v in result.items() if k != "proposal"}
    return f"Ran proposal {result['proposal']}: " + ", ".join(
        f"{k.replace('_', ' ')} {v}" for k, v in shown.items()
    )


@audit_app.command("list")
def audit_list(
    limit: Annotated[int, typer.Option("--limit", help="The last N entries.")] = 50,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The audit log's last entries, oldest first: who did what to which data.

    Example: regulars audit list --limit 20 --json
    """
    from regulars.services.audit import audit_entries

    with workspace(workspace_dir, database, as_json) as ws:
        found = audit_entries(ws, limit=limit)
        lines = [
            f"{e.seq:>6}  {e.recorded_at:%Y-%m-%d %H:%M:%S}  {e.actor}  {e.action}  {e.subject}"
            for e in found
        ]
        emit(as_json, found, lambda: out.print("\n".join(lines) or "No entries.", highlight=False))


@audit_app.command("verify")
def audit_verify(
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Recompute the audit log's hash chain; exit 65 naming the first entry changed, removed or
    out of place.

    Example: regulars audit verify
    """
    from regulars.services.audit import verify_audit

    with workspace(workspace_dir, database, as_json) as ws:
        check = verify_audit(ws)
        if not check.intact:
            raise InputError(f"the audit log was tampered with: {check.reason}")
        emit(as_json, check, lambda: out.print(f"Audit log intact: {check.entries:,} entries."))
