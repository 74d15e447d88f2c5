"""The boundary: the one module that runs actions leaving Regulars (writing a file of people, and
later a webhook, an email or ad tool, a published price). ``tests/test_boundary.py`` fails if any
other module writes rows to a file or talks to the network.

An action runs only with an approved, unexpired proposal (``services.proposals``), and its people
are chosen again at execution under the one consent rule (``services.consent``), so a withdrawal
after the approval keeps the person out. Every run is in the audit log."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.csv as pacsv

from regulars.errors import InputError
from regulars.services import audit, proposals
from regulars.services.exports import spreadsheet_safe
from regulars.services.segments import audiences
from regulars.services.workspace import Workspace

AUDIENCE_EXPORT = "audience_export"
RECOMMENDATION_EMAIL = "recommendation_email"


def _runnable(ws: Workspace, proposal_id: str) -> proposals.Proposal:
    proposal = proposals.get_proposal(ws, proposal_id)  # expires what is due first
    if proposal.status != "approved":
        raise InputError(
            f"proposal {proposal_id} is {proposal.status}; only an approved, unexpired proposal "
            "runs"
        )
    if proposal.expires_at <= datetime.now(UTC):
        raise InputError(f"proposal {proposal_id} expired at {proposal.expires_at:%Y-%m-%d %H:%M}")
    return proposal


def _write_csv(rows, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    pacsv.write_csv(spreadsheet_safe(rows), tmp)  # owners open it in a spreadsheet (OWASP)
    os.replace(tmp, target)  # a crash mid-write never leaves half a file under the real name


def _run_audience_export(ws: Workspace, proposal, user: str, to: Path | None, export=None):
    p = proposal.parameters
    target = Path(to or p.get("to") or "")
    if not str(target) or str(target) == ".":
        raise InputError(f"proposal {proposal.proposal_id} names no file; pass --to FILE.csv")
    if export is None:  # who is in it: decided now, by today's consent
        export = audiences.export_rows(ws, p["audience"], p.get("hashed", False), _cols(p))
    _write_csv(export.rows, target)
    return _logged(ws, proposal, export, user, str(target))


def _cols(parameters: dict) -> tuple[str, ...] | None:
    return tuple(parameters["columns"]) if parameters.get("columns") else None


def _logged(ws, proposal, export, user: str, file: str) -> audiences.AudienceExport:
    export_id, at = audiences.log_export(ws, export, user)
    record = audiences.AudienceExport(
        export_id,
        export.audience,
        file,
        export.format,
        export.columns,
        export.matching,
        export.rows.num_rows,
        export.excluded_no_consent,
        export.skipped_no_email,
        at,
        proposal.proposal_id,
    )
    details = {k: v for k, v in record.to_dict().items() if k not in ("exported_at", "columns")}
    audit.record(ws, user, "exported", f"audience:{export.audience}", details)
    proposals.mark_executed(ws, proposal, details)
    return record


def execute(ws: Workspace, proposal_id: str, user: str, to: Path | str | None = None):
    """Run an approved, unexpired proposal; what it did."""
    return _execute(ws, proposal_id, user, to)


def _execute(ws, proposal_id: str, user: str, to, export=None):
    proposal = _runnable(ws, proposal_id)
    if proposal.action_type == RECOMMENDATION_EMAIL:
        return _run_recommendation_email(ws, proposal, user, Path(to) if to else None)
    if proposal.action_type != AUDIENCE_EXPORT:
        raise InputError(
            f"a {proposal.action_type} cannot run yet: no tool is connected for it; it stays "
            "approved until it expires"
        )
    return _run_audience_export(ws, proposal, user, Path(to) if to else None, export)


def _run_recommendation_email(ws: Workspace, proposal, user: str, to: Path | None):
    """Write the recommendation email file (merge fields), people chosen now by today's consent."""
    from regulars.services.recommendations.email import EmailExport, email_rows, left_out

    target = Path(to or proposal.parameters.get("to") or "")
    if not str(target) or str(target) == ".":
        raise InputError(f"proposal {proposal.proposal_id} names no file; pass --to FILE.csv")
    rows = email_rows(ws, int(proposal.parameters.get("k", 3)))
    _write_csv(rows, target)
    done = EmailExport(str(target), rows.num_rows, left_out(ws, rows.num_rows),
                       int(proposal.parameters.get("k", 3)), proposal.proposal_id)  # fmt: skip
    audit.record(ws, user, "exported", f"recommendations:{proposal.proposal_id}", done.to_dict())
    proposals.mark_executed(ws, proposal, done.to_dict())
    return done


