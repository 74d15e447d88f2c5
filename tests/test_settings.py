"""Settings: arguments win over REGULARS_* variables, which win over regulars.toml, then defaults;
bad values are a ConfigError naming the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from regulars.errors import ConfigError
from regulars.settings import FIELDS, Settings, load_settings, write_settings_file


@pytest.fixture(autouse=True)
def _no_regulars_environment(monkeypatch):
    for name in FIELDS:
        monkeypatch.delenv(f"REGULARS_{name.upper()}", raising=False)


def test_defaults_without_file_or_environment(tmp_path):
    s = load_settings(tmp_path / "ws")
    assert (s.workspace, s.database, s.timezone, s.currency) == (
        tmp_path / "ws",
        None,
        "UTC",
        "USD",
    )
    assert (
        s.is_embedded
        and s.database_url == f"duckdb://{(tmp_path / 'ws' / 'regulars.duckdb').resolve()}"
    )


def test_environment_wins_over_the_file_and_arguments_over_both(tmp_path, monkeypatch):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "regulars.toml").write_text(
        'timezone = "Asia/Tokyo"\ncurrency = "jpy"\n', encoding="utf-8"
    )
    assert (load_settings(ws).timezone, load_settings(ws).currency) == ("Asia/Tokyo", "JPY")
    monkeypatch.setenv("REGULARS_TIMEZONE", "Europe/Amsterdam")
    monkeypatch.setenv("REGULARS_DATABASE", "postgresql://env@host/db")
    s = load_settings(ws, "postgresql://arg@host/db")
    assert (s.timezone, s.currency, s.database) == (
        "Europe/Amsterdam",
        "JPY",
        "postgresql://arg@host/db",
    )
    assert not s.is_embedded and s.database_url == "postgresql://arg@host/db"


def test_the_workspace_named_by_the_environment_holds_the_file(tmp_path, monkeypatch):
    ws = tmp_path / "from-env"
    ws.mkdir()
    (ws / "regulars.toml").write_text('currency = "EUR"\n', encoding="utf-8")
    monkeypatch.setenv("REGULARS_WORKSPACE", str(ws))
    s = load_settings()
    assert (s.workspace, s.currency) == (ws, "EUR")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('timezone = "Mars/Olympus"', "unknown timezone 'Mars/Olympus'"),
        ('currency = "DOLLARS"', "3-letter ISO code"),
        ("currency = 840", "currency must be text"),
        ("timezone = [", "not valid TOML"),
    ],
)
def test_bad_values_are_a_config_error(tmp_path, toml, message):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "regulars.toml").write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(ws)


def test_the_written_file_reads_back_and_leaves_the_database_out(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    path = write_settings_file(
        Settings(
            workspace=ws,
            database="postgresql://u:secret@h/db",
            timezone="Asia/Tokyo",
            currency="eur",
        )
    )
    assert "secret" not in path.read_text(encoding="utf-8")
    s = load_settings(ws)
    assert (s.timezone, s.currency, s.database) == ("Asia/Tokyo", "EUR", None)
    assert isinstance(Settings(workspace="relative").workspace, Path)
