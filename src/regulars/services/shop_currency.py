"""Changing the workspace currency while the dashboard runs: ``regulars currency set GBP`` (or the
service) writes ``currency`` in ``regulars.toml`` and moves the data version, and a running server
reads the file again when it changes (``refresh_currency``, on each request's workspace), so the
dashboard, API and report show the new currency without a restart. ``REGULARS_CURRENCY``, when
set, still wins."""

from __future__ import annotations

import os
import tomllib
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from regulars.errors import InputError
from regulars.services.workspace import Workspace
from regulars.settings import ENV_PREFIX, SETTINGS_FILE


def set_workspace_currency(ws: Workspace, currency: str) -> str:
    """Make ``currency`` (an ISO 4217 code) the workspace currency; returns it."""
    code = _code(currency)
    path = ws.path / SETTINGS_FILE
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = [ln for ln in text.splitlines() if not ln.lstrip("# ").startswith("currency")]
    path.write_text("\n".join([*kept, f'currency = "{code}"']) + "\n", encoding="utf-8")
    ws.settings = replace(ws.settings, currency=code)
    with ws.store.transaction():  # moves the data version: cached sums are recomputed
        pass
    return code


def refresh_currency(ws: Workspace) -> Workspace:
    """The workspace with the currency its ``regulars.toml`` names now (a stat while unchanged)."""
    if ENV_PREFIX + "CURRENCY" in {k.upper() for k in os.environ}:
        return ws
    path = ws.path / SETTINGS_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return ws
    code = _file_currency(path, stamp)
    if code and code != ws.settings.currency:
        ws.settings = replace(ws.settings, currency=code)
    return ws


@lru_cache(maxsize=64)
def _file_currency(path: Path, stamp: int) -> str | None:
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get("currency")
    except (OSError, tomllib.TOMLDecodeError):
        return None  # a file being written: the next request reads it
    try:
        return _code(value) if isinstance(value, str) else None
    except InputError:  # a bad code in the file: the server keeps its currency
        return None


def _code(value: str) -> str:
    from babel.numbers import is_currency

    code = str(value).strip().upper()
    if len(code) != 3 or not code.isalpha() or not is_currency(code):
        raise InputError(f"{value!r} is not an ISO 4217 currency code (e.g. EUR, GBP, JPY)")
    return code
