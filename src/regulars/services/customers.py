"""One customer: profile, everything held about them (export), and erasure."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import ibis

from regulars.errors import InputError, NotFoundError
from regulars.schema import TABLES
from regulars.services import cache
from regulars.services.cache import cached
from regulars.services.consent import OLDEST_FIRST
from regulars.services.currencies import money_rule
from regulars.services.sales import sales_at
from regulars.services.traces import Traces, clean_files, identifiers
from regulars.services.workspace import Workspace
from regulars.store.erasure import erase_customer as _erase


@dataclass(frozen=True, slots=True)
class CustomerListing:
    """One customer in a search: who, and their sale orders' count, spend and last date (ISO)."""

    customer_id: str
    email: str | None
    first_name: str | None
    last_name: str | None
    company: str | None
    customer_type: str | None
    orders: int
    spend_cents: int
    last_order: str | None


@dataclass(frozen=True, slots=True)
class CustomerPage:
    """A page of ``search_customers``: ``total`` customers match; ``customers`` from ``offset``
    on."""

    total: int
    limit: int
    offset: int
    customers: tuple[CustomerListing, ...]


@dataclass(frozen=True, slots=True)
class Erasure:
    """What an erasure did: rows deleted, rows anonymised, and both per table (counts only, never
    who)."""

    erasure_id: str
    rows_deleted: int
    rows_anonymised: int
    tables: dict[str, int]
    #: Free database blocks overwritten (DuckDB; ``store.scrub``).
    free_blocks_overwritten: int = 0
    #: The workspace's files cleaned and the exported files that held them (``services.traces``).
    traces: Traces = Traces()


# Per-customer queries, compiled once and run with the customer's id bound (Store.lookup).
def _customer_row(store, customer_id: str) -> ibis.Table:
    c = store.table("customers")
    return c.filter(c.customer_id == customer_id)


def _order_totals(store, customer_id: str, money: tuple = ()) -> ibis.Table:
    """The customer's sale orders (the rule the customer list and every KPI use): count, spend,
    first, last; spend in the workspace currency (``sales.sales_at``: orders in another currency
    converted at the owner's rates or left out, never added together)."""
    o = store.table("orders")
    o = sales_at(o.filter(o.customer_id == customer_id), money)
    return o.aggregate(
        orders=o.count(),
        spend_cents=o.total_cents.sum(),
        first_order=o.ordered_at.min(),
        last_order=o.ordered_at.max(),
    )


def _recent_orders(store, customer_id: str, recent: int = 10) -> ibis.Table:
    o = store.table("orders")
    return o.filter(o.customer_id == customer_id).order_by(ibis.desc("ordered_at")).limit(recent)


def _consent_rows(store, customer_id: str) -> ibis.Table:
    c = store.table("consents")
    return c.filter(c.customer_id == customer_id).order_by(list(OLDEST_FIRST))


def _feedback_rows(store, customer_id: str) -> ibis.Table:
    f = store.table("feedback")
    cols = ["kind", "created_at", "rating", "nps", "csat", "title", "text"]
    return f.filter(f.customer_id == customer_id).order_by(ibis.desc("created_at")).select(*cols)


def _require(ws: Workspace, customer_id: str) -> dict:
    rows = ws.store.lookup(_customer_row, customer_id).to_pylist()
    if not rows:
        raise NotFoundError(f"no customer with id {customer_id!r}")
    return rows[0]


def customer_records(ws: Workspace, customer_id: str) -> dict[str, list[dict]]:
    """Every row held about one customer, by table (their own rows, and their orders' lines and
    refunds)."""
    _require(ws, customer_id)
    records: dict[str, list[dict]] = {}
    for table in TABLES:
        if table.customer_column is None:
            continue
        t = ws.store.table(table.name)
        records[table.name] = ws.store.to_arrow(
            t.filter(t[table.customer_column] == customer_id)
        ).to_pylist()
    order_ids = [o["order_id"] for o in records.get("orders", [])]
    for name in ("order_items", "refunds"):
        t = ws.store.table(name)
        records[name] = (
            ws.store.to_arrow(t.filter(t.order_id.isin(order_ids))).to_pylist() if order_ids else []
        )
    return records


@cached
def customer_profile(ws: Workspace, customer_id: str, recent: int = 10) -> dict:
    customer = _require(ws, customer_id)
    totals = ws.store.lookup(_order_totals, customer_id, money=money_rule(ws))
    totals = totals.to_pylist()[0]
    orders = ws.store.lookup(_recent_orders, customer_id, recent=recent).to_pylist()
    return _jsonable(
        {
            "customer": customer,
            "summary": totals,
            "recent_orders": orders,
            "consents": latest_consents(ws, customer_id),
            "feedback": _feedback(ws, customer_id),
        }
    )


