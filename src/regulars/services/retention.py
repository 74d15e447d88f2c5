"""Retention: each table named under ``[retention]`` in ``regulars.toml`` keeps its rows for so
many months. ``retention_plan`` says what would go (the dry run); ``apply_retention`` deletes it
in one transaction. Aggregates are kept: the monthly row counts of what was deleted are saved per
table (``retention_summary``), and only tables no other table refers to can be trimmed (orders,
customers and products stay whole, so sales, the KPI history and the models are unaffected)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from regulars import schema
from regulars.errors import ConfigError
from regulars.services.workspace import Workspace
from regulars.store import retention as stored


@dataclass(frozen=True)
class TableRetention:
    table: str
    months: int
    column: str
    cutoff: dt.datetime
    rows: int
    by_month: dict[str, int]


@dataclass(frozen=True)
class RetentionPlan:
    applied: bool
    tables: tuple[TableRetention, ...]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def _referenced() -> set[str]:
    return {c.references[0] for t in schema.TABLES for c in t.columns if c.references}


def _column(table: str) -> str:
    if table not in schema.TABLES_BY_NAME:
        raise ConfigError(f"regulars.toml [retention]: no table {table!r}")
    if table in _referenced():
        raise ConfigError(
            f"regulars.toml [retention]: {table} cannot be trimmed (other tables refer to it)"
        )
    times = [c.name for c in schema.table(table).columns if c.type == "timestamp"]
    if not times:
        raise ConfigError(f"regulars.toml [retention]: {table} has no time column")
    return times[0]


def _cutoff(now: dt.datetime, months: int) -> dt.datetime:
    """The start of the day ``months`` before ``now``: a day's cutoff, so a dry run and the apply
    after it (or a second apply that day) name the same rows."""
    total = now.year * 12 + now.month - 1 - months
    year, month = divmod(total, 12)
    day = min(now.day, 28)
    midnight = dict(hour=0, minute=0, second=0, microsecond=0)
    return now.replace(year=year, month=month + 1, day=day, **midnight)


def retention_plan(ws: Workspace, now: dt.datetime | None = None) -> RetentionPlan:
    """What the retention settings would delete now: per table, the cutoff and the rows."""
    now = now or dt.datetime.now(dt.UTC)
    found = []
    for table, months in ws.settings.retention:
        column, cutoff = _column(table), _cutoff(now, months)
        counts = stored.monthly_counts(ws.store, table, column, cutoff)
        found.append(TableRetention(table, months, column, cutoff, sum(counts.values()), counts))
    return RetentionPlan(False, tuple(found))


def apply_retention(ws: Workspace, now: dt.datetime | None = None) -> RetentionPlan:
    """Delete what ``retention_plan`` lists, in one transaction; the rows deleted per table."""
    plan = retention_plan(ws, now)
    deleted = stored.delete_before(ws.store, [(t.table, t.column, t.cutoff) for t in plan.tables])
    tables = tuple(
        TableRetention(t.table, t.months, t.column, t.cutoff, deleted[t.table], t.by_month)
        for t in plan.tables
    )
    return RetentionPlan(True, tables)


def retention_summary(ws: Workspace, table: str) -> dict[str, int]:
    """Month -> rows of ``table`` that retention deleted (the aggregate that is kept)."""
    return stored.summary(ws.store, table)
