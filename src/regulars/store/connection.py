"""The one place that opens a database: the workspace's DuckDB file, or PostgreSQL by URL."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import ibis
import pyarrow as pa

from regulars.errors import ConfigError, StoreError
from regulars.store import ddl, prepared
from regulars.store.migrations import CHANGES_VERSION, LATEST_VERSION, MIGRATIONS, ensure_columns


def _redact(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@]+@", r"://\1:***@", url)


class Store:
    """A connection to one workspace's database.

    Reads are Ibis expressions (``store.table("orders")``) so aggregation runs in the database;
    writes go through ``regulars.store.writer`` in one transaction each.
    """

    def __init__(self, url: str, timezone: str = "UTC", backend=None):
        self.url = url
        self.timezone = timezone
        self.dialect = "duckdb" if url.startswith("duckdb://") else "postgres"
        self.backend = backend if backend is not None else self._connect(url)
        self._tables: dict[str, ibis.Table] = {}  # a table's expression reads its schema from the catalog once
        # Periods (days, months) are the shop's own: the session works in its timezone.
        self.execute(f"SET TimeZone = '{timezone}'" if self.dialect == "duckdb" else f"SET TIME ZONE '{timezone}'")

    @classmethod
    def open(cls, url: str, *, timezone: str = "UTC", migrate: bool = True) -> Store:
        store = cls(url, timezone)
        if migrate:
            store.migrate()
        else:
            store.check_version()
        return store

    def _connect(self, url: str):
        if self.dialect == "duckdb":
            path = Path(url.removeprefix("duckdb://"))
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                backend = ibis.duckdb.connect(str(path))
            except Exception as exc:  # duckdb raises IOException when another process holds the file
                raise ConfigError(f"cannot open {path}: {exc}") from exc
            _count_commit(url)  # another process may have written the file while this one did not hold it
            return backend
        if not re.match(r"^postgres(ql)?://", url):
            raise ConfigError(f"unsupported database URL {_redact(url)!r}: use postgresql://... or leave it empty for DuckDB")
        try:
            return ibis.connect(url)
        except ImportError as exc:
            raise ConfigError("PostgreSQL support is not installed: pip install 'regulars[postgres]'") from exc
        except Exception as exc:
            raise ConfigError(f"cannot connect to {_redact(url)}: {exc}") from exc

    def sibling(self) -> Store:
        """Another connection to the same database, for another thread (DuckDB: a cursor)."""
        if self.dialect == "duckdb":
            return Store(self.url, self.timezone, backend=ibis.duckdb.from_connection(self.raw.cursor()))
        return Store(self.url, self.timezone)

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self.backend.disconnect()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- raw access (store/ only) ------------------------------------------------------------
    @property
    def raw(self):
        """The DB-API connection under Ibis (duckdb or psycopg)."""
        return self.backend.con

    def execute(self, sql: str, params: tuple | list | None = None) -> list[tuple]:
        if self.dialect == "duckdb":
            return self.raw.execute(sql, params or []).fetchall()
        with self.raw.cursor() as cur:
            cur.execute(sql.replace("?", "%s"), params or None)
            return cur.fetchall() if cur.description else []

    def execute_count(self, sql: str, params: tuple | list | None = None) -> int:
        """Run an INSERT, UPDATE or DELETE and return how many rows it touched."""
        if self.dialect == "duckdb":
            row = self.raw.execute(sql, params or []).fetchone()
            return int(row[0]) if row else 0
        with self.raw.cursor() as cur:
            cur.execute(sql.replace("?", "%s"), params or None)
            return max(cur.rowcount, 0)

    @contextmanager
    def transaction(self, *, counted: bool = True) -> Iterator[None]:
        """All or nothing: a failure (or a killed process) leaves the last committed state.

        Every write transaction moves the data version (``data_version``) when it commits, so cached
        results are recomputed; ``counted=False`` only for the migrations that precede ``_changes``."""
        if self.dialect == "duckdb":
            self.raw.execute("BEGIN TRANSACTION")
            try:
                yield
            except BaseException:
                self.raw.execute("ROLLBACK")
                raise
            self.raw.execute("COMMIT")
            _count_commit(self.url)
        else:
            with self.raw.transaction():
                yield
                if counted:  # last, so the counter's row is locked only for the commit
                    self.execute(_BUMP)

    # -- schema ------------------------------------------------------------------------------
    def schema_version(self) -> int:
        if "_migrations" not in self.backend.list_tables():
            return 0
        rows = self.execute('SELECT max(version) FROM "_migrations"')
        return int(rows[0][0] or 0)

    def check_version(self) -> None:
        version = self.schema_version()
        if version > LATEST_VERSION:
            raise ConfigError(f"this workspace has schema version {version}, newer than this Regulars ({LATEST_VERSION}); upgrade Regulars")

    def migrate(self) -> list[int]:
        """Apply the migrations this database lacks, each in its own transaction."""
        self.check_version()
        with self.transaction(counted=False):
            self.execute(ddl.create_system_table("_migrations", self.dialect))
        applied = []
        current = self.schema_version()
        for migration in MIGRATIONS:
            if migration.version <= current:
                continue
            with self.transaction(counted=migration.version >= CHANGES_VERSION):
                for statement in migration.statements(self.dialect):
                    self.execute(statement)
                self.execute('INSERT INTO "_migrations" VALUES (?, ?, ?)',
                             (migration.version, migration.description, datetime.now(UTC)))
            applied.append(migration.version)
        missing = ensure_columns(self.columns_by_table(), self.dialect)
        if missing:
            with self.transaction():
                for statement in missing:
                    self.execute(statement)
        if applied or missing:
            self._tables.clear()
            prepared.forget(self)
        return applied

    def columns_by_table(self) -> dict[str, set[str]]:
        return {name: set(self.backend.get_schema(name).names) for name in self.backend.list_tables()}

    # -- reading -----------------------------------------------------------------------------
    def table(self, name: str) -> ibis.Table:
        if name in self._tables:
            return self._tables[name]
        try:
            table = self.backend.table(name)
        except Exception as exc:
            raise StoreError(f"table {name!r} is missing from the database; run `regulars init`") from exc
        if not name.startswith("_"):  # canonical tables change only by migration; system tables may be new
            self._tables[name] = table
        return table

    def lookup(self, build, *values: str, **options) -> pa.Table:
        """``build(store, *values, **options)``'s result, compiled once for any ``values`` (bound as
        parameters): for the small per-customer queries of a profile. See ``regulars.store.prepared``."""
        return prepared.lookup(self, build, values, options)

    def to_arrow(self, expr: ibis.Expr) -> pa.Table:
        return self.backend.to_pyarrow(expr)

    def key_values(self, table: str, column: str) -> pa.Array:
        """Every distinct value of one column (to check references against)."""
        t = self.table(table)
        return self.to_arrow(t.select(t[column]).distinct())[column].combine_chunks()

    def __repr__(self) -> str:
        return f"Store({_redact(self.url)!r})"


_BUMP = 'UPDATE "_changes" SET counter = counter + 1'

# The data version. PostgreSQL, which other processes and servers write too: the ``_changes``
# counter, which every write transaction bumps as it commits (one cheap query to read). DuckDB lets
# one process at a time open a database file for writing, so while this process has it open, every
# change to it is a transaction committed here: counting them in memory is exact and costs no query
# (a server answers cached reads on its event loop). A shared row bumped by DuckDB transactions would
# also make two threads' concurrent transactions fail with a write-write conflict on it.
# Opening the file counts as a change too: before this process opened it, another may have written it.
_commits: dict[str, int] = {}
_commits_lock = threading.Lock()


def _count_commit(url: str) -> None:
    with _commits_lock:
        _commits[url] = _commits.get(url, 0) + 1


def data_version(store: Store) -> tuple:
    """Changes whenever a write transaction commits (an import, an erasure, a target, an audience, a
    saved model, an account): a cheap key for cached results."""
    if store.dialect == "duckdb":
        with _commits_lock:
            return ("commits", _commits.get(store.url, 0))
    return ("changes", store.execute('SELECT counter FROM "_changes"')[0][0])