@cached
def customer_view(ws: Workspace, customer_id: str) -> dict:
    """The customer profile as the dashboard and the API show it: ``customer_profile`` with each
    capability's part (``services.capabilities``: the predictions, the segment; each with
    ``available`` False and a message when there is none)."""
    from regulars.services import capabilities

    return {**customer_profile(ws, customer_id), **capabilities.profile_parts(ws, customer_id)}


def latest_consents(ws: Workspace, customer_id: str) -> dict[str, dict]:
    rows = ws.store.lookup(_consent_rows, customer_id).to_pylist()
    return {
        r["purpose"]: {
            "granted": r["granted"],
            "recorded_at": r["recorded_at"],
            "source": r["source"],
        }
        for r in rows
    }


def _feedback(ws: Workspace, customer_id: str) -> list[dict]:
    return ws.store.lookup(_feedback_rows, customer_id).to_pylist()


def export_customer(ws: Workspace, customer_id: str, to: Path | str | None = None) -> dict:
    """Everything held about one customer (an access request): their rows by table (texts they
    wrote, their consent history), every value a capability derived about them
    (``Capability.access``: segment, persona, CLV and churn scores, proposals naming them) and
    the audit log's entries about them; written to ``to`` (.json, or .html a person can read)."""
    from regulars.services import capabilities
    from regulars.services.audit import audit_entries, customer_ref

    records = customer_records(ws, customer_id)
    document = _jsonable(
        {
            "customer_id": customer_id,
            "exported_at": datetime.now().astimezone(),
            "records": records,
            "consent_history": records.get("consents", []),
            "derived": _plain(capabilities.access_parts(ws, customer_id)),
            "audit": [e.to_dict() for e in audit_entries(ws, customer_ref(customer_id))],
        }
    )
    if to is not None:
        _write_export(document, Path(to))
    return document


def _plain(value):
    """Frozen results (dataclasses) as dicts, for JSON."""
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _write_export(document: dict, path: Path) -> None:
    from regulars.services.access_page import access_page

    suffix = path.suffix.lower()
    if suffix not in (".json", ".html"):
        raise InputError(f"{path.name}: a customer export is written as .json or .html")
    if suffix == ".json":
        path.write_text(json.dumps(document, indent=2, default=str), encoding="utf-8")
    else:
        path.write_text(access_page(document), encoding="utf-8")


def erase_customer(ws: Workspace, customer_id: str) -> Erasure:
    """Erase everywhere: the database rows (scrubbed from its bytes), every cached result that
    could hold a copy, and the workspace's files (``services.traces``); files already exported
    that held them are listed."""
    _require(ws, customer_id)
    from regulars.services.suppression import suppress_customer

    values = identifiers(ws, customer_id)
    suppress_customer(ws, customer_id)  # first: a re-import never brings them back
    result = _erase(ws.store, customer_id)
    cache.clear()
    return Erasure(**result, traces=clean_files(ws, values))


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, float) and value != value:
        return None  # NaN is not JSON
    return value


@cached
def search_customers(
    ws: Workspace, q: str | None = None, limit: int = 25, offset: int = 0
) -> CustomerPage:
    """Customers whose id, email or name contains ``q`` (all when empty), best spenders first."""
    from regulars.services.overview import customer_summary

    c = ws.store.table("customers")
    if q:
        needle = q.strip().lower()
        full_name = (ibis.coalesce(c.first_name, "") + " " + ibis.coalesce(c.last_name, "")).lower()
        c = c.filter(
            c.customer_id.lower().contains(needle)
            | c.email.lower().contains(needle)
            | full_name.contains(needle)
        )
    s = customer_summary(ws)
    joined = c.left_join(s, c.customer_id == s.customer_id).select(
        c.customer_id,
        c.email,
        c.first_name,
        c.last_name,
        c.company,
        c.customer_type,
        orders=ibis.coalesce(s.orders, 0),
        spend_cents=ibis.coalesce(s.spend_cents, 0),
        last_order=s.last_order,
    )
    total = ws.store.to_arrow(joined.aggregate(n=joined.count()))["n"][0].as_py()
    page = joined.order_by([ibis.desc("spend_cents"), "customer_id"]).limit(limit, offset=offset)
    rows = _jsonable(ws.store.to_arrow(page).to_pylist())
    return CustomerPage(total, limit, offset, tuple(CustomerListing(**row) for row in rows))


def display_names(ws: Workspace, customer_ids) -> dict[str, str]:
    """Each customer's name, else email, else phone, else id: what a table listing customers
    shows instead of a derived id."""
    from regulars.services.merges import display_name

    ids = [i for i in dict.fromkeys(customer_ids) if i is not None]
    if not ids:
        return {}
    c = ws.store.table("customers")
    c = c.filter(c.customer_id.isin(ids)).select(
        "customer_id", "first_name", "last_name", "email", "phone"
    )
    found = {r["customer_id"]: display_name(r) for r in ws.store.to_arrow(c).to_pylist()}
    return {i: found.get(i, i) for i in ids}
