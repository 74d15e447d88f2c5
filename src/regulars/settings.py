"""The one settings object. Values come from (highest first): arguments, REGULARS_* environment
variables, the workspace's ``regulars.toml``, defaults.

A frozen dataclass read by hand rather than a pydantic-settings model: four fields do not need
it, and importing it cost every command (``regulars status`` included) about a tenth of a second.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from regulars.errors import ConfigError

SETTINGS_FILE = "regulars.toml"
DUCKDB_FILE = "regulars.duckdb"
ENV_PREFIX = "REGULARS_"


@dataclass(frozen=True)
class Settings:
    """Settings of one workspace.

    - ``workspace``: folder holding the DuckDB file, settings, saved models and reports.
    - ``database``: a PostgreSQL URL (``postgresql://user@host:5432/db``); empty means the
      workspace's embedded DuckDB file.
    - ``timezone``: how timestamps without an offset in imported files are read.
    - ``currency``: the shop's currency, used when a file names none.
    - ``date_order``: how the shop writes dates such as 03/02/2026 (``day-first`` or
      ``month-first``); empty: decided from each file, or asked when a file leaves it open.
    - ``retention``: months each table's rows are kept (``[retention]`` in ``regulars.toml``,
      e.g. ``events = 13``; ``REGULARS_RETENTION="events=13"``); applied by
      ``regulars retention apply``.
    - ``rejected_days``: days the rejected rows of uploads (``rejected/`` in the workspace) are
      kept before the next upload removes them; 0 keeps them.
    - ``secure_cookie``: when the dashboard's cookies are marked ``Secure``: ``auto`` (when the
      browser reached the server over HTTPS, directly or through a proxy sending
      ``X-Forwarded-Proto: https``), ``always`` or ``never``.
    - ``upload_limit_mib``: the largest file the API and the dashboard accept, in MiB (bigger
      files are imported with the CLI).
    - ``smtp``: where approved emails and alerts are sent, ``smtp://[user:password@]host[:port]``
      (``smtps://`` for TLS, ``?starttls=1`` to upgrade); empty: emails are written to a file for
      the shop's email tool instead.
    - ``email_from``: the sender of those emails.
    - ``webhook``: a URL that receives alerts (and audience sends that name no URL of their own)
      as a JSON POST.
    - ``alert_email``: who receives alerts by email (through ``smtp``).
    - ``watch``: folders ``regulars refresh`` imports new files from: ``[watch]`` in
      ``regulars.toml``, a table's name to a folder (``orders = "exports/orders"``) or to
      ``{ folder = "...", format = "shopify-orders" }``; ``REGULARS_WATCH="orders=exports/o"``.
    - ``personalised_prices``: ``off`` (the default: one price for everyone, offers only) or
      ``on`` (prices may differ by customer group; the disclosure customers must see is shown).
    - ``llm_url``: an OpenAI-compatible endpoint (``http://127.0.0.1:8080/v1`` for llama.cpp,
      Ollama's ``/v1``, or a hosted one) that rephrases the customer assistant's FAQ and catalog
      answers; empty (the default): no language model, the template answers. ``llm_model``: the
      model it names; ``llm_key``: its API key, if it needs one; ``llm_timeout``: seconds to wait.
    """

    workspace: Path = Path("regulars-workspace")
    database: str | None = None
    timezone: str = "UTC"
    currency: str = "USD"
    date_order: str = ""
    retention: tuple[tuple[str, int], ...] = ()
    rejected_days: int = 30
    secure_cookie: str = "auto"
    upload_limit_mib: int = 512
    smtp: str = ""
    email_from: str = ""
    webhook: str = ""
    alert_email: str = ""
    watch: tuple[tuple[str, str, str], ...] = ()
    personalised_prices: str = "off"
    llm_url: str = ""
    llm_model: str = ""
    llm_key: str = ""
    llm_timeout: float = 5.0

    def __post_init__(self) -> None:
        if self.date_order not in ("", "day-first", "month-first"):
            raise ValueError(
                f"date_order must be day-first or month-first, not {self.date_order!r}"
            )
        for name in (
            "database",
            "timezone",
            "currency",
            "smtp",
            "email_from",
            "webhook",
            "alert_email",
            "llm_url",
            "llm_model",
            "llm_key",
        ):
            value = getattr(self, name)
            if not isinstance(value, str) and not (name == "database" and value is None):
                raise ValueError(f"{name} must be text, not {value!r}")
        if not isinstance(self.workspace, str | os.PathLike):
            raise ValueError(f"workspace must be a folder name, not {self.workspace!r}")
        object.__setattr__(self, "workspace", Path(self.workspace))
        object.__setattr__(self, "timezone", _known_timezone(self.timezone))
        object.__setattr__(self, "currency", _iso_currency(self.currency))
        object.__setattr__(self, "retention", _retention(self.retention))
        object.__setattr__(self, "rejected_days", _whole_days(self.rejected_days))
        object.__setattr__(self, "secure_cookie", _secure_cookie(self.secure_cookie))
        object.__setattr__(self, "upload_limit_mib", _mebibytes(self.upload_limit_mib))
        object.__setattr__(self, "watch", _watch(self.watch))
        if self.personalised_prices not in ("off", "on"):
            raise ValueError(f"personalised_prices is off or on, not {self.personalised_prices!r}")
        _url(self.smtp, ("smtp", "smtps"), "smtp")
        _url(self.webhook, ("http", "https"), "webhook")
        _url(self.llm_url, ("http", "https"), "llm_url")
        object.__setattr__(self, "llm_timeout", _seconds(self.llm_timeout))

    @property
    def database_url(self) -> str:
        """The URL the store connects to: the PostgreSQL URL or the workspace's DuckDB file."""
        if self.database:
            return self.database
        return _duckdb_url(
            self.workspace.absolute()
        )  # absolute first: the working folder may change

    @property
    def is_embedded(self) -> bool:
        return not self.database


#: The names of the settings (each also read from the environment as REGULARS_<NAME>).
FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Settings))


