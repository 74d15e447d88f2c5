"""The boundary: the one module that runs actions leaving Regulars: a file of people (an audience
export, emails for the shop's email tool), a webhook (an audience send), emails by SMTP, a price
file for Shopify. ``tests/test_boundary.py`` fails if any other module writes rows to a file or
talks to the network.

An action runs only with an approved, unexpired proposal (``services.proposals``), and its people
are chosen again at execution under the one consent rule (``services.consent``), so a withdrawal
after the approval keeps the person out. A file is written beside its name and put in place only
once the proposal is marked executed, in one transaction with the export's log and the audit
entries. A send is recorded ``sent`` in the audit log as it goes, so running a proposal again
(after a crash or a lost connection) never sends one message twice."""

from __future__ import annotations

import json
import os
import smtplib
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pyarrow as pa
import pyarrow.csv as pacsv

from regulars.errors import InputError
from regulars.services import audit, outbound, proposals
from regulars.services.exports import spreadsheet_safe
from regulars.services.segments import audiences
from regulars.services.workspace import Workspace

AUDIENCE_EXPORT = "audience_export"
RECOMMENDATION_EMAIL = "recommendation_email"
TIMEOUT_SECONDS = 20


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


def _partial(rows: pa.Table, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    pacsv.write_csv(spreadsheet_safe(rows), tmp)  # owners open it in a spreadsheet (OWASP)
    return tmp


def _published(ws: Workspace, rows: pa.Table, target: Path, log: Callable):
    """Write ``rows`` beside ``target``, run ``log`` (the proposal marked executed, the audit)
    in one transaction, then put the file in place: a failure or a crash leaves neither."""
    tmp = _partial(rows, target)
    try:
        with ws.store.transaction():
            record = log()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, target)
    return record


def _target(proposal, to: Path | None) -> Path:
    target = Path(to or proposal.parameters.get("to") or "")
    if not str(target) or str(target) == ".":
        raise InputError(f"proposal {proposal.proposal_id} names no file; pass --to FILE.csv")
    return target


def _run_audience_export(ws: Workspace, proposal, user: str, to: Path | None, export=None):
    p, target = proposal.parameters, _target(proposal, to)
    if export is None:  # who is in it: decided now, by today's consent
        export = audiences.export_rows(ws, p["audience"], p.get("hashed", False), _cols(p))
    return _published(
        ws, export.rows, target, lambda: _logged(ws, proposal, export, user, str(target))
    )


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
    to = Path(to) if to else None
    if proposal.action_type == AUDIENCE_EXPORT:
        return _run_audience_export(ws, proposal, user, to, export)
    if proposal.action_type == RECOMMENDATION_EMAIL and "messages" not in proposal.parameters:
        return _run_recommendation_email(ws, proposal, user, to)  # merge fields, no texts
    runner = _RUNNERS.get(proposal.action_type)
    if runner is None:
        raise InputError(
            f"a {proposal.action_type} cannot run yet: no tool is connected for it; it stays "
            "approved until it expires"
        )
    return runner(ws, proposal, user, to)


def _run_recommendation_email(ws: Workspace, proposal, user: str, to: Path | None):
    """Write the recommendation email file (merge fields), people chosen now by today's consent."""
    from regulars.services.recommendations.email import EmailExport, email_rows, left_out

    target, k = _target(proposal, to), int(proposal.parameters.get("k", 3))
    rows = email_rows(ws, k)
    done = EmailExport(str(target), rows.num_rows, left_out(ws, rows.num_rows), k,
                       proposal.proposal_id)  # fmt: skip

    def log():
        what = f"recommendations:{proposal.proposal_id}"
        audit.record(ws, user, "exported", what, done.to_dict())
        proposals.mark_executed(ws, proposal, done.to_dict())
        return done

    return _published(ws, rows, target, log)


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
    if not to:
        raise InputError("an audience export names its file; pass --to FILE.csv")

    def run():  # one transaction: the proposal, its approval, the export's log, the audit
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
        return _logged(ws, _runnable(ws, proposal.proposal_id), export, user, str(to))

    return _published(ws, export.rows, Path(to), run)


def execute_download(ws: Workspace, proposal_id: str, user: str):
    """``execute`` for a download (API and dashboard): the CSV's bytes and the logged export."""
    import dataclasses

    kind = proposals.get_proposal(ws, proposal_id).action_type
    if kind != AUDIENCE_EXPORT:
        raise InputError(
            f"a {kind} is not a download; run it with `regulars proposals run {proposal_id}`"
        )

    with tempfile.TemporaryDirectory(prefix="regulars-audience-") as tmp:
        target = Path(tmp) / "audience.csv"
        record = execute(ws, proposal_id, user, target)
        data = target.read_bytes()
    return data, dataclasses.replace(record, file="download")


