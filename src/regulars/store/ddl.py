"""SQL for the canonical tables, generated from schema.py for each dialect."""

from __future__ import annotations

from regulars.schema import SYSTEM_COLUMNS, Table

SQL_TYPES = {
    "duckdb": {"string": "VARCHAR", "int": "BIGINT", "cents": "BIGINT", "float": "DOUBLE",
               "bool": "BOOLEAN", "timestamp": "TIMESTAMPTZ", "date": "DATE"},
    "postgres": {"string": "TEXT", "int": "BIGINT", "cents": "BIGINT", "float": "DOUBLE PRECISION",
                 "bool": "BOOLEAN", "timestamp": "TIMESTAMPTZ", "date": "DATE"},
}

#: Tables the store keeps for itself.
SYSTEM_TABLES = {
    "_migrations": "version INTEGER PRIMARY KEY, description {string} NOT NULL, applied_at TIMESTAMPTZ NOT NULL",
    "_imports": (
        "import_id {string} PRIMARY KEY, table_name {string} NOT NULL, file_name {string} NOT NULL, "
        "file_sha256 {string} NOT NULL, format {string} NOT NULL, imported_at TIMESTAMPTZ NOT NULL, "
        "rows_in_file BIGINT NOT NULL, created BIGINT NOT NULL, updated BIGINT NOT NULL, "
        "unchanged BIGINT NOT NULL, details {string}"
    ),
    "_erasures": (
        "erasure_id {string} PRIMARY KEY, erased_at TIMESTAMPTZ NOT NULL, "
        "rows_deleted BIGINT NOT NULL, rows_anonymised BIGINT NOT NULL, details {string}"
    ),
    # version 2: accounts, saved audiences, alerts
    "_users": (
        "username {string} PRIMARY KEY, role {string} NOT NULL, password_hash {string} NOT NULL, "
        "created_at TIMESTAMPTZ NOT NULL, disabled BOOLEAN NOT NULL DEFAULT FALSE"
    ),
    "_api_keys": (
        "key_hash {string} PRIMARY KEY, username {string} NOT NULL, label {string}, "
        "created_at TIMESTAMPTZ NOT NULL, last_used_at TIMESTAMPTZ"
    ),
    "_sessions": (
        "session_hash {string} PRIMARY KEY, username {string} NOT NULL, csrf_token {string} NOT NULL, "
        "created_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL"
    ),
    "_login_attempts": (
        "attempt_id {string} PRIMARY KEY, username {string} NOT NULL, client {string}, "
        "attempted_at TIMESTAMPTZ NOT NULL, succeeded BOOLEAN NOT NULL"
    ),
    "_audiences": (
        "name {string} PRIMARY KEY, rule {string} NOT NULL, description {string}, "
        "created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL"
    ),
    "_audience_exports": (
        "export_id {string} PRIMARY KEY, audience_name {string} NOT NULL, exported_at TIMESTAMPTZ NOT NULL, "
        "format {string} NOT NULL, rows_exported BIGINT NOT NULL, excluded_no_consent BIGINT NOT NULL, exported_by {string}"
    ),
    "_alerts": (
        "alert_id {string} PRIMARY KEY, kpi {string} NOT NULL, period_start TIMESTAMPTZ NOT NULL, "
        "severity {string} NOT NULL, message {string} NOT NULL, first_seen_at TIMESTAMPTZ NOT NULL"
    ),
}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def column_definitions(table: Table, dialect: str) -> list[str]:
    types = SQL_TYPES[dialect]
    defs = [f"{quote(c.name)} {types[c.type]}" + (" NOT NULL" if c.name in table.key else "") for c in table.columns]
    defs += [f"{quote(name)} {types[type_]}" for name, type_ in SYSTEM_COLUMNS]
    return defs


def create_table(table: Table, dialect: str) -> str:
    defs = column_definitions(table, dialect)
    key = ", ".join(quote(k) for k in table.key)
    return f"CREATE TABLE IF NOT EXISTS {quote(table.name)} ({', '.join(defs)}, PRIMARY KEY ({key}))"


def create_system_table(name: str, dialect: str) -> str:
    return f"CREATE TABLE IF NOT EXISTS {quote(name)} ({SYSTEM_TABLES[name].format(string=SQL_TYPES[dialect]['string'])})"


def add_column(table: str, column: str, type_: str, dialect: str) -> str:
    return f"ALTER TABLE {quote(table)} ADD COLUMN IF NOT EXISTS {quote(column)} {SQL_TYPES[dialect][type_]}"


def rebuild_without_primary_key(table: Table) -> list[str]:
    """DuckDB: recreate a canonical table with its rows, its key columns NOT NULL, but no primary-key
    index (DuckDB cannot drop a constraint). Run inside one transaction."""
    name, rebuilt = quote(table.name), quote(f"{table.name}__rebuilt")
    return [
        create_table(table, "duckdb"),  # a table declared after the workspace was made
        f"CREATE TABLE {rebuilt} AS SELECT * FROM {name}",
        f"DROP TABLE {name}",
        f"ALTER TABLE {rebuilt} RENAME TO {name}",
        *(f"ALTER TABLE {name} ALTER COLUMN {quote(k)} SET NOT NULL" for k in table.key),
    ]