def _known_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown timezone {value!r}") from exc
    return value


def _iso_currency(value: str) -> str:
    if len(value) != 3 or not value.isalpha():
        raise ValueError(f"currency must be a 3-letter ISO code, not {value!r}")
    return value.upper()


def _retention(value) -> tuple[tuple[str, int], ...]:
    """``{"events": 13}``, ``"events=13,feedback=24"`` or pairs: sorted (table, months) pairs."""
    if isinstance(value, str):
        value = dict(p.split("=", 1) for p in value.replace(" ", "").split(",") if "=" in p)
    pairs = dict(value).items() if not isinstance(value, dict) else value.items()
    found = []
    for table, months in pairs:
        if isinstance(months, bool) or not str(months).isdigit() or int(months) < 1:
            raise ValueError(f"retention of {table}: months must be a whole number >= 1")
        found.append((str(table), int(months)))
    return tuple(sorted(found))


def _whole_days(value) -> int:
    if isinstance(value, bool) or not str(value).strip().isdigit():
        raise ValueError(f"rejected_days must be a whole number of days >= 0, not {value!r}")
    return int(str(value).strip())


def _secure_cookie(value) -> str:
    """``auto``, ``always`` or ``never`` (a TOML true/false, or yes/no text, reads as the last
    two)."""
    text = str(value).strip().lower()
    text = {"true": "always", "yes": "always", "false": "never", "no": "never"}.get(text, text)
    if text not in ("auto", "always", "never"):
        raise ValueError(f"secure_cookie must be auto, always or never, not {value!r}")
    return text


def _seconds(value) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = -1.0
    if isinstance(value, bool) or not 0 < seconds <= 120:
        raise ValueError(f"llm_timeout must be seconds between 0 and 120, not {value!r}")
    return seconds


def _mebibytes(value) -> int:
    if isinstance(value, bool) or not str(value).strip().isdigit() or int(value) < 1:
        raise ValueError(f"upload_limit_mib must be a whole number >= 1, not {value!r}")
    return int(value)


def _watch(value) -> tuple[tuple[str, str, str], ...]:
    """``{"orders": "dir"}``, ``{"orders": {"folder": "dir", "format": "shopify-orders"}}``,
    ``"orders=dir,customers=dir2"`` or triples: sorted (table, folder, format) triples."""
    if isinstance(value, str):
        value = dict(p.split("=", 1) for p in value.split(",") if "=" in p)
    if isinstance(value, dict):
        value = [
            (t, v.get("folder", ""), v.get("format", "generic"))
            if isinstance(v, dict)
            else (t, v, "generic")
            for t, v in value.items()
        ]
    found = []
    for entry in value:
        if len(entry) != 3 or not all(isinstance(x, str) and x for x in entry):
            raise ValueError(f"watch: {entry!r} is not a table, a folder and a format")
        found.append(tuple(x.strip() for x in entry))
    return tuple(sorted(found))


def _url(value: str, schemes: tuple[str, ...], name: str) -> None:
    if value and value.split("://", 1)[0].lower() not in schemes or value.endswith("://"):
        raise ValueError(f"{name} must be a {' or '.join(s + '://' for s in schemes)} URL")


def load_settings(workspace: Path | str | None = None, database: str | None = None) -> Settings:
    """Settings for a workspace: explicit arguments win over environment, then the toml file."""
    given = _from_environment()
    if workspace is not None:
        given["workspace"] = Path(workspace)
    if database:
        given["database"] = database
    try:
        folder = Path(given.get("workspace", Settings.workspace))
        return Settings(**{**_read_settings_file(folder / SETTINGS_FILE), **given})
    except ValueError as exc:
        raise ConfigError(f"invalid settings: {exc}") from exc


def _from_environment() -> dict:
    """The REGULARS_<NAME> variables that are set (the name in any case, as pydantic read it)."""
    found = {key.upper(): value for key, value in os.environ.items()}
    return {name: found[key] for name in FIELDS if (key := ENV_PREFIX + name.upper()) in found}


def _read_settings_file(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return {k: v for k, v in data.items() if k in FIELDS}


def write_settings_file(settings: Settings, currency: bool = True) -> Path:
    """Write the workspace's ``regulars.toml`` (database URL left out: it may hold a password).
    Without ``currency`` the currency line is a comment: the first import sets it from the data."""
    path = settings.workspace / SETTINGS_FILE
    line = f'{"" if currency else "# "}currency = "{settings.currency}"'
    path.write_text(f'timezone = "{settings.timezone}"\n{line}\n', encoding="utf-8")
    return path


def currency_is_set(workspace: Path) -> bool:
    """Whether the owner chose the currency (``REGULARS_CURRENCY`` or ``regulars.toml``)."""
    return "currency" in _from_environment() or "currency" in _read_settings_file(
        Path(workspace) / SETTINGS_FILE
    )


@lru_cache(maxsize=256)
def _duckdb_url(workspace: Path) -> str:
    """The workspace's DuckDB file as an absolute URL (resolved once: it is read on every
    request)."""
    return f"duckdb://{(workspace / DUCKDB_FILE).resolve()}"
