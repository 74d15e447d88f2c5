"""What a workspace holds: tables, row counts, date ranges, data-quality warnings, import
history."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from regulars.results import plain
from regulars.schema import TABLES, Table
from regulars.services.cache import cached
from regulars.services.workspace import Workspace

if TYPE_CHECKING:
    import ibis

    from regulars.store import Store

# Every query here runs from SQL compiled once and saved in the database (``Store.compiled_rows``):
# a repeated ``regulars status`` imports no Ibis. A module-level function of the store builds each.


@dataclass(frozen=True, slots=True)
class TableStatus:
    name: str
    rows: int
    time_column: str | None = None
    first: str | None = None
    last: str | None = None


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One import, as the import log (``_imports``) holds it; ``details`` is its counts per table as
    JSON."""

    import_id: str
    table_name: str
    file_name: str
    file_sha256: str
    format: str
    imported_at: str
    rows_in_file: int
    created: int
    updated: int
    unchanged: int
    details: str | None = None


@dataclass(frozen=True, slots=True)
class WorkspaceStatus:
    workspace: str
    database: str
    schema_version: int
    tables: tuple[TableStatus, ...]
    warnings: tuple[str, ...] = ()
    imports: tuple[ImportRecord, ...] = ()

    def to_dict(self) -> dict:
        return plain(self)

    def rows(self, name: str) -> int:
        return next(t.rows for t in self.tables if t.name == name)


def time_column(table: Table) -> str | None:
    """The column that says when a row happened (the first required timestamp, else any)."""
    stamps = [c for c in table.columns if c.type == "timestamp"]
    required = [c for c in stamps if c.required]
    chosen = (required or stamps or [None])[0]
    return chosen.name if chosen else None


@cached
def workspace_status(ws: Workspace, imports: int = 10) -> WorkspaceStatus:
    tables = tuple(_table_status(ws, t) for t in TABLES)
    return WorkspaceStatus(
        workspace=str(ws.path.resolve()),
        database=ws.store.dialect,
        schema_version=ws.store.schema_version(),
        tables=tables,
        warnings=tuple(data_quality_warnings(ws, {t.name: t.rows for t in tables})),
        imports=recent_imports(ws, imports),
    )


def _table_status(ws: Workspace, table: Table) -> TableStatus:
    column = time_column(table)
    build = partial(_summary, name=table.name, column=column)
    (row,) = ws.store.compiled_rows(f"status.table.{table.name}", build)
    if column is None:
        return TableStatus(table.name, int(row["n"]))
    fmt = lambda v: v.isoformat() if v is not None else None  # noqa: E731
    return TableStatus(table.name, int(row["n"]), column, fmt(row["first"]), fmt(row["last"]))


def _summary(store: Store, name: str, column: str | None) -> ibis.Table:
    t = store.table(name)
    if column is None:
        return t.aggregate(n=t.count())
    return t.aggregate(n=t.count(), first=t[column].min(), last=t[column].max())


def data_quality_warnings(ws: Workspace, counts: dict[str, int]) -> list[str]:
    """Plain-words warnings about the data (each computed in the database)."""
    warnings = []
    for check in _CHECKS:
        message = check(ws, counts)
        if message:
            warnings.append(message)
    return warnings


def _count(ws: Workspace, build) -> int:
    """How many rows ``build(store)`` has: saved as the query ``status.<build's name>``."""
    (row,) = ws.store.compiled_rows(f"status.{build.__name__.strip('_')}", partial(_counted, build))
    return int(row["n"])


def _counted(build, store: Store) -> ibis.Table:
    expr = build(store)
    return expr.aggregate(n=expr.count())


def _no_orders(ws: Workspace, counts: dict[str, int]) -> str | None:
    if counts["orders"] == 0:
        return (
            "No orders yet: import orders (e.g. a Shopify orders export) to see sales, segments "
            "and predictions."
        )
    return None


def _customers_by_id_only(ws: Workspace, counts: dict[str, int]) -> str | None:
    n = _count(ws, _reference_customers)
    if n:
        return (
            f"{n} customers are known only by id (named by orders or other records): "
            "import a customers file to describe them."
        )
    return None


def _reference_customers(store: Store) -> ibis.Table:
    c = store.table("customers")
    return c.filter(c.source == "reference")


def _order_arithmetic(ws: Workspace, counts: dict[str, int]) -> str | None:
    n = _count(ws, _wrong_totals)
    if n:
        return f"{n} orders have a total that is not subtotal - discount + shipping + tax."
    return None


def _wrong_totals(store: Store) -> ibis.Table:
    """Orders whose total is none of the ways shops add it up: subtotal - discount + shipping + tax,
    or (Shopify) a subtotal already after discounts, and either way taxes added or included."""
    o = store.table("orders")
    parts = [o.subtotal_cents, o.discount_cents, o.shipping_cents, o.tax_cents]
    c = o.filter(*[p.notnull() for p in parts])
    totals = [
        c.subtotal_cents - discount + c.shipping_cents + tax
        for discount in (c.discount_cents, 0)
        for tax in (c.tax_cents, 0)
    ]
    return c.filter(*[(t - c.total_cents).abs() > 1 for t in totals])


def _orders_without_customer(ws: Workspace, counts: dict[str, int]) -> str | None:
    n = _count(ws, _orders_of_nobody)
    if n:
        return f"{n} orders have no customer: they count in sales but not in customer analyses."
    return None


def _orders_of_nobody(store: Store) -> ibis.Table:
    o = store.table("orders")
    return o.filter(o.customer_id.isnull())


def _future_orders(ws: Workspace, counts: dict[str, int]) -> str | None:
    n = _count(ws, _orders_dated_ahead)
    if n:
        return f"{n} orders are dated in the future: check the timezone or date format of the file."
    return None


def _orders_dated_ahead(store: Store) -> ibis.Table:
    import ibis

    o = store.table("orders")
    return o.filter(o.ordered_at > ibis.now() + ibis.interval(days=1))  # now: when the SQL runs


def _duplicate_emails(ws: Workspace, counts: dict[str, int]) -> str | None:
    n = _count(ws, _shared_emails)
    if n:
        return (
            f"{n} email addresses belong to more than one customer id: "
            "the same person may be counted twice."
        )
    return None


def _shared_emails(store: Store) -> ibis.Table:
    c = store.table("customers")
    c = c.filter(c.email.notnull())
    return c.group_by("email").aggregate(n=c.count()).filter(lambda t: t.n > 1)


_CHECKS = (
    _no_orders,
    _customers_by_id_only,
    _order_arithmetic,
    _orders_without_customer,
    _future_orders,
    _duplicate_emails,
)


@cached  # the import log is part of the data version
def recent_imports(ws: Workspace, limit: int = 10) -> tuple[ImportRecord, ...]:
    """The last ``limit`` imports, newest first."""
    build = partial(_latest_imports, limit=limit)
    found = ws.store.compiled_rows(f"status.recent_imports.{limit}", build)
    return tuple(
        ImportRecord(**{**row, "imported_at": row["imported_at"].isoformat()}) for row in found
    )


def _latest_imports(store: Store, limit: int) -> ibis.Table:
    import ibis

    t = store.table("_imports")
    return t.order_by(ibis.desc("imported_at")).limit(limit)
