"""Audiences: saved, named rules over customer attributes, RFM segment and persona; live counts;
consent-checked CSV exports (plain columns, or the hashed email form ad platforms accept), each
logged."""

from __future__ import annotations

import getpass
import hashlib
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import ibis
import pyarrow as pa

from regulars.analytics.segments.rfm_grid import SEGMENT_NAMES
from regulars.errors import InputError, NotFoundError
from regulars.services.cache import cached
from regulars.services.consent import consents_mask, with_consent
from regulars.services.segments.rfm import customer_rfm, last_order_time
from regulars.services.segments.rules import Condition, compile_rule, parse_rule
from regulars.services.workspace import Workspace
from regulars.store import audiences as saved

#: field -> (number | text, description). Money is in currency units; days count back from the
#: last order in the data.
FIELDS: dict[str, tuple[str, str]] = {
    "customer_id": ("text", "customer id"),
    "email": ("text", "email address"),
    "first_name": ("text", "given name"),
    "last_name": ("text", "family name"),
    "city": ("text", "city"),
    "region": ("text", "region"),
    "country": ("text", "ISO country code"),
    "customer_type": ("text", "retail or wholesale"),
    "orders": ("number", "orders placed (sales)"),
    "spend": ("number", "total spent, in currency units"),
    "average_order": ("number", "average order value, in currency units"),
    "days_since_order": ("number", "days since the last order"),
    "segment": ("text", "RFM segment"),
    "r_score": ("number", "recency score 1-5"),
    "f_score": ("number", "frequency score 1-5"),
    "m_score": ("number", "monetary score 1-5"),
    "persona": ("text", "persona name (from `regulars segments personas`)"),
    "days_since_email_open": ("number", "days since the customer last opened or clicked an email"),
}
DEFAULT_COLUMNS = ("customer_id", "email", "first_name", "last_name")
WHY = "why"  # an export column: why the customer is in the audience, in words to show them
OPEN_TOUCHES, OPEN_EVENTS = ("opened", "clicked"), ("email_open", "email_click")


@dataclass(frozen=True)
class Audience:
    name: str
    rule: str
    description: str | None
    conditions: tuple[Condition, ...]
    created_at: datetime | None
    updated_at: datetime | None
    customers: int | None = None
    marketable: int | None = None

    def to_dict(self) -> dict:
        return {**asdict(self), "conditions": [c.to_dict() for c in self.conditions]}


@dataclass(frozen=True)
class AudienceExport:
    export_id: str
    audience: str
    file: str
    format: str
    columns: tuple[str, ...]
    matching: int
    rows_exported: int
    excluded_no_consent: int
    skipped_no_email: int
    exported_at: datetime
    proposal_id: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ExportLogEntry:
    """One logged audience export (``_audience_exports``): counts and who, never the customers."""

    export_id: str
    audience_name: str
    exported_at: datetime
    format: str
    rows_exported: int
    excluded_no_consent: int
    exported_by: str | None


def _last_email_open(ws: Workspace) -> ibis.Table:
    t, e = ws.store.table("campaign_touches"), ws.store.table("events")
    opens = t.filter(t.touch_type.isin(OPEN_TOUCHES)).select("customer_id", at=t.occurred_at)
    opens = opens.union(
        e.filter(e.event_type.isin(OPEN_EVENTS) & e.customer_id.notnull()).select(
            "customer_id", at=e.occurred_at
        )
    )
    return opens.group_by("customer_id").aggregate(last_open=opens.at.max())


def _persona_table(ws: Workspace) -> tuple[ibis.Table, tuple[str, ...]]:
    from regulars.services.segments.personas import cached_persona_report

    report = cached_persona_report(ws)
    table = ibis.memtable(
        pa.table(
            {
                "customer_id": pa.array(report.customer_ids, pa.string()),
                "persona": pa.array(report.labels, pa.string()),
            }
        )
    )
    return table, tuple(c.name for c in report.cards)


