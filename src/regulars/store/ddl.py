"""SQL for the canonical and system tables, generated from schema.py for each dialect."""

from __future__ import annotations

from regulars.schema import SYSTEM_COLUMNS, SYSTEM_TABLES_BY_NAME, Table

SQL_TYPES = {
    "duckdb": {
        "string": "VARCHAR",
        "int": "BIGINT",
        "cents": "BIGINT",
        "float": "DOUBLE",
        "bool": "BOOLEAN",
        "timestamp": "TIMESTAMPTZ",
        "date": "DATE",
    },
    "postgres": {
        "string": "TEXT",
        "int": "BIGINT",
        "cents": "BIGINT",
        "float": "DOUBLE PRECISION",
        "bool": "BOOLEAN",
        "timestamp": "TIMESTAMPTZ",
        "date": "DATE",
    },
}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def column_definitions(table: Table, dialect: str) -> list[str]:
    types = SQL_TYPES[dialect]
    defs = [
        f"{quote(c.name)} {types[c.type]}" + (" NOT NULL" if c.name in table.key else "")
        for c in table.columns
    ]
    defs += [f"{quote(name)} {types[type_]}" for name, type_ in SYSTEM_COLUMNS]
    return defs


def create_table(table: Table, dialect: str) -> str:
    defs = column_definitions(table, dialect)
    key = ", ".join(quote(k) for k in table.key)
    return (
        f"CREATE TABLE IF NOT EXISTS {quote(table.name)} ({', '.join(defs)}, PRIMARY KEY ({key}))"
    )


def create_system_table(name: str, dialect: str) -> str:
    """A system table as declared in ``schema.SYSTEM_TABLES``: required columns NOT NULL, its key
    the primary key."""
    table, types = SYSTEM_TABLES_BY_NAME[name], SQL_TYPES[dialect]
    defs = [
        f"{quote(c.name)} {types[c.type]}" + (" NOT NULL" if c.required else "")
        for c in table.columns
    ]
    key = ", ".join(quote(k) for k in table.key)
    return f"CREATE TABLE IF NOT EXISTS {quote(name)} ({', '.join(defs)}, PRIMARY KEY ({key}))"


def add_column(table: str, column: str, type_: str, dialect: str) -> str:
    sql_type = SQL_TYPES[dialect][type_]
    return f"ALTER TABLE {quote(table)} ADD COLUMN IF NOT EXISTS {quote(column)} {sql_type}"


def rebuild_without_primary_key(table: Table) -> list[str]:
    """DuckDB: recreate a canonical table with its rows, its key columns NOT NULL, but no
    primary-key
    index (DuckDB cannot drop a constraint). Run inside one transaction."""
    name, rebuilt = quote(table.name), quote(f"{table.name}__rebuilt")
    return [
        create_table(table, "duckdb"),  # a table declared after the workspace was made
        f"CREATE TABLE {rebuilt} AS SELECT * FROM {name}",
        f"DROP TABLE {name}",
        f"ALTER TABLE {rebuilt} RENAME TO {name}",
        *(f"ALTER TABLE {name} ALTER COLUMN {quote(k)} SET NOT NULL" for k in table.key),
    ]
