"""The one settings object. Values come from (highest first): arguments, REGULARS_* environment
variables, the workspace's ``regulars.toml``, defaults."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from regulars.errors import ConfigError

SETTINGS_FILE = "regulars.toml"
DUCKDB_FILE = "regulars.duckdb"


class Settings(BaseSettings):
    """Settings of one workspace.

    - ``workspace``: folder holding the DuckDB file, settings, saved models and reports.
    - ``database``: a PostgreSQL URL (``postgresql://user@host:5432/db``); empty means the
      workspace's embedded DuckDB file.
    - ``timezone``: how timestamps without an offset in imported files are read.
    - ``currency``: the shop's currency, used when a file names none.
    """

    model_config = SettingsConfigDict(env_prefix="REGULARS_", extra="ignore")

    workspace: Path = Path("regulars-workspace")
    database: str | None = None
    timezone: str = "UTC"
    currency: str = "USD"

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}") from exc
        return value

    @field_validator("currency")
    @classmethod
    def _iso_currency(cls, value: str) -> str:
        if len(value) != 3 or not value.isalpha():
            raise ValueError(f"currency must be a 3-letter ISO code, not {value!r}")
        return value.upper()

    @property
    def database_url(self) -> str:
        """The URL the store connects to: the PostgreSQL URL or the workspace's DuckDB file."""
        if self.database:
            return self.database
        return _duckdb_url(self.workspace.absolute())  # absolute first: the working folder may change

    @property
    def is_embedded(self) -> bool:
        return not self.database


def load_settings(workspace: Path | str | None = None, database: str | None = None) -> Settings:
    """Settings for a workspace: explicit arguments win over environment, then the toml file."""
    explicit: dict = {}
    if workspace is not None:
        explicit["workspace"] = Path(workspace)
    if database:
        explicit["database"] = database
    try:
        base = Settings(**explicit)
        file_values = _read_settings_file(base.workspace / SETTINGS_FILE)
        env_or_explicit = base.model_dump(exclude_unset=True)
        return Settings(**{**file_values, **env_or_explicit})
    except ValueError as exc:
        raise ConfigError(f"invalid settings: {exc}") from exc


def _read_settings_file(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return {k: v for k, v in data.items() if k in Settings.model_fields}


def write_settings_file(settings: Settings) -> Path:
    """Write the workspace's ``regulars.toml`` (database URL left out: it may hold a password)."""
    path = settings.workspace / SETTINGS_FILE
    path.write_text(f'timezone = "{settings.timezone}"\ncurrency = "{settings.currency}"\n', encoding="utf-8")
    return path


@lru_cache(maxsize=256)
def _duckdb_url(workspace: Path) -> str:
    """The workspace's DuckDB file as an absolute URL (resolved once: it is read on every request)."""
    return f"duckdb://{(workspace / DUCKDB_FILE).resolve()}"