def propose_audience_export(
    ws: Workspace,
    name: str,
    proposed_by: str,
    *,
    to: Path | str | None = None,
    hashed: bool = False,
    columns: tuple[str, ...] | None = None,
    reason: str | None = None,
    proposer_kind: str = "person",
    days: int = proposals.DEFAULT_DAYS,
    reach: tuple[int, tuple[str, ...]] | None = None,
) -> proposals.Proposal:
    """Queue an export of the audience's marketable customers (who they are is decided again when
    it runs)."""
    audience = audiences.get_audience(ws, name, count=False)
    unknown = [c for c in columns or () if c not in audiences.FIELDS and c != audiences.WHY]
    if unknown and not hashed:
        raise InputError(f"unknown column {unknown[0]!r}; columns: {', '.join(audiences.FIELDS)}")
    parameters = {
        "audience": name,
        "hashed": hashed,
        "columns": list(columns or ()),
        "to": str(to) if to else None,
    }
    form = "hashed emails" if hashed else ", ".join(columns or audiences.DEFAULT_COLUMNS)
    return proposals.propose(
        ws,
        AUDIENCE_EXPORT,
        f"Export audience {name!r} ({form}) to a file",
        parameters,
        reach or audiences.audience_sample(ws, name),
        reason or f"Audience rule: {audience.rule}",
        proposals.Effect(
            None,
            missing="an export measures nothing by itself; the campaign "
            "that uses it is measured by `regulars campaign`",
        ),
        "customers, orders and segments; marketing consent, checked again when it runs",
        proposed_by,
        proposer_kind=proposer_kind,
        days=days,
    )


def export_audience_now(ws, name, to, hashed=False, columns=None, user="owner", role="owner"):
    """Propose, approve and run in one step (the CLI's `regulars audience export`: the person at
    the workspace's files is its owner); all three are in the audit log. The rows are chosen
    once, by consent at this moment, and are both the proposal's reach and what is written."""
    export = audiences.export_rows(ws, name, hashed, columns)
    ids = export.rows["customer_id"] if "customer_id" in export.rows.column_names else None
    sample = tuple(ids.slice(0, proposals.SAMPLE_SIZE).to_pylist()) if ids is not None else ()
    proposal = propose_audience_export(
        ws,
        name,
        user,
        to=to,
        hashed=hashed,
        columns=columns,
        reason="asked for directly",
        reach=(export.rows.num_rows, sample),
    )
    proposals.approve(ws, proposal.proposal_id, user, role, "approved with the request")
    return _execute(ws, proposal.proposal_id, user, None, export)


def execute_download(ws: Workspace, proposal_id: str, user: str):
    """``execute`` for a download (API and dashboard): the CSV's bytes and the logged export."""
    import dataclasses

    with tempfile.TemporaryDirectory(prefix="regulars-audience-") as tmp:
        target = Path(tmp) / "audience.csv"
        record = execute(ws, proposal_id, user, target)
        data = target.read_bytes()
    return data, dataclasses.replace(record, file="download")


def download_audience_now(ws, name, hashed=False, columns=None, user="analyst", role="analyst"):
    """``export_audience_now`` for a download (API and dashboard): the CSV's bytes and the log."""
    import dataclasses

    with tempfile.TemporaryDirectory(prefix="regulars-audience-") as tmp:
        target = Path(tmp) / "audience.csv"
        record = export_audience_now(ws, name, target, hashed, columns, user, role)
        data = target.read_bytes()
    return data, dataclasses.replace(record, file="download")
