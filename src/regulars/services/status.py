"""What a workspace holds: tables, row counts, date ranges, data-quality warnings, import history."""

from __future__ import annotations

from dataclasses import dataclass

import ibis

from regulars.results import plain
from regulars.schema import TABLES, Table
from regulars.services.cache import cached
from regulars.services.workspace import Workspace


@dataclass(frozen=True, slots=True)
class TableStatus:
    name: str
    rows: int
    time_column: str | None = None
    first: str | None = None
    last: str | None = None


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One import, as the import log (``_imports``) holds it; ``details`` is its counts per table as JSON."""

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
    t = ws.store.table(table.name)
    column = time_column(table)
    if column is None:
        return TableStatus(table.name, int(ws.store.to_arrow(t.aggregate(n=t.count()))["n"][0].as_py()))
    row = ws.store.to_arrow(t.aggregate(n=t.count(), first=t[column].min(), last=t[column].max())).to_pylist()[0]
    fmt = lambda v: v.isoformat() if v is not None else None  # noqa: E731
    return TableStatus(table.name, int(row["n"]), column, fmt(row["first"]), fmt(row["last"]))


def data_quality_warnings(ws: Workspace, counts: dict[str, int]) -> list[str]:
    """Plain-words warnings about the data (each computed in the database)."""
    warnings = []
    for check in _CHECKS:
        message = check(ws, counts)
        if message:
            warnings.append(message)
    return warnings


def _count(ws: Workspace, expr: ibis.Table) -> int:
    return int(ws.store.to_arrow(expr.aggregate(n=expr.count()))["n"][0].as_py())


def _no_orders(ws: Workspace, counts: dict[str, int]) -> str | None:
    if counts["orders"] == 0:
        return "No orders yet: import orders (e.g. a Shopify orders export) to see sales, segments and predictions."
    return None


def _customers_by_id_only(ws: Workspace, counts: dict[str, int]) -> str | None:
    c = ws.store.table("customers")
    n = _count(ws, c.filter(c.source == "reference"))
    if n:
        return f"{n} customers are known only by id (named by orders or other records): import a customers file to describe them."
    return None


def _order_arithmetic(ws: Workspace, counts: dict[str, int]) -> str | None:
    o = ws.store.table("orders")
    parts = [o.subtotal_cents, o.discount_cents, o.shipping_cents, o.tax_cents]
    complete = o.filter(*[p.notnull() for p in parts])
    wrong = complete.filter((complete.subtotal_cents - complete.discount_cents + complete.shipping_cents
                             + complete.tax_cents - complete.total_cents).abs() > 1)
    n = _count(ws, wrong)
    if n:
        return f"{n} orders have a total that is not subtotal - discount + shipping + tax."
    return None


def _orders_without_customer(ws: Workspace, counts: dict[str, int]) -> str | None:
    o = ws.store.table("orders")
    n = _count(ws, o.filter(o.customer_id.isnull()))
    if n:
        return f"{n} orders have no customer: they count in sales but not in customer analyses."
    return None


def _future_orders(ws: Workspace, counts: dict[str, int]) -> str | None:
    o = ws.store.table("orders")
    n = _count(ws, o.filter(o.ordered_at > ibis.now() + ibis.interval(days=1)))
    if n:
        return f"{n} orders are dated in the future: check the timezone or date format of the file."
    return None


def _duplicate_emails(ws: Workspace, counts: dict[str, int]) -> str | None:
    c = ws.store.table("customers")
    c = c.filter(c.email.notnull())
    dupes = c.group_by("email").aggregate(n=c.count()).filter(lambda t: t.n > 1)
    n = _count(ws, dupes)
    if n:
        return f"{n} email addresses belong to more than one customer id: the same person may be counted twice."
    return None


_CHECKS = (_no_orders, _customers_by_id_only, _order_arithmetic, _orders_without_customer, _future_orders, _duplicate_emails)


@cached  # the import log is part of the data version
def recent_imports(ws: Workspace, limit: int = 10) -> tuple[ImportRecord, ...]:
    """The last ``limit`` imports, newest first."""
    t = ws.store.table("_imports")
    rows = ws.store.to_arrow(t.order_by(ibis.desc("imported_at")).limit(limit)).to_pylist()
    return tuple(ImportRecord(**{**row, "imported_at": row["imported_at"].isoformat()}) for row in rows)