def customer_attributes(
    ws: Workspace, with_persona: bool = False
) -> tuple[ibis.Table, dict[str, tuple[str, ...]]]:
    """Every customer with the audience fields, and the allowed values of the fields that have
    them."""
    c = ws.store.table("customers")
    rfm = customer_rfm(ws)
    end = last_order_time(ws)
    t = c.left_join(rfm, "customer_id").left_join(_last_email_open(ws), "customer_id")
    reference = ibis.literal(end, "timestamp('UTC')") if end is not None else ibis.now()
    t = t.select(
        *[f for f in DEFAULT_COLUMNS + ("city", "region", "country", "customer_type")],
        orders=t.orders.fill_null(0),
        spend=t.spend_cents.fill_null(0) / 100.0,
        average_order=t.spend_cents / t.orders / 100.0,
        days_since_order=t.recency_days,
        segment=t.segment,
        r_score=t.r_score,
        f_score=t.f_score,
        m_score=t.m_score,
        days_since_email_open=(reference.epoch_seconds() - t.last_open.epoch_seconds()) / 86400.0,
    )
    choices = {"segment": SEGMENT_NAMES}
    if with_persona:
        personas, names = _persona_table(ws)
        t = t.left_join(personas, "customer_id").drop("customer_id_right")
        choices["persona"] = names
    return t, choices


def audience_members(ws: Workspace, rule: str, extra_fields: tuple[str, ...] = ()) -> ibis.Table:
    conditions = parse_rule(rule)
    with_persona = any(c.field == "persona" for c in conditions) or "persona" in extra_fields
    table, choices = customer_attributes(ws, with_persona)
    kinds = {k: v[0] for k, v in FIELDS.items() if k != "persona" or with_persona}
    return compile_rule(conditions, table, kinds, choices)


def _counts(ws: Workspace, members: ibis.Table) -> tuple[int, int]:
    ok = with_consent(ws, members, "marketing")
    total = ws.store.to_arrow(members.aggregate(n=members.count()))["n"][0].as_py()
    return int(total), int(ws.store.to_arrow(ok.aggregate(n=ok.count()))["n"][0].as_py())


@cached
def rule_counts(ws: Workspace, rule: str) -> tuple[int, int]:
    """How many customers a rule matches, and how many of them may be marketed to: counted once
    per data version (a listing of ten audiences is not ten recounts per request)."""
    return _counts(ws, audience_members(ws, rule))


def _audience(row: dict, customers: int | None = None, marketable: int | None = None) -> Audience:
    return Audience(
        row["name"],
        row["rule"],
        row["description"],
        tuple(parse_rule(row["rule"])),
        row["created_at"],
        row["updated_at"],
        customers,
        marketable,
    )


def create_audience(
    ws: Workspace, name: str, rule: str, description: str | None = None, replace: bool = False
) -> Audience:
    """Check the rule against the data (fields, operators, values), save it, and count it."""
    if not name.strip():
        raise InputError("an audience needs a name")
    members = audience_members(ws, rule)
    customers, marketable = _counts(ws, members)
    if not saved.save_audience(ws.store, name, rule, description, replace):
        raise InputError(f"audience {name!r} exists; pass --replace to change its rule")
    return _audience(saved.audience_row(ws.store, name), customers, marketable)


def get_audience(ws: Workspace, name: str, count: bool = True) -> Audience:
    row = saved.audience_row(ws.store, name)
    if row is None:
        raise NotFoundError(f"no audience named {name!r}; see `regulars audience list`")
    return _audience(row, *(rule_counts(ws, row["rule"]) if count else (None, None)))


def list_audiences(ws: Workspace, count: bool = True) -> list[Audience]:
    return [
        _audience(r, *(rule_counts(ws, r["rule"]) if count else (None, None)))
        for r in saved.audience_rows(ws.store)
    ]


def delete_audience(ws: Workspace, name: str) -> str:
    """Delete a saved audience (its export log stays: who exported what, and when); its name."""
    if not saved.delete_audience(ws.store, name):
        raise NotFoundError(f"no audience named {name!r}; see `regulars audience list`")
    return name


def audience_exports(ws: Workspace, name: str | None = None) -> tuple[ExportLogEntry, ...]:
    """The export log, oldest first: of one audience, or of all."""
    return tuple(ExportLogEntry(**row) for row in saved.audience_export_rows(ws.store, name))


def email_sha256(email: str | None) -> str | None:
    """The form ad platforms match on: trimmed, lower-cased, SHA-256 hex; None for a missing
    email."""
    if email is None or not email.strip():
        return None
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def _rows(
    ws: Workspace, members: ibis.Table, columns: tuple[str, ...], hashed: bool
) -> tuple[pa.Table, int, int]:
    """The consenting members' rows, how many had no email (hashed), and how many matched: the
    members read once, the consent rule's ids once (``consents_mask``)."""
    wanted = ("email",) if hashed else columns
    keyed = (*wanted, *(() if "customer_id" in wanted else ("customer_id",)))
    got = ws.store.to_arrow(members.order_by("customer_id").select(*keyed))
    ok = got.filter(consents_mask(ws, got["customer_id"], "marketing"))
    ok = ok.select(list(wanted))
    if not hashed:
        return ok, 0, got.num_rows
    emails = ok["email"].to_pylist()
    hashes = sorted(h for h in map(email_sha256, emails) if h)
    no_email = sum(1 for e in emails if not email_sha256(e))
    return pa.table({"email_sha256": pa.array(hashes, pa.string())}), no_email, got.num_rows


