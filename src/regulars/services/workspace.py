"""A workspace: a folder with settings and reports, and a database (its DuckDB file or a PostgreSQL
URL) that holds the data and everything saved: accounts, audiences, targets, models."""

from __future__ import annotations

import re
import time
from functools import cached_property
from pathlib import Path

from regulars.errors import ConfigError, NotFoundError, PoolBusyError
from regulars.settings import (
    DUCKDB_FILE,
    Settings,
    currency_is_set,
    load_settings,
    write_settings_file,
)
from regulars.store import Store

#: How long opening a DuckDB file that another process holds waits for it to be let go.
LOCK_WAIT_SECONDS = 15.0


class Workspace:
    def __init__(self, settings: Settings):
        self.settings = settings

    @classmethod
    def open(
        cls,
        workspace: Path | str | None = None,
        database: str | None = None,
        *,
        create: bool = True,
    ) -> Workspace:
        """The workspace in the folder; with ``create=False`` one that does not exist yet is
        not made (a mistyped folder is said, with the nearest workspace there is)."""
        ws = cls(load_settings(workspace, database))
        if not create and not ws.exists():
            raise NotFoundError(_no_workspace(ws.path))
        return ws

    def exists(self) -> bool:
        """Whether there is a workspace here (its database; on PostgreSQL, the URL says so)."""
        return not self.settings.is_embedded or (self.path / DUCKDB_FILE).is_file()

    @property
    def path(self) -> Path:
        return self.settings.workspace

    def _make_folder(self) -> None:
        """The folder, owner-only (0700) when created here: it holds personal data and password
        hashes, and every file in it is out of other users' reach whatever its own mode."""
        if not self.path.exists():
            self.path.mkdir(parents=True, mode=0o700)

    @cached_property
    def store(self) -> Store:
        """The database, opened on first use. A DuckDB file another process holds (a running
        ``regulars serve`` holds it only while it answers requests) is waited for a while."""
        self._make_folder()
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                return Store.open(self.settings.database_url, timezone=self.settings.timezone)
            except ConfigError as exc:
                holder = _lock_holder(exc)
                if holder is None:
                    raise
                if time.monotonic() >= deadline:
                    raise PoolBusyError(_busy(self.path, holder)) from None
                time.sleep(0.1)

    def sibling(self) -> Workspace:
        """The same workspace over another connection (one per concurrent request)."""
        other = Workspace(self.settings)
        other.__dict__["store"] = self.store.sibling()
        return other

    def init(self) -> dict:
        """Create the folder, its settings file and the database schema (idempotent)."""
        self._make_folder()
        settings_file = self.path / "regulars.toml"
        if not settings_file.exists():
            write_settings_file(self.settings, currency=currency_is_set(self.path))
        version = self.store.schema_version()
        return {
            "workspace": str(self.path.resolve()),
            "database": self.store.dialect,
            "schema_version": version,
            "settings_file": str(settings_file),
        }

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()
            del self.__dict__["store"]

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _no_workspace(path: Path) -> str:
    """There is no workspace at ``path``: said with the nearest folder that holds one."""
    import difflib

    folder = path.absolute()
    parent = folder.parent
    found = []
    if parent.is_dir():
        found = sorted(
            child.name
            for child in parent.iterdir()
            if child.is_dir() and (child / DUCKDB_FILE).is_file()
        )
    close = difflib.get_close_matches(folder.name, found, n=1, cutoff=0.5) or found[:1]
    nearest = f"; the nearest is {parent / close[0]}" if close else ""
    return (
        f"there is no workspace at {folder}{nearest}. Create one with: regulars init "
        f"--workspace {path}"
    )


def _lock_holder(exc: ConfigError) -> str | None:
    """The process that holds the DuckDB file ("PID 1234"), when that is why it did not open."""
    text = str(exc.__cause__ or "")
    if "lock" not in text.lower():
        return None
    pid = re.search(r"PID (\d+)", text)
    return f"process {pid.group(1)}" if pid else "another process"


def _busy(path: Path, holder: str) -> str:
    return (
        f"the workspace {path} is in use by {holder} (a `regulars serve` or another command) "
        f"that did not let go of it within {LOCK_WAIT_SECONDS:.0f} s. A running server lets go "
        "of it between requests: try again in a moment, or stop the other process"
    )