def runnable_types() -> frozenset[str]:
    """The action types an approved proposal of which can run (a budget split never does)."""
    return frozenset({AUDIENCE_EXPORT, RECOMMENDATION_EMAIL, *_RUNNERS})


def execute_from_dashboard(ws: Workspace, proposal_id: str, user: str):
    """``execute`` for the dashboard's Run button: what the action wrote (the price file, the
    discount codes, the email tool's file) as bytes for a download, or None when it sent
    instead (a webhook, the SMTP server); and what it did."""
    with tempfile.TemporaryDirectory(prefix="regulars-run-") as tmp:
        target = Path(tmp) / "run.csv"
        record = execute(ws, proposal_id, user, target)
        data = target.read_bytes() if target.exists() else None
    if isinstance(record, dict) and "file" in record:
        record = {**record, "file": "download"}
    return data, record


def download_audience_now(ws, name, hashed=False, columns=None, user="analyst", role="analyst"):
    """``export_audience_now`` for a download (API and dashboard): the CSV's bytes and the log."""
    import dataclasses

    with tempfile.TemporaryDirectory(prefix="regulars-audience-") as tmp:
        target = Path(tmp) / "audience.csv"
        record = export_audience_now(ws, name, target, hashed, columns, user, role)
        data = target.read_bytes()
    return data, dataclasses.replace(record, file="download")


# -- sends: each recorded `sent` in the audit log as it goes, so a second run sends nothing twice


def _already_sent(ws: Workspace, proposal_id: str) -> set[str]:
    """The subjects a proposal has already been sent to (from the audit log)."""
    return {
        e.subject
        for e in audit.audit_entries(ws)
        if e.action == "sent" and e.details.get("proposal") == proposal_id
    }


def _finish(ws, proposal, user: str, result: dict) -> dict:
    with ws.store.transaction():
        audit.record(ws, user, "executed", f"proposal:{proposal.proposal_id}", result)
        proposals.mark_executed(ws, proposal, result)
    return result


