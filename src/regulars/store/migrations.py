"""Versioned schema migrations.

Version 1 creates the system tables and every canonical table declared in schema.py. Columns
added to schema.py later are added by ``ensure_columns`` (additive, idempotent); a change that is
not additive (a rename, a type change) gets a numbered migration here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from regulars.schema import SYSTEM_COLUMNS, SYSTEM_TABLES, TABLES
from regulars.schema import table as declared
from regulars.store import ddl


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: Callable[[str], list[str]]


def _initial(dialect: str) -> list[str]:
    system = [ddl.create_system_table(name, dialect) for name in ("_imports", "_erasures")]
    return system + [ddl.create_table(t, dialect) for t in TABLES]


def _accounts_audiences_alerts(dialect: str) -> list[str]:
    names = (
        "_users",
        "_api_keys",
        "_sessions",
        "_login_attempts",
        "_audiences",
        "_audience_exports",
        "_alerts",
    )
    return [ddl.create_system_table(name, dialect) for name in names]


def _duckdb_keys_without_index(dialect: str) -> list[str]:
    """DuckDB's primary-key index (an ART) cost an import of a million rows more time than reading
    and validating them. Keys stay unique without it: a file's keys are checked for duplicates, an
    import inserts only the keys a table lacks, and imports of one database write one at a time
    (``writer._one_writer``). PostgreSQL keeps its primary keys."""
    if dialect != "duckdb":
        return []
    return [statement for t in TABLES for statement in ddl.rebuild_without_primary_key(t)]


def _changes_and_models(dialect: str) -> list[str]:
    """The data-changed counter (one row, bumped by every write transaction on PostgreSQL) and the
    saved models, kept in the database so that every server sees them."""
    tables = [ddl.create_system_table(name, dialect) for name in ("_changes", "_models")]
    return [*tables, 'INSERT INTO "_changes" (id, counter) VALUES (1, 0)']


def _saved_queries(dialect: str) -> list[str]:
    """The SQL of queries run every time, compiled once (``regulars.store.compiled``)."""
    return [ddl.create_system_table("_queries", dialect)]


def _trust_centre(dialect: str) -> list[str]:
    """Proposals awaiting approval, the hash-chained audit log, suppression on erasure."""
    names = ("_proposals", "_audit_log", "_suppressions", "_secrets")
    return [ddl.create_system_table(name, dialect) for name in names]


def _customer_aliases(dialect: str) -> list[str]:
    """Merged customer ids kept as aliases of the kept id, so merges survive re-imports."""
    return [ddl.create_system_table("_customer_aliases", dialect)]


def _assistant(dialect: str) -> list[str]:
    """The customer assistant: the FAQ it quotes, its conversations, transcripts and tickets."""
    faq = declared("faq_entries")
    made = ddl.rebuild_without_primary_key(faq) if dialect == "duckdb" else []
    names = ("_chat_conversations", "_chat_messages", "_chat_tickets")
    return [ddl.create_table(faq, dialect), *made] + [
        ddl.create_system_table(name, dialect) for name in names
    ]


def _offer_log(dialect: str) -> list[str]:
    """The logged offer tests (``offer_log``): what each offer added against its holdout."""
    log = declared("offer_log")
    made = ddl.rebuild_without_primary_key(log) if dialect == "duckdb" else []
    return [ddl.create_table(log, dialect), *made]


#: The migration that creates ``_changes``: transactions before it cannot bump the counter.
CHANGES_VERSION = 4
#: The migration that creates ``_queries``.
QUERIES_VERSION = 5

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "canonical tables, import and erasure logs", _initial),
    Migration(2, "accounts and sessions, saved audiences, alerts", _accounts_audiences_alerts),
    Migration(
        3, "DuckDB: canonical tables without primary-key indexes", _duckdb_keys_without_index
    ),
    Migration(CHANGES_VERSION, "the data-changed counter, saved models", _changes_and_models),
    Migration(QUERIES_VERSION, "compiled queries", _saved_queries),
    Migration(6, "proposals, the audit log, suppression on erasure", _trust_centre),
    Migration(7, "customer aliases (merged ids)", _customer_aliases),
    Migration(8, "the customer assistant: FAQ, conversations, tickets", _assistant),
    Migration(9, "logged offer tests", _offer_log),
)

LATEST_VERSION = MIGRATIONS[-1].version


def ensure_columns(existing: dict[str, set[str]], dialect: str) -> list[str]:
    """ALTER statements for columns declared in schema.py that a table does not have yet."""
    statements = []
    for table in TABLES:
        have = existing.get(table.name, set())
        wanted = [(c.name, c.type) for c in table.columns] + list(SYSTEM_COLUMNS)
        statements += [
            ddl.add_column(table.name, name, type_, dialect)
            for name, type_ in wanted
            if name not in have
        ]
    return statements + _system_columns(existing, dialect)


def _system_columns(existing: dict[str, set[str]], dialect: str) -> list[str]:
    """Optional columns declared later on a system table that exists (a rating of a chat)."""
    return [
        ddl.add_column(t.name, c.name, c.type, dialect)
        for t in SYSTEM_TABLES
        if t.name in existing
        for c in t.columns
        if not c.required and c.name not in existing[t.name]
    ]
