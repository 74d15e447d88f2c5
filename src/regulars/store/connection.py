"""The one place that opens a database: the workspace's DuckDB file, or PostgreSQL by URL."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from regulars.errors import ConfigError, StoreError
from regulars.store import ddl, durability, prepared
from regulars.store.migrations import CHANGES_VERSION, LATEST_VERSION, MIGRATIONS, ensure_columns

if TYPE_CHECKING:
    import ibis
    import pyarrow as pa


def _redact(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@]+@", r"://\1:***@", url)


class Store:
    """A connection to one workspace's database.

    Reads are Ibis expressions (``store.table("orders")``) so aggregation runs in the database;
    writes go through ``regulars.store.writer`` in one transaction each. The database is opened
    without Ibis (its DB-API connection, ``raw``); the Ibis backend over it is made on first use
    (``backend``), so a command that runs only saved queries (``compiled``) never imports Ibis.
    """

    def __init__(self, url: str, timezone: str = "UTC", raw=None):
        self.url = url
        self.timezone = timezone
        self.dialect = "duckdb" if url.startswith("duckdb://") else "postgres"
        self._owns = raw is None  # a sibling's cursor is closed with its store, not the file
        self.unclean = False  # DuckDB: the last process to write the file never closed it
        self.integrity_problems: list[str] = []
        self.raw = raw if raw is not None else self._connect(url)  # duckdb's or psycopg's
        self._backend = None
        self._backend_lock = threading.Lock()
        self._tables: dict[
            str, ibis.Table
        ] = {}  # a table's expression reads its schema from the catalog once
        self.saved_queries = None  # read by the first compiled query (store.compiled)
        self._joined: list[bool] = []  # open transactions on this connection: counted or not
        if self.dialect == "duckdb":  # as Ibis sets it: no Python variables read as tables
            self.execute("SET python_enable_replacements = false")
        self._set_timezone()

    def _set_timezone(self) -> None:
        """Periods (days, months) are the shop's own: the session works in its timezone."""
        tz, duckdb = self.timezone, self.dialect == "duckdb"
        self.execute(f"SET TimeZone = '{tz}'" if duckdb else f"SET TIME ZONE '{tz}'")

    @classmethod
    def open(cls, url: str, *, timezone: str = "UTC", migrate: bool = True) -> Store:
        store = cls(url, timezone)
        if migrate:
            store.migrate()
        else:
            store.check_version()
        if store.unclean:
            store.integrity_problems = durability.integrity_problems(store)
        return store

    def _connect(self, url: str):
        if self.dialect == "duckdb":
            import duckdb

            path = Path(url.removeprefix("duckdb://"))
            if not path.parent.exists():
                path.parent.mkdir(parents=True, mode=0o700)
            stamp = _file_stamp(path)  # before opening: opening may touch the file
            file = durability.database_file(url)
            self.unclean = durability.recover(file)
            try:
                con = duckdb.connect(str(path.absolute()))
            except Exception as exc:  # IOException when another process holds the file
                raise ConfigError(f"cannot open {path}: {exc}") from exc
            durability.opened(file)
            _owner_only(path)
            if _FILE_STAMPS.get(url) != stamp:
                _count_commit(url)  # another process wrote the file while this one let go of it
            return con
        if not re.match(r"^postgres(ql)?://", url):
            raise ConfigError(
                f"unsupported database URL {_redact(url)!r}: use postgresql://... or leave it "
                "empty for DuckDB"
            )
        return _connect_postgres(url)

    @property
    def backend(self):
        """The Ibis backend over ``raw``, made on first use (importing Ibis costs most of a
        second)."""
        if self._backend is None:
            with self._backend_lock:
                if self._backend is None:
                    import ibis

                    connect = ibis.duckdb if self.dialect == "duckdb" else ibis.postgres
                    backend = connect.from_connection(self.raw)
                    self._set_timezone()  # Ibis sets the session's to UTC
                    self._backend = backend
        return self._backend

    def sibling(self) -> Store:
        """Another connection to the same database, for another thread (DuckDB: a cursor)."""
        if self.dialect == "duckdb":
            return Store(self.url, self.timezone, raw=self.raw.cursor())
        return Store(self.url, self.timezone)

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self.raw.close()
        if self.dialect == "duckdb":  # what the file is like as this process lets go of it
            _FILE_STAMPS[self.url] = _file_stamp(Path(self.url.removeprefix("duckdb://")))
        if self._owns and self.dialect == "duckdb":
            self._owns = False
            durability.closed(durability.database_file(self.url))

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- raw access (store/ only) ------------------------------------------------------------
    def execute(self, sql: str, params: tuple | list | None = None) -> list[tuple]:
        if self.dialect == "duckdb":
            return self.raw.execute(sql, params or []).fetchall()
        with self.raw.cursor() as cur:
            cur.execute(sql.replace("?", "%s"), params or None)
            return cur.fetchall() if cur.description else []

    def write(self, sql: str, params: tuple | list | None = None) -> None:
        """A write outside any transaction (bookkeeping: sessions, sign-in attempts), which on
        DuckDB waits for a guarded commit in progress (``store.durability``)."""
        if self.dialect != "duckdb":
            self.execute(sql, params)
            return
        with durability.writer_lock(self.url):
            self.execute(sql, params)

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
        results are recomputed; ``counted=False`` only for the migrations that precede
        ``_changes`` and the audit log's appends (no analysed data).

        One opened inside another joins it (one commit for both: ``services.actions`` runs a
        proposal, its approval, the export's log and the audit entries as one); the outer one
        commits, counted if any of them was."""
        if self._joined:
            self._joined.append(counted)
            try:
                yield
            finally:
                inner = self._joined.pop()
                self._joined[0] = self._joined[0] or inner
            return
        self._joined.append(counted)
        try:
            with self._outermost():
                yield
        finally:
            self._joined.clear()

    @contextmanager
    def _outermost(self) -> Iterator[None]:
        if self.dialect == "duckdb":
            with durability.guarded_commit(self):  # a kill cannot tear it: see store.durability
                self.raw.execute("BEGIN TRANSACTION")
                try:
                    yield
                except BaseException:
                    self.raw.execute("ROLLBACK")
                    raise
                self.raw.execute("COMMIT")
            if self._joined[0]:  # the audit log's appends change no analysed data
                _count_commit(self.url)
        else:
            with self.raw.transaction():
                yield
                if self._joined[0]:  # last, so the counter's row is locked only for the commit
                    self.execute(_BUMP)

    # -- schema ------------------------------------------------------------------------------
    def list_tables(self) -> list[str]:
        """The tables (and views) of the database's current schema."""
        return [name for (name,) in self.execute(_TABLES)]

    def schema_version(self) -> int:
        if "_migrations" not in self.list_tables():
            return 0
        rows = self.execute('SELECT max(version) FROM "_migrations"')
        return int(rows[0][0] or 0)

    def check_version(self) -> None:
        version = self.schema_version()
        if version > LATEST_VERSION:
            raise ConfigError(
                f"this workspace has schema version {version}, newer than this Regulars "
                f"({LATEST_VERSION}); upgrade Regulars"
            )

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
                self.execute(
                    'INSERT INTO "_migrations" VALUES (?, ?, ?)',
                    (migration.version, migration.description, datetime.now(UTC)),
                )
            applied.append(migration.version)
        missing = ensure_columns(self.columns_by_table(), self.dialect)
        if missing:
            with self.transaction():
                for statement in missing:
                    self.execute(statement)
        if applied or missing:
            self._tables.clear()
            self.saved_queries = None
            prepared.forget(self)
        return applied

    def columns_by_table(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {name: set() for name in self.list_tables()}
        for table, column in self.execute(_COLUMNS):
            found.setdefault(table, set()).add(column)
        return found

    # -- reading -----------------------------------------------------------------------------
    def table(self, name: str) -> ibis.Table:
        if name in self._tables:
            return self._tables[name]
        try:
            table = self.backend.table(name)
        except Exception as exc:
            raise StoreError(
                f"table {name!r} is missing from the database; run `regulars init`"
            ) from exc
        if not name.startswith(
            "_"
        ):  # canonical tables change only by migration; system tables may be new
            self._tables[name] = table
        return table

    def lookup(self, build, *values: str, **options) -> pa.Table:
        """``build(store, *values, **options)``'s result, compiled once for any ``values`` (bound as
        parameters): for the small per-customer queries of a profile. See
        ``regulars.store.prepared``."""
        return prepared.lookup(self, build, values, options)

    def compiled(self, name: str, build: Callable[[Store], ibis.Expr]) -> pa.Table:
        """``build(self)``'s result, run from SQL saved in the database under ``name`` once compiled
        (none of Ibis imported then): for the queries a command runs every time. See
        ``regulars.store.compiled``."""
        from regulars.store import compiled

        return compiled.arrow(self, name, build)

    def compiled_rows(self, name: str, build: Callable[[Store], ibis.Expr]) -> list[dict]:
        """``compiled``'s result as dicts, without importing pyarrow (nor NumPy) either."""
        from regulars.store import compiled

        return compiled.rows(self, name, build)

    def to_arrow(self, expr: ibis.Expr) -> pa.Table:
        return self.backend.to_pyarrow(expr)

    def key_values(self, table: str, column: str) -> pa.Array:
        """Every distinct value of one column (to check references against)."""
        t = self.table(table)
        return self.to_arrow(t.select(t[column]).distinct())[column].combine_chunks()

    def __repr__(self) -> str:
        return f"Store({_redact(self.url)!r})"


_BUMP = 'UPDATE "_changes" SET counter = counter + 1'
_HERE = "table_schema = current_schema() AND table_catalog = current_database()"
_TABLES = f"SELECT table_name FROM information_schema.tables WHERE {_HERE} ORDER BY table_name"
_COLUMNS = f"SELECT table_name, column_name FROM information_schema.columns WHERE {_HERE}"


def _owner_only(path: Path) -> None:
    """The database file readable by its owner only (0600): it holds personal data."""
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError:  # not ours to change (a shared, read-only copy): left as it is
        pass


def _connect_postgres(url: str):
    """psycopg's connection, in autocommit as Ibis makes it. A path's second part names the schema
    (``postgresql://host/database/schema``), as in Ibis's URLs."""
    try:
        import psycopg
    except ImportError as exc:
        raise ConfigError(
            "PostgreSQL support is not installed: pip install 'regulars[postgres]'"
        ) from exc
    parts = urlsplit(url)
    database, _, schema = parts.path.removeprefix("/").partition("/")
    try:
        con = psycopg.connect(urlunsplit(parts._replace(path="/" + database)), autocommit=True)
        # No JIT: the review behind issue 16 found LLVM compiling the KPI query for most of 36 s
        # (2 s without); our queries are many and short, so compiling never pays.
        con.execute("SELECT set_config('jit', 'off', false)")
        if schema:
            con.execute("SELECT set_config('search_path', %s, false)", (schema,))
    except Exception as exc:
        raise ConfigError(f"cannot connect to {_redact(url)}: {exc}") from exc
    return con


# The data version. PostgreSQL, which other processes and servers write too: the ``_changes``
# counter, which every write transaction bumps as it commits (one cheap query to read). DuckDB lets
# one process at a time open a database file for writing, so while this process has it open, every
# change to it is a transaction committed here: counting them in memory is exact and costs no query
# (a server answers cached reads on its event loop). A shared row bumped by DuckDB transactions
# would
# also make two threads' concurrent transactions fail with a write-write conflict on it.
# Opening the file counts as a change too: before this process opened it, another may have written
# it.
_commits: dict[str, int] = {}
_commits_lock = threading.Lock()
#: DuckDB file -> its size and modification time (and its WAL's) when this process last closed it
_FILE_STAMPS: dict[str, tuple] = {}


def _file_stamp(path: Path) -> tuple:
    def one(p: Path) -> tuple[int, int] | None:
        try:
            st = p.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    return one(path), one(path.with_name(path.name + ".wal"))


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
