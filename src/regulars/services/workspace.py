"""A workspace: a folder with settings and reports, and a database (its DuckDB file or a PostgreSQL
URL) that holds the data and everything saved: accounts, audiences, targets, models."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from regulars.settings import Settings, load_settings, write_settings_file
from regulars.store import Store


class Workspace:
    def __init__(self, settings: Settings):
        self.settings = settings

    @classmethod
    def open(cls, workspace: Path | str | None = None, database: str | None = None) -> Workspace:
        return cls(load_settings(workspace, database))

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
        self._make_folder()
        return Store.open(self.settings.database_url, timezone=self.settings.timezone)

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
            write_settings_file(self.settings)
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
