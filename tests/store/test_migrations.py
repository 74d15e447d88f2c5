from __future__ import annotations

import pytest

from regulars.errors import ConfigError
from regulars.schema import SYSTEM_COLUMNS, TABLES
from regulars.store import Store
from regulars.store.migrations import LATEST_VERSION


def test_migrated_database_has_exactly_the_declared_columns(workspace):
    columns = workspace.store.columns_by_table()
    for table in TABLES:
        assert columns[table.name] == set(table.column_names) | {name for name, _ in SYSTEM_COLUMNS}, table.name


def test_migrate_is_idempotent(workspace):
    assert workspace.store.migrate() == []
    assert workspace.store.schema_version() == LATEST_VERSION


def test_a_newer_workspace_is_refused(workspace):
    workspace.store.execute('INSERT INTO "_migrations" VALUES (?, ?, now())', (LATEST_VERSION + 1, "from the future"))
    with pytest.raises(ConfigError, match="newer than this Regulars"):
        Store.open(workspace.store.url)


def test_a_column_added_to_the_schema_is_added_to_an_existing_database(workspace):
    workspace.store.execute('ALTER TABLE "products" DROP COLUMN "vendor"')
    workspace.store.migrate()
    assert "vendor" in workspace.store.columns_by_table()["products"]


def test_unsupported_url_is_a_config_error():
    with pytest.raises(ConfigError, match="unsupported database URL"):
        Store.open("mysql://user:secret@host/db")