@dataclass(frozen=True)
class ExportRows:
    """What an audience export would write now: the consenting customers' rows, computed at the
    moment of execution (``services.actions`` writes them; nothing here writes a file)."""

    audience: str
    format: str
    columns: tuple[str, ...]
    rows: pa.Table
    matching: int
    skipped_no_email: int

    @property
    def excluded_no_consent(self) -> int:
        consented = self.rows.num_rows + (self.skipped_no_email if self.hashed else 0)
        return self.matching - consented

    @property
    def hashed(self) -> bool:
        return self.format == "csv-sha256"


def export_rows(
    ws: Workspace, name: str, hashed: bool = False, columns: tuple[str, ...] | None = None
) -> ExportRows:
    """The audience's customers whose latest marketing consent is granted, as they stand now."""
    audience = get_audience(ws, name, count=False)
    columns = tuple(columns or DEFAULT_COLUMNS)
    data = tuple(c for c in columns if c != WHY)  # "why": the reason in words (services.why)
    unknown = [c for c in data if c not in FIELDS]
    if unknown and not hashed:
        raise InputError(f"unknown column {unknown[0]!r}; columns: {', '.join(FIELDS)}, {WHY}")
    members = audience_members(ws, audience.rule, data if not hashed else ())
    rows, no_email, matching = _rows(ws, members, data, hashed)
    if WHY in columns and not hashed:
        from regulars.services.why import audience_reason

        reason = audience_reason(audience.name, audience.rule)
        rows = rows.append_column(WHY, pa.array([reason] * rows.num_rows, pa.string()))
    fmt = "csv-sha256" if hashed else "csv"
    shown = ("email_sha256",) if hashed else columns
    return ExportRows(name, fmt, shown, rows, matching, no_email)


def audience_sample(ws: Workspace, name: str, size: int = 5) -> tuple[int, tuple[str, ...]]:
    """How many of the audience consent to marketing now, and the first few of their ids."""
    members = audience_members(ws, get_audience(ws, name, count=False).rule)
    ok = with_consent(ws, members, "marketing")
    count = ws.store.to_arrow(ok.aggregate(n=ok.count()))["n"][0].as_py()
    ids = ws.store.to_arrow(ok.select("customer_id").order_by("customer_id").limit(size))
    return int(count), tuple(ids["customer_id"].to_pylist())


def log_export(ws: Workspace, export: ExportRows, exported_by: str) -> tuple[str, datetime]:
    """Log an export that ``services.actions`` wrote: its id and when."""
    export_id = uuid.uuid4().hex
    at = saved.record_audience_export(
        ws.store,
        export_id,
        export.audience,
        export.format,
        export.rows.num_rows,
        export.excluded_no_consent,
        exported_by,
    )
    return export_id, at


def export_audience(
    ws: Workspace,
    name: str,
    to: Path | str,
    hashed: bool = False,
    columns: tuple[str, ...] | None = None,
    exported_by: str | None = None,
) -> AudienceExport:
    """Write the audience's customers whose latest marketing consent is granted, in one step as its
    owner: a proposal approved and run by ``services.actions`` (the audit log records each)."""
    from regulars.services.actions import export_audience_now

    return export_audience_now(ws, name, to, hashed, columns, exported_by or getpass.getuser())


def export_audience_csv(
    ws: Workspace,
    name: str,
    hashed: bool = False,
    columns: tuple[str, ...] | None = None,
    exported_by: str | None = None,
) -> tuple[bytes, AudienceExport]:
    """``export_audience`` for a download (API and dashboard, an analyst at least): the CSV's bytes
    and the logged export."""
    from regulars.services.actions import download_audience_now

    return download_audience_now(ws, name, hashed, columns, exported_by or getpass.getuser())


def download_name(name: str, hashed: bool) -> str:
    import re

    return f"audience-{re.sub(r'[^A-Za-z0-9._-]', '_', name)}{'-sha256' if hashed else ''}.csv"