def _post_json(url: str, payload: dict, key: str) -> int:
    """POST ``payload`` as JSON; the HTTP status. ``Idempotency-Key`` lets a receiver drop a
    repeat."""
    body = json.dumps(payload, default=str).encode("utf-8")
    request = urllib.request.Request(
        url,
        body,
        {"Content-Type": "application/json", "Idempotency-Key": key},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        raise InputError(f"{url.split('?', 1)[0]} answered {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"cannot reach {url.split('?', 1)[0]}: {reason}") from exc


LLM_MAX_BYTES = 64 << 10


def ask_language_model(settings, messages: list[dict]) -> str:
    """One chat completion from the OpenAI-compatible endpoint the owner set (``llm_url``), for
    the customer assistant's optional phrasing (``services.assistant.phrasing``, which sends it
    only the shop's own facts and the masked question); its text. InputError when it cannot be
    reached, takes longer than ``llm_timeout``, or answers something else."""
    url = settings.llm_url.rstrip("/") + "/chat/completions"
    payload = {"model": settings.llm_model or "default", "messages": messages,
               "temperature": 0, "stream": False}  # fmt: skip
    headers = {"Content-Type": "application/json"}
    if settings.llm_key:
        headers["Authorization"] = f"Bearer {settings.llm_key}"
    request = urllib.request.Request(url, json.dumps(payload).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.llm_timeout) as response:
            data = json.loads(response.read(LLM_MAX_BYTES))
        return str(data["choices"][0]["message"]["content"])
    except urllib.error.HTTPError as exc:
        raise InputError(f"the language model answered {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:  # TimeoutError is an OSError
        reason = getattr(exc, "reason", exc) or "timed out"
        raise InputError(f"the language model did not answer: {reason}") from exc
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise InputError("the language model's answer is not a chat completion") from exc


def _run_audience_send(ws: Workspace, proposal, user: str, to: Path | None) -> dict:
    p, subject = proposal.parameters, f"proposal:{proposal.proposal_id}"
    _needs(proposal, "webhook", "webhook")
    export = audiences.export_rows(ws, p["audience"], False, _cols(p))  # consent as of now
    result = {"proposal": proposal.proposal_id, "audience": p["audience"], "webhook": p["webhook"]}
    result |= {"rows_exported": export.rows.num_rows, "excluded": export.excluded_no_consent}
    if subject not in _already_sent(ws, proposal.proposal_id):
        status = _post_json(p["webhook"], outbound.audience_payload(proposal, export.rows), subject)
        audit.record(ws, user, "sent", subject, {**result, "status": status})
    return _finish(ws, proposal, user, result)


def post_alert(url: str, payload: dict) -> int:
    """An alert to the owner's webhook (no customer in it); the HTTP status."""
    return _post_json(url, payload, payload.get("id", "alert"))


def _smtp(url: str) -> smtplib.SMTP:
    parts = urlsplit(url)
    secure, query = parts.scheme == "smtps", parse_qs(parts.query)
    cls = smtplib.SMTP_SSL if secure else smtplib.SMTP
    try:
        client = cls(parts.hostname, parts.port or (465 if secure else 25), timeout=TIMEOUT_SECONDS)
        if query.get("starttls", ["0"])[0] in ("1", "true", "yes"):
            client.starttls()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
    except (OSError, smtplib.SMTPException) as exc:
        raise InputError(f"cannot send through {parts.hostname}: {exc}") from exc
    return client


def send_email(ws: Workspace, to: str, subject: str, body: str, client=None) -> None:
    """One email through the settings' SMTP server (an alert to the owner, or a customer's
    approved message when ``client`` is the open connection)."""
    sender = ws.settings.email_from or f"regulars@{urlsplit(ws.settings.smtp).hostname}"
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message.set_content(body)
    own = client is None
    client = client or _smtp(ws.settings.smtp)
    try:
        client.send_message(message)
    except smtplib.SMTPException as exc:
        raise InputError(f"the mail server refused the email to {to}: {exc}") from exc
    finally:
        if own:
            client.quit()


def _run_emails(ws: Workspace, proposal, user: str, to: Path | None):
    messages, left_out = outbound.email_rows(ws, _needs(proposal, "messages", "messages"))
    result = {"proposal": proposal.proposal_id, "left_out_no_consent_or_email": left_out}
    if not ws.settings.smtp:  # a file the shop's email tool imports
        target = _target(proposal, to)
        rows = pa.table({k: [m[k] for m in messages] for k in ("email", "subject", "body")})
        result |= {"file": str(target), "rows_exported": len(messages)}
        return _published(ws, rows, target, lambda: _finish(ws, proposal, user, result))
    sent, skipped = _already_sent(ws, proposal.proposal_id), 0
    client = _smtp(ws.settings.smtp)
    try:
        for m in messages:
            ref = audit.customer_ref(m["customer_id"])
            if ref in sent:
                skipped += 1
                continue
            send_email(ws, m["email"], m["subject"], m["body"], client)
            audit.record(ws, user, "sent", ref, {"proposal": proposal.proposal_id})
            sent.add(ref)
    finally:
        client.quit()
    return _finish(
        ws, proposal, user, result | {"sent": len(messages) - skipped, "skipped": skipped}
    )


def _needs(proposal, key: str, what: str):
    value = proposal.parameters.get(key)
    if not value:
        raise InputError(f"proposal {proposal.proposal_id} names no {what}; it cannot run")
    return value


REPLY_COLUMNS = ("feedback_id", "kind", "source", "given_on", "reply")


def _run_review_replies(ws: Workspace, proposal, user: str, to: Path | None):
    """The approved replies as a file to paste where each review or ticket is (nothing is
    posted: no review site or helpdesk is connected)."""
    replies = _needs(proposal, "replies", "replies")
    target = _target(proposal, to)
    rows = pa.table({k: [str(r.get(k) or "") for r in replies] for k in REPLY_COLUMNS})
    result = {"proposal": proposal.proposal_id, "file": str(target), "replies": rows.num_rows}
    return _published(ws, rows, target, lambda: _finish(ws, proposal, user, result))


def _run_price_change(ws: Workspace, proposal, user: str, to: Path | None):
    changes = _needs(proposal, "changes", "price changes")
    target = _target(proposal, to)
    rows = outbound.shopify_products(ws, changes, proposal.parameters.get("previous_prices"))
    result = {"proposal": proposal.proposal_id, "file": str(target), "products": rows.num_rows}
    return _published(ws, rows, target, lambda: _finish(ws, proposal, user, result))


def _run_offer_campaign(ws: Workspace, proposal, user: str, to: Path | None):
    """The discount-code list for the email tool: email, offer, code; marketing consent checked
    again now, so a customer who withdrew since the approval gets no code."""
    from regulars.services.offers.codes import code_rows

    rows, left_out = code_rows(ws, proposal.proposal_id, _needs(proposal, "offers", "offers"))
    target = _target(proposal, to)
    result = {"proposal": proposal.proposal_id, "file": str(target), "codes": rows.num_rows,
              "left_out_no_consent_or_email": left_out}  # fmt: skip
    return _published(ws, rows, target, lambda: _finish(ws, proposal, user, result))


_RUNNERS: dict[str, Callable] = {
    outbound.AUDIENCE_SEND: _run_audience_send,
    "offer_campaign": _run_offer_campaign,
    outbound.PRICE_CHANGE: _run_price_change,
    "review_reply": _run_review_replies,
    **{kind: _run_emails for kind in outbound.EMAILS},
}
