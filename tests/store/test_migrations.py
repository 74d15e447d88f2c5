from __future__ import annotations

import pytest

from regulars.errors import ConfigError
from regulars.schema import SYSTEM_COLUMNS, SYSTEM_TABLES, TABLES
from regulars.store import Store
from regulars.store.connection import data_version
from regulars.store.migrations import CHANGES_VERSION, LATEST_VERSION


def test_migrated_database_has_exactly_the_declared_columns(workspace):
    columns = workspace.store.columns_by_table()
    for table in TABLES:
        assert columns[table.name] == set(table.column_names) | {
            name for name, _ in SYSTEM_COLUMNS
        }, table.name


def test_system_tables_are_made_as_declared(workspace):
    columns = workspace.store.columns_by_table()
    for table in SYSTEM_TABLES:
        assert columns[table.name] == set(table.column_names), table.name
    assert workspace.store.execute('SELECT id FROM "_changes"') == [(1,)]  # one row


def test_a_workspace_made_before_the_counter_gets_it(workspace):
    store = workspace.store
    with store.transaction(counted=False):
        store.execute('DROP TABLE "_changes"')
        store.execute('DROP TABLE "_models"')
        store.execute('DELETE FROM "_migrations" WHERE version >= ?', (CHANGES_VERSION,))
    assert store.migrate() == list(range(CHANGES_VERSION, LATEST_VERSION + 1))
    before = data_version(store)
    with store.transaction():
        store.execute(
            'INSERT INTO "_audiences" VALUES (?, ?, NULL, now(), now())', ("a", "orders >= 1")
        )
    assert data_version(store) != before


def test_migrate_is_idempotent(workspace):
    assert workspace.store.migrate() == []
    assert workspace.store.schema_version() == LATEST_VERSION


def test_a_newer_workspace_is_refused(workspace):
    workspace.store.execute(
        'INSERT INTO "_migrations" VALUES (?, ?, now())', (LATEST_VERSION + 1, "from the future")
    )
    with pytest.raises(ConfigError, match="newer than this Regulars"):
        Store.open(workspace.store.url)


def test_a_column_added_to_the_schema_is_added_to_an_existing_database(workspace):
    workspace.store.execute('ALTER TABLE "products" DROP COLUMN "vendor"')
    workspace.store.migrate()
    assert "vendor" in workspace.store.columns_by_table()["products"]


def test_unsupported_url_is_a_config_error():
    with pytest.raises(ConfigError, match="unsupported database URL"):
        Store.open("mysql://user:secret@host/db")
